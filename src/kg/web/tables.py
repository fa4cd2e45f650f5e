"""A SELECT answer made ready for a page: which columns are money, and a bar chart when
the answer is an aggregate (a label column, and a number column the query counts or sums)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.term import Node

from kg.store import QueryResult
from kg.web.display import NUMERIC, label_of, readable_amount, show

#: Variables that hold yuan: the saved queries name them so (?amount, ?totalYuan …).
_MONEY = re.compile(r"amount|yuan|money|fund|value_cny|cny", re.IGNORECASE)
#: Beyond this many bars a chart stops helping; the table is still there.
MAX_BARS = 30
BAR_WIDTH = 320
#: `(COUNT(…) AS ?x)` / `(SUM(…) AS ?x)`: the columns a chart may draw (one level of
#: nested parentheses inside, as in SUM(COALESCE(?v, 0))).
_AGGREGATE = re.compile(
    r"\(\s*(?:COUNT|SUM)\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+[?$]([A-Za-z0-9_]+)\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as shown (亿/万 for money)
    exact: str
    width: float
    y: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = 220
    bar_width: int = BAR_WIDTH


def visible_columns(variables: list[str]) -> list[int]:
    """Columns the page shows: `?xLabel` is left out when `?x` is there, since entities
    are already shown by their label (in the page's language); downloads keep every column.
    """
    names = set(variables)
    return [
        i
        for i, v in enumerate(variables)
        if not (v.endswith("Label") and v[: -len("Label")] in names)
    ]


def year_columns(variables: list[str]) -> set[str]:
    """Columns that hold a year (?year, ?startYear): an integer there is a year, shown as
    written (2021), not grouped like a count (2,021). A query may project a year as an
    integer because its year parameter is one (pyoxigraph substitution needs the same term)."""
    return {v for v in variables if v == "year" or v.endswith("Year")}


def as_year(term: Node | None) -> Node | None:
    """An integer year as the plain text a page shows (2021); anything else unchanged."""
    if isinstance(term, Literal) and term.datatype in NUMERIC and re.fullmatch(r"-?\d+", str(term)):
        return Literal(str(term))
    return term


def money_columns(variables: list[str], tags: list[str] | tuple[str, ...] = ()) -> set[str]:
    """Columns that hold yuan: named so (?money, ?amount …), or ?value in a money query."""
    money = {v for v in variables if _MONEY.search(v)}
    if "money" in tags:
        money |= {v for v in variables if v == "value"}
    return money


def aggregate_columns(sparql: str) -> set[str]:
    """Variables the query computes as a COUNT or a SUM: the figures a chart helps to
    compare (a line number or a year is a number too, but comparing them means nothing)."""
    return set(_AGGREGATE.findall(sparql))


def chart(
    result: QueryResult,
    lang: str,
    money: set[str] | None = None,
    values: set[str] | None = None,
) -> Chart | None:
    """A horizontal bar chart of one number column against the first label column.

    The number column is the first money column with values, else the first column whose
    values are all numbers, among `values` when given (see `aggregate_columns`); rows
    without a value there are left out. None when there is nothing to compare (no such
    column, one row, or more than MAX_BARS rows).
    """
    if result.kind != "select" or not 1 < len(result.rows) <= MAX_BARS:
        return None
    money = money_columns(result.variables) if money is None else money
    numeric = [
        i
        for i, name in enumerate(result.variables)
        if _numeric_column(result.rows, i) and (values is None or name in values)
    ]
    labels = [
        i
        for i in range(len(result.variables))
        if i not in numeric and all(r[i] is not None for r in result.rows)
    ]
    if not numeric or not labels:
        return None
    preferred = [i for i in numeric if result.variables[i] in money]
    value_col, label_col = (preferred or numeric)[0], labels[0]
    name = result.variables[value_col]
    rows = [row for row in result.rows if row[value_col] is not None]
    values = [_number(row[value_col]) for row in rows]
    top = max(values)
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        width = float(value / top * BAR_WIDTH) if top > 0 else 0.0
        text = readable_amount(value, lang) if name in money else show(row[value_col]).text
        bars.append(
            Bar(
                _label(row[label_col]),
                value,
                text,
                str(row[value_col]),
                round(width, 1),
                26 * i + 6,
            )
        )
    # Room for the longest label (12px type: about 13 px per CJK character).
    widest = max(len(b.label) for b in bars)
    return Chart(name, bars, 26 * len(bars) + 12, label_width=min(240, 13 * widest + 16))


def _label(term: Node | None) -> str:
    if term is None:
        return "—"
    if isinstance(term, Literal):
        return str(term)
    return label_of(term)


def _numeric_column(rows: list[tuple], i: int) -> bool:
    """Every bound value a number, and at least two of them."""
    values = [r[i] for r in rows if r[i] is not None]
    return len(values) > 1 and all(isinstance(v, Literal) and v.datatype in NUMERIC for v in values)


def _number(term: Node | None) -> Decimal:
    try:
        return Decimal(str(term))
    except InvalidOperation:
        return Decimal(0)
