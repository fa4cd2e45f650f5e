"""Every saved query in queries/ against its golden answer in tests/golden/<id>.yaml.

The golden answers are written from the article (data/sources/zgjsb-2022-01-24.txt), not
by running the queries: a failure means the query or the data disagrees with the article.
Each golden file holds one or more cases::

    cases:
      - name: what the case checks          # optional
        params: {place: hongan-county}      # raw values, as a user would type them
        columns: [assistantLabel, roleLabel] # compared columns (default: all, in order)
        graph: fixture                      # optional: run on tests/fixtures/queries/
        rows:
          - [住房保障司, 组长单位]
        xfail: why the data disagrees       # optional: a known data problem, reported

Cells are written as IRIs in prefixed form (`id:hongan-county`), numbers as numbers,
other literals as their text (language tags are not compared), `null` for unbound. Rows are
compared as a list when the query has a top-level ORDER BY, else as a set.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.labels import qname
from kg.queries import Catalog, load_catalog
from kg.store import ENGINES, Store, open_store

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
FIXTURE = Path(__file__).parent / "fixtures" / "queries"
CASE_KEYS = {"name", "params", "columns", "graph", "rows", "xfail"}


def _catalog() -> Catalog:
    return load_catalog(ROOT)


def _golden(query_id: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((GOLDEN / f"{query_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"cases"}, f"{query_id}.yaml: only `cases:`"
    cases = data["cases"]
    assert isinstance(cases, list) and cases, f"{query_id}.yaml: no cases"
    for case in cases:
        assert set(case) <= CASE_KEYS and "rows" in case, f"{query_id}.yaml: bad case {case}"
    return cases


def _golden_cases() -> list[Any]:
    """One pytest param per case; `xfail: reason` marks a known disagreement with the data
    (strict, so the mark must go once the data or the query is fixed)."""
    params = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        for index, case in enumerate(_golden(path.stem)):
            marks = (
                [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            )
            params.append(pytest.param(path.stem, index, marks=marks, id=f"{path.stem}-{index}"))
    return params


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _catalog()


@pytest.fixture(scope="module", params=ENGINES)
def stores(request: pytest.FixtureRequest) -> dict[str, Store]:
    return {
        "project": open_store(ROOT, request.param),
        "fixture": open_store(FIXTURE, request.param),
    }


def test_every_query_has_a_golden_case_and_every_golden_case_a_query(catalog: Catalog) -> None:
    queries = {q.id for q in catalog.queries}
    golden = {p.stem for p in GOLDEN.glob("*.yaml")}
    assert sorted(queries - golden) == [], "saved queries without a golden answer"
    assert sorted(golden - queries) == [], "golden answers without a saved query"


def test_there_are_at_least_25_saved_queries(catalog: Catalog) -> None:
    assert len(catalog.queries) >= 25


def test_every_query_has_both_languages_and_tags(catalog: Catalog) -> None:
    for query in catalog.queries:
        assert set(query.title) == {"zh", "en"} and set(query.description) == {"zh", "en"}, query.id
        assert query.tags, f"{query.id}: no tags"


@pytest.mark.parametrize(("query_id", "index"), _golden_cases())
def test_golden_answer(
    catalog: Catalog, stores: dict[str, Store], query_id: str, index: int
) -> None:
    case = _golden(query_id)[index]
    query = catalog.get(query_id)
    store = stores[case.get("graph", "project")]
    params = {k: str(v) for k, v in (case.get("params") or {}).items()}
    result = catalog.run(query_id, params, store)
    columns = case.get("columns") or result.variables
    missing = [c for c in columns if c not in result.variables]
    assert not missing, f"{query_id}: golden columns {missing} not in {result.variables}"
    where = [result.variables.index(c) for c in columns]
    got = [tuple(_cell(row[i]) for i in where) for row in result.rows]
    expected = [tuple(_expected(v) for v in row) for row in case["rows"]]
    assert all(len(row) == len(columns) for row in expected), f"{query_id}: row width"
    if query.ordered:
        assert got == expected
    else:
        assert sorted(set(got), key=repr) == sorted(set(expected), key=repr)


def _cell(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return qname(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float | Decimal):
            return _number(value)
        return str(term)
    return f"_:{term}"


def _expected(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _number(value: int | float | Decimal) -> int | float:
    # 1.9亿 is 190000000.0 as xsd:decimal and 190000000 in a golden file: the same number.
    number = float(value)
    return int(number) if number.is_integer() else number
