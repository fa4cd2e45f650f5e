"""The real catalogue in queries/: every file loads, declares what it uses, runs on both
engines, and refuses values that do not fit, whatever they contain."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.queries import Catalog, ParameterError, load_catalog, query_variables
from kg.store import ENGINES, Store, open_store

ROOT = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(ROOT)
IDS = [q.id for q in CATALOG.queries]

INJECTIONS = [
    '"} UNION { ?s ?p ?o } #',
    "') } UNION { ?s ?p ?o } #",
    '" ) ) } SELECT * WHERE { ?s ?p ?o } #',
    "}}}} ;; DROP ALL",
    '\\" } UNION {',
]


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Store:
    return open_store(ROOT, request.param)


def test_every_query_id_is_its_file_stem_and_kebab_case() -> None:
    for query in CATALOG.queries:
        assert query.path.name == f"{query.id}.rq"
        assert query.path.parent == ROOT / "queries"


@pytest.mark.parametrize("query_id", IDS)
def test_every_column_a_page_shows_has_a_label_in_both_languages(query_id: str) -> None:
    from rdflib.plugins.sparql import prepareQuery

    from kg.web.tables import visible_columns

    query = CATALOG.get(query_id)
    if query.kind != "select":
        return
    projected = [str(v) for v in prepareQuery(query.text).algebra["PV"]]
    shown = [projected[i] for i in visible_columns(projected)]
    unlabelled = [v for v in shown if v not in query.columns]
    assert unlabelled == [], f"{query.path.name}: give these columns labels in `#+ columns:`"


@pytest.mark.parametrize("query_id", IDS)
def test_every_query_declares_each_parameter_it_uses(query_id: str) -> None:
    query = CATALOG.get(query_id)
    variables = query_variables(query.text)
    declared = {p.name for p in query.parameters}
    written_as_parameters = {name for name, (dollar, _) in variables.items() if dollar}
    assert written_as_parameters == declared
    assert query.text.lstrip().startswith("#+ title")
    for prefix in ("dra:", "schema:", "rdfs:", "org:", "dcterms:", "skos:"):
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        if prefix in body:
            assert f"PREFIX {prefix} <" in body, f"{query_id} uses {prefix} without PREFIX"


@pytest.mark.parametrize("query_id", IDS)
def test_every_query_runs_or_asks_for_its_required_parameters(store: Store, query_id: str) -> None:
    query = CATALOG.get(query_id)
    required = [p.name for p in query.parameters if p.required]
    if required:
        with pytest.raises(ParameterError) as caught:
            CATALOG.run(query_id, {}, store)
        assert caught.value.parameter == required[0]
    else:
        result = CATALOG.run(query_id, {}, store)
        assert result.kind == "select"
        assert result.variables[: len(query.parameters)] == [p.name for p in query.parameters]


LITERAL_PARAMETERS = [
    (q.id, p.name) for q in CATALOG.queries for p in q.parameters if p.type == "literal"
]


@pytest.mark.parametrize(("query_id", "name"), LITERAL_PARAMETERS)
@pytest.mark.parametrize("value", INJECTIONS)
def test_a_text_value_cannot_change_a_saved_query(
    store: Store, query_id: str, name: str, value: str
) -> None:
    # None of these strings occurs in the graph: taken as text they match nothing, where an
    # injected UNION or SELECT * would match everything.
    result = CATALOG.run(query_id, {name: value}, store)
    assert result.rows == []


IRI_PARAMETERS = [
    (q.id, p.name)
    for q in CATALOG.queries
    for p in q.parameters
    if p.type == "iri" and URIRef("http://www.w3.org/2000/01/rdf-schema#Resource") not in p.classes
]


@pytest.mark.parametrize(("query_id", "name"), IRI_PARAMETERS)
def test_an_iri_parameter_refuses_a_value_of_another_class(
    store: Store, query_id: str, name: str
) -> None:
    # A source sentence is of none of the classes the saved queries ask for.
    with pytest.raises(ParameterError) as caught:
        CATALOG.bind(query_id, {name: "zgjsb-2022-01-24-s01"}, store)
    assert caught.value.parameter == name
    assert "is not a" in caught.value.message_en


@pytest.mark.parametrize(("query_id", "name"), IRI_PARAMETERS)
@pytest.mark.parametrize("value", INJECTIONS)
def test_an_iri_parameter_refuses_injection(
    store: Store, query_id: str, name: str, value: str
) -> None:
    with pytest.raises(ParameterError, match="not an IRI"):
        CATALOG.bind(query_id, {name: value}, store)


@pytest.mark.parametrize(("query_id", "name"), IRI_PARAMETERS)
def test_every_iri_parameter_offers_choices_from_the_data(
    store: Store, query_id: str, name: str
) -> None:
    parameter = CATALOG.get(query_id).parameter(name)
    assert parameter is not None
    choices = parameter.choices(store)
    assert choices, f"{query_id}: no value in the graph for {name}"
    # Every offered choice is accepted: the drop-down never offers what bind refuses.
    for choice in choices[:5]:
        assert CATALOG.bind(query_id, {name: str(choice.iri)}, store) == {name: choice.iri}


def test_the_catalogue_is_the_one_the_cli_and_site_load() -> None:
    assert isinstance(CATALOG, Catalog)
    assert len(CATALOG) == len(list((ROOT / "queries").glob("*.rq")))


SAMPLE_TEXT = {"literal": "村", "langliteral": "红安县", "integer": "2021", "date": "2021-06-01"}


@pytest.fixture(scope="module")
def both() -> dict[str, Store]:
    return {engine: open_store(ROOT, engine) for engine in ENGINES}


def _comparable(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return float(value)
        # GROUP_CONCAT joins in whatever order the engine met the values.
        return "、".join(sorted(str(term).split("、")))
    return str(term)


@pytest.mark.parametrize(
    ("every_parameter", "choice"),
    [(False, 0), (True, 0), (True, -1)],
    ids=["required", "all-first-choice", "all-last-choice"],
)
@pytest.mark.parametrize("query_id", IDS)
def test_both_engines_give_the_same_answer(
    both: dict[str, Store], query_id: str, every_parameter: bool, choice: int
) -> None:
    # Optional parameters left unbound, then all bound (to the first and to the last value
    # the form offers, which often matches nothing): every path must agree.
    query = CATALOG.get(query_id)
    oxigraph, memory = both["oxigraph"], both["memory"]
    values = {}
    for p in query.parameters:
        if p.required or every_parameter:
            values[p.name] = (
                str(p.choices(oxigraph)[choice].iri) if p.type == "iri" else SAMPLE_TEXT[p.type]
            )
    answers = []
    for store in (oxigraph, memory):
        result = CATALOG.run(query_id, values, store)
        answers.append([tuple(_comparable(t) for t in row) for row in result.rows])
    if query.ordered:
        assert answers[0] == answers[1]
    else:
        assert sorted(answers[0], key=repr) == sorted(answers[1], key=repr)
