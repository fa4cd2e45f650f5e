"""A SELECT answer made ready for a page: which columns are money, and a bar chart when
the answer is an aggregate (one label column, one number column)."""

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


def money_columns(variables: list[str]) -> set[str]:
    return {v for v in variables if _MONEY.search(v)}


def chart(result: QueryResult, lang: str) -> Chart | None:
    """A horizontal bar chart for an aggregate answer, else None.

    An aggregate here: every row has a number in one column (the first numeric one) and
    the rows are told apart by a non-numeric column (the first one); at most MAX_BARS rows.
    """
    if result.kind != "select" or not result.rows or len(result.rows) > MAX_BARS:
        return None
    numeric = [i for i, _ in enumerate(result.variables) if _all_numeric(result.rows, i)]
    labels = [i for i in range(len(result.variables)) if i not in numeric]
    if not numeric or not labels:
        return None
    value_col, label_col = numeric[0], labels[0]
    name = result.variables[value_col]
    money = name in money_columns(result.variables)
    values = [_number(row[value_col]) for row in result.rows]
    top = max(values) if values else Decimal(0)
    bars = []
    for i, (row, value) in enumerate(zip(result.rows, values, strict=True)):
        term = row[label_col]
        width = float(value / top * BAR_WIDTH) if top > 0 else 0.0
        text = readable_amount(value, lang) if money else show(row[value_col]).text
        bars.append(
            Bar(_label(term), value, text, str(row[value_col]), round(width, 1), 26 * i + 6)
        )
    return Chart(name, bars, 26 * len(bars) + 12)


def _label(term: Node | None) -> str:
    if term is None:
        return "—"
    if isinstance(term, Literal):
        return str(term)
    return label_of(term)


def _all_numeric(rows: list[tuple], i: int) -> bool:
    return all(isinstance(r[i], Literal) and r[i].datatype in NUMERIC for r in rows)


def _number(term: Node | None) -> Decimal:
    try:
        return Decimal(str(term))
    except InvalidOperation:
        return Decimal(0)
