"""The endpoint guards: only read-only queries that stay inside our store get through.

Decided on the parsed query (rdflib's SPARQL parser and algebra), never by searching the
text, and before any engine sees it — pyoxigraph runs ``SERVICE`` through its own native
HTTP client, which no Python hook can intercept. Refused:

- updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``CREATE``, ``DROP`` …): the endpoint
  is read-only (``LOAD`` would also fetch a URL);
- ``SERVICE`` anywhere — nested, in a subquery, inside ``EXISTS``/``NOT EXISTS`` in a filter;
- every ``FROM`` and ``FROM NAMED``: our store has one default graph, the union of all the
  data, and every query runs on it. A graph name can only point outside the store (rdflib
  would dereference it) or narrow the data in a way no page needs, so none is accepted —
  the protocol's ``default-graph-uri``/``named-graph-uri`` are refused the same way;
- anything the guard cannot parse: what it cannot read, it cannot vouch for.

``\\u`` escapes: SPARQL allows ``\\uXXXX``/``\\UXXXXXXXX`` anywhere in a query, keywords
included (SPARQL 1.1 §19.2, applied before parsing), so ``SERVI\\u0043E`` is ``SERVICE``. The
engines disagree: rdflib expands escapes everywhere but greedily (``\\u`` + 8 hex digits),
pyoxigraph only inside strings and IRIs. Text that means one thing to the guard and another
to the engine could smuggle a ``SERVICE`` past it, so the guard expands escapes itself, once,
by the spec, refuses text where an escape would produce another escape, and hands back the
expanded text in `CheckedQuery.text`: that text — free of escapes, so every parser reads it
alike — is what callers must run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.store import QueryError

Kind = Literal["select", "ask", "construct", "describe"]
Reason = Literal["syntax", "update", "service", "dataset", "escape"]

_KINDS: dict[str, Kind] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}

# SPARQL 1.1 §19.2: \u takes exactly four hex digits, \U exactly eight.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What rdflib would still expand (it reads \u and \U alike, with four or eight digits).
_LEFTOVER_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")


class GuardError(QueryError):
    """A query the endpoint refuses; `message` is for the user (zh / en)."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        reason: Reason = "syntax",
    ) -> None:
        super().__init__(message, line, column)
        self.reason = reason


@dataclass(frozen=True)
class CheckedQuery:
    """A query the guards accept; run `text` (escapes expanded), not the original."""

    text: str
    kind: Kind

    @property
    def returns_graph(self) -> bool:
        return self.kind in ("construct", "describe")


def check_query(text: str) -> CheckedQuery:
    """Parse `text` and refuse what a read-only, closed endpoint must not run.

    Raises GuardError with the reason, and the parser's line and column for syntax errors.
    """
    # Saved and page queries repeat with different bindings: parse each text once. Long
    # texts are not kept, so the cache stays small whatever clients send.
    if len(text) <= CACHED_TEXT_LIMIT:
        return _check_cached(text)
    return _check(text)


#: Queries up to this many characters are remembered once checked.
CACHED_TEXT_LIMIT = 20_000


@lru_cache(maxsize=512)
def _check_cached(text: str) -> CheckedQuery:
    return _check(text)


def _check(text: str) -> CheckedQuery:
    expanded = expand_escapes(text)
    try:
        parsed = parseQuery(expanded)
    except ParseException as error:
        _refuse_update_or_syntax(expanded, error)
    except RecursionError:
        # pyparsing descends some twenty frames per nested bracket.
        raise GuardError(
            "查询嵌套过深，无法检查 / the query is nested too deeply to be checked",
            reason="syntax",
        ) from None
    for node in _walk(parsed):
        _refuse_node(node)
    try:
        query = translateQuery(parsed)
    except Exception as error:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise GuardError(
            f"查询无法解析 / the query does not parse: {error}", reason="syntax"
        ) from None
    for node in _walk(query.algebra):
        _refuse_node(node)
    return CheckedQuery(expanded, _KINDS[query.algebra.name])


def expand_escapes(text: str) -> str:
    """Apply SPARQL's `\\uXXXX` / `\\UXXXXXXXX` escapes once, as the spec does before parsing."""

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
            raise GuardError(
                f"无效的 Unicode 转义 {match[0]} / {match[0]} is not a valid Unicode escape",
                *_position(text, match.start()),
                reason="escape",
            )
        return chr(code)

    expanded = _ESCAPE.sub(expand, text)
    leftover = _LEFTOVER_ESCAPE.search(expanded)
    if leftover is not None:
        raise GuardError(
            f"转义序列展开后又成为转义序列（{leftover[0]}），无法确定含义 / "
            f"an escape expands into another escape ({leftover[0]}), which engines read "
            "differently",
            reason="escape",
        )
    return expanded


def _refuse_update_or_syntax(text: str, error: ParseException) -> None:
    try:
        parseUpdate(text)
    except ParseException:
        raise GuardError(
            f"查询无法解析 / the query does not parse: {error.msg}",
            error.lineno,
            error.col,
            reason="syntax",
        ) from None
    raise GuardError(
        "这是只读端点，不接受 SPARQL 更新（INSERT、DELETE、LOAD、CLEAR 等） / "
        "read-only endpoint: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, …) are refused",
        reason="update",
    )


def _refuse_node(node: CompValue) -> None:
    if node.name == "ServiceGraphPattern":
        raise GuardError(
            "不允许 SERVICE：本服务不会查询其他端点 / "
            "SERVICE is not allowed: this endpoint never queries other endpoints",
            reason="service",
        )
    if node.name == "DatasetClause":
        raise GuardError(
            "不允许 FROM / FROM NAMED：查询总是在整个图谱（全部数据的并集）上运行 / "
            "FROM and FROM NAMED are not allowed: every query runs on the whole graph "
            "(the union of all the data)",
            reason="dataset",
        )


def _walk(root: Any) -> Iterator[CompValue]:
    """Every CompValue in a parse tree or algebra, however deeply nested (no recursion)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(dict.values(node))  # raw values: CompValue.__getitem__ evaluates
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple | set | frozenset):
            stack.extend(node)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
