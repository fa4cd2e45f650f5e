"""Saved queries: the catalogue of `queries/*.rq`, their parameters, binding and running.

Each saved query is one `.rq` file whose stem is its id (and its URL). Its metadata sits in a
grlc-style header of `#+ ` YAML comment lines at the very top, so the file stays plain SPARQL
that any tool can run::

    #+ title: {zh: 帮扶某地的工作组, en: Groups assisting a place}
    #+ description: {zh: …, en: …}
    #+ tags: [groups]
    #+ parameters:
    #+   - name: place
    #+     type: iri            # iri | literal | langliteral | integer | date
    #+     class: dra:County    # iri only: the class values must have (subclasses count);
    #+                          # a list [dra:Department, dra:Association] for any of them,
    #+                          # rdfs:Resource for any IRI the graph describes
    #+     required: false      # default false; an optional parameter left empty stays unbound
    #+     default: hongan-county
    #+     lang: zh             # langliteral only: the language tag given to the value
    #+     label: {zh: 地方, en: Place}
    #+     description: {zh: …, en: …}
    #+ columns:                 # optional: headers people read instead of variable names
    #+   place: {zh: 地方, en: Place}   # each a projected variable, both languages
    #+   group: {zh: 帮扶组, en: Assistance group}
    #+   kind: {zh: 类型, en: Kind, values: {in: {zh: 入, en: in}}}  # names of codes
    PREFIX dra: <https://dra.example.org/ontology#>
    SELECT ?place ?group WHERE { … }

The loader is strict, because a query that silently disappears is worse than one that fails
(grlc's users' top complaint): malformed YAML, an unknown or duplicate key, a missing title,
a declared parameter the query does not use, a `$name` variable that is not declared, a
parameter missing from the SELECT projection (pyoxigraph's SEP-0007 substitution needs it
there), a `columns:` entry that is not a projected variable or lacks zh or en, `BOUND()` on a parameter (pyoxigraph answers false for a substituted variable, rdflib
true: write `COALESCE(test, true)` for an optional filter), or a query either engine cannot
parse is a `QueryDefinitionError(file, line, message)`. Queries are parsed once, at load.

Write parameters as `$name` in the query text: SPARQL reads `$x` and `?x` as one variable,
and the `$` tells the reader (and the loader) which variables come from the user.

Values are never formatted into the text: `Catalog.bind` checks each raw string against its
type and returns rdflib terms for the store's `bindings=` (rdflib initBindings, pyoxigraph
substitutions). An IRI parameter takes a full IRI, a prefixed name (`id:slug`,
`dra:UnitHousehold`) or a bare `id:` slug, and the value must exist in the graph with the
declared class. Lists are not supported (they would need `VALUES`).

API (used by the CLI and the site):

- `load_catalog(root) -> Catalog` reads `root/queries/*.rq` (sorted by id).
- `Catalog.queries` (ordered list of `SavedQuery`), `Catalog.get(id)` (raises `UnknownQuery`).
- `Catalog.bind(id, raw, store) -> dict[str, Node]`, raising `ParameterError(parameter,
  message_zh, message_en)`; `Catalog.run(id, raw, store, max_rows=None) -> QueryResult`.
- `SavedQuery`: id, title/description (dicts by language), tags, parameters, text, path,
  kind ("select" | "ask" | "construct" | "describe"), ordered (has a top-level ORDER BY),
  columns (variable → {zh, en}), column_values (variable → code → {zh, en});
  `SavedQuery.column_label(variable, lang)` for a header.
- `Parameter`: name, type, classes (`cls` when there is one), required, default, lang,
  label/description dicts; `Parameter.choices(store) -> list[Choice]` (iri, label_zh,
  label_en), sorted by zh label, for a form's drop-down; `Parameter.convert(raw, store)`.
- `QueryDefinitionError(file, line, message)`; `UnknownQuery(query_id, known)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from kg.query_header import QueryDefinitionError, read_header
from kg.query_params import Choice, Parameter, ParameterError, parse_iri
from kg.store import QueryResult, Store

__all__ = [
    "Catalog",
    "Choice",
    "Parameter",
    "ParameterError",
    "QueryDefinitionError",
    "SavedQuery",
    "UnknownQuery",
    "load_catalog",
    "load_query",
    "parse_iri",
    "query_variables",
]


class UnknownQuery(KeyError):
    """No saved query has this id."""

    def __init__(self, query_id: str, known: list[str]) -> None:
        super().__init__(query_id)
        self.query_id = query_id
        self.known = known

    def __str__(self) -> str:
        return f"no saved query {self.query_id!r} (see `kg queries`)"


@dataclass(frozen=True)
class SavedQuery:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    tags: list[str]
    parameters: list[Parameter]
    text: str
    path: Path
    kind: str
    ordered: bool
    #: Result column headers: variable → {zh, en} (the header's `columns:`).
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Readable names of a column's code values: variable → value → {zh, en}.
    column_values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def column_label(self, variable: str, lang: str) -> str:
        """The header a person reads for `?variable`: its `columns:` label; for an
        unlabelled `?xLabel` twin, the label of `?x` followed by "name"; else the name."""
        labels = self.columns.get(variable)
        if labels:
            return labels[lang]
        base = variable[: -len("Label")] if variable.endswith("Label") else ""
        if base and base in self.columns:
            return self.columns[base][lang] + ("名称" if lang == "zh" else " (name)")
        return variable


class Catalog:
    """The saved queries of one project, loaded and checked once."""

    def __init__(self, queries: list[SavedQuery]) -> None:
        self.queries = queries
        self._by_id = {q.id: q for q in queries}

    def __len__(self) -> int:
        return len(self.queries)

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(self.queries)

    def get(self, query_id: str) -> SavedQuery:
        try:
            return self._by_id[query_id]
        except KeyError:
            raise UnknownQuery(query_id, list(self._by_id)) from None

    def bind(self, query_id: str, raw: Mapping[str, str], store: Store) -> dict[str, Node]:
        """Check raw values (name → text) against the query's parameters; terms to bind.

        An empty or missing value takes the default, stays unbound if the parameter is
        optional, and is refused if it is required. Unknown names are refused too: a typo
        must not silently run the query unfiltered.
        """
        query = self.get(query_id)
        for name in raw:
            if query.parameter(name) is None:
                known = ", ".join(p.name for p in query.parameters) or "无 / none"
                raise ParameterError(
                    name,
                    f"查询 {query.id} 没有参数 {name}（可用：{known}）",
                    f"query {query.id} has no parameter {name!r} (known: {known})",
                )
        bindings: dict[str, Node] = {}
        for parameter in query.parameters:
            value = (raw.get(parameter.name) or "").strip() or parameter.default
            if not value:
                if parameter.required:
                    raise ParameterError(
                        parameter.name,
                        f"缺少必填参数 {parameter.name}（{parameter.label.get('zh', '')}）",
                        f"missing required parameter {parameter.name!r} "
                        f"({parameter.label.get('en', '')})",
                    )
                continue
            bindings[parameter.name] = parameter.convert(value, store)
        return bindings

    def run(
        self,
        query_id: str,
        raw: Mapping[str, str],
        store: Store,
        *,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Bind `raw` and run the saved query on `store`."""
        bindings = self.bind(query_id, raw, store)
        return store.query(self.get(query_id).text, bindings, max_rows=max_rows)


def load_catalog(root: Path) -> Catalog:
    """Every `root/queries/*.rq`, checked; the first bad file raises QueryDefinitionError."""
    folder = root / "queries"
    paths = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    return Catalog([load_query(path, display_name=_display(path, root)) for path in paths])


def load_query(path: Path, display_name: str | None = None) -> SavedQuery:
    """One saved query from its file, or QueryDefinitionError naming file and line."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise QueryDefinitionError(name, None, f"not UTF-8 text: {error.reason}") from None
    except OSError as error:
        raise QueryDefinitionError(name, None, f"cannot read file: {error.strerror}") from None
    return parse_query(text, path, name)


def parse_query(text: str, path: Path, name: str | None = None) -> SavedQuery:
    """Parse one saved query's text (`name` is how errors call it)."""
    name = name or str(path)
    query_id = path.stem
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", query_id):
        raise QueryDefinitionError(
            name, None, f"file name {path.name!r} is not kebab-case (the stem is the query's id)"
        )
    header = read_header(text, name)
    body_vars = query_variables(text)
    parsed = _check_sparql(text, name, header.parameters)
    for parameter, line in zip(header.parameters, header.parameter_lines, strict=True):
        if parameter.name not in body_vars:
            raise QueryDefinitionError(
                name,
                line,
                f"parameter {parameter.name!r} is declared but the query never uses "
                f"${parameter.name}",
            )
        if parsed.projection is not None and parameter.name not in parsed.projection:
            raise QueryDefinitionError(
                name,
                line,
                f"parameter {parameter.name!r} must be in the SELECT projection "
                f"(pyoxigraph binds only projected variables; add ?{parameter.name}, and "
                "GROUP BY it in an aggregate)",
            )
    for variable, line in header.column_lines.items():
        if parsed.projection is None:
            raise QueryDefinitionError(
                name, line, f"columns: only a SELECT query has columns (this is {parsed.kind})"
            )
        if variable not in parsed.projection:
            raise QueryDefinitionError(
                name,
                line,
                f"column {variable!r} is not in the SELECT projection "
                f"(projected: {', '.join(sorted(parsed.projection))})",
            )
    declared = {p.name for p in header.parameters}
    for variable, line in bound_tests(text).items():
        if variable in declared:
            # pyoxigraph answers BOUND(?x) = false for a substituted ?x; rdflib says true.
            raise QueryDefinitionError(
                name,
                line,
                f"BOUND(${variable}) on a parameter: the engines disagree once it is bound; "
                f"write COALESCE(<test using ${variable}>, true) for an optional filter",
            )
    for variable, (dollar_line, _) in body_vars.items():
        if dollar_line is not None and variable not in declared:
            raise QueryDefinitionError(
                name,
                dollar_line,
                f"${variable} looks like a parameter but the header does not declare it "
                f"(declare it, or write ?{variable})",
            )
    return SavedQuery(
        id=query_id,
        title=header.title,
        description=header.description,
        tags=header.tags,
        parameters=header.parameters,
        text=text,
        path=path,
        kind=parsed.kind,
        ordered=parsed.ordered,
        columns=header.columns,
        column_values=header.column_values,
    )


# Comments, strings and IRIs are skipped so a `?x` inside them is not taken for a variable.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<bound>\bBOUND\s*\(\s*[?$](?P<bound_var>[A-Za-z0-9_\u00b7\u00c0-\uffff]+))
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def bound_tests(text: str) -> dict[str, int]:
    """Variables tested with BOUND(…): name → first line."""
    found: dict[str, int] = {}
    for match in _TOKENS.finditer(text):
        if match.group("bound"):
            found.setdefault(match.group("bound_var"), text.count("\n", 0, match.start()) + 1)
    return found


def query_variables(text: str) -> dict[str, tuple[int | None, int]]:
    """Variables of a query: name → (first line written `$name` or None, first line)."""
    found: dict[str, tuple[int | None, int]] = {}
    for match in _TOKENS.finditer(text):
        token = match.group("var")
        if match.group("bound"):
            # Keep the sigil: BOUND($x) still writes $x.
            token = text[match.start("bound_var") - 1 : match.end("bound_var")]
        if not token:
            continue
        line = text.count("\n", 0, match.start()) + 1
        var = token[1:]
        dollar, first = found.get(var, (None, line))
        if token[0] == "$" and dollar is None:
            dollar = line
        found[var] = (dollar, first)
    return found


@dataclass(frozen=True)
class _Parsed:
    kind: str
    ordered: bool
    projection: set[str] | None  # None: not a SELECT, any variable may be bound


def _check_sparql(text: str, name: str, parameters: list[Parameter]) -> _Parsed:
    """Parse with both engines' parsers, so a query that one of them refuses fails at load."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text)
    except ParseException as error:
        raise QueryDefinitionError(
            name, error.lineno, f"SPARQL does not parse (column {error.col}): {error.msg}"
        ) from None
    except Exception as error:  # rdflib's algebra translation raises bare Exceptions
        raise QueryDefinitionError(name, None, f"SPARQL is not valid: {error}") from None
    algebra = prepared.algebra
    kinds = {
        "SelectQuery": "select",
        "AskQuery": "ask",
        "ConstructQuery": "construct",
        "DescribeQuery": "describe",
    }
    kind = kinds[algebra.name]
    projection = {str(v) for v in algebra.get("PV", [])} if kind == "select" else None
    try:
        # An empty store evaluates nothing; it only runs pyoxigraph's parser and its
        # substitution check on the same text the store will get.
        ox.Store().query(
            text,
            substitutions={
                ox.Variable(p.name): ox.NamedNode("urn:kg:check")
                for p in parameters
                if projection is None or p.name in projection
            },
        )
    except SyntaxError as error:
        # pyoxigraph puts the position only inside the message ("error at 2:9: ...").
        match = re.match(r"error at (\d+):(\d+): ", error.msg)
        line = int(match[1]) if match else None
        message = error.msg[match.end() :] if match else error.msg
        raise QueryDefinitionError(
            name, line, f"SPARQL does not parse with pyoxigraph: {message}"
        ) from None
    except (RuntimeError, ValueError, OSError) as error:
        raise QueryDefinitionError(name, None, f"pyoxigraph refuses the query: {error}") from None
    return _Parsed(kind, _has_order_by(algebra["p"]), projection)


def _has_order_by(node: Any) -> bool:
    # The modifiers wrap the pattern as Slice(Distinct(Project(OrderBy(…)))): look only
    # through those, so an ORDER BY inside a subquery does not count.
    while node is not None and getattr(node, "name", None) in (
        "Slice",
        "Distinct",
        "Reduced",
        "Project",
        "OrderBy",
    ):
        if node.name == "OrderBy":
            return True
        node = node.get("p")
    return False


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
