"""/sparql through Flask's test client: every protocol form, format and error, on both engines."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import ID
from kg.queries import load_catalog
from kg.results import SPARQL_RESULTS_NS

SITE = Path(__file__).parent / "fixtures" / "site"
SAVED = Path(__file__).parent / "fixtures" / "queries"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
COUNTY = URIRef("https://dra.example.org/ontology#County")

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dra: <https://dra.example.org/ontology#>
SELECT ?county ?label WHERE { ?county a dra:County ; rdfs:label ?label } ORDER BY ?label"""
CONSTRUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a <https://dra.example.org/ontology#Village> ;
  rdfs:label ?l }"""


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def site_app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    return make_app(KG_ROOT=SITE, KG_ENGINE=request.param)


@pytest.fixture
def web(site_app: Flask) -> FlaskClient:
    return site_app.test_client()


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/sparql-results+json"
    return json.loads(response.data)["results"]["bindings"]


def county_labels(rows: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["county"]["value"], r["label"]["value"], r["label"].get("xml:lang")) for r in rows}


EXPECTED_LABELS = {
    (str(ID["hongan-county"]), "红安县", "zh"),
    (str(ID["hongan-county"]), "Hong'an County", "en"),
    (str(ID["datong-county"]), "大通县", "zh"),
    (str(ID["datong-county"]), "Datong County", "en"),
}


def test_get_with_query_parameter(web: FlaskClient) -> None:
    rows = bindings(web.get("/sparql", query_string={"query": LABELS}))
    assert county_labels(rows) == EXPECTED_LABELS


def test_post_with_a_sparql_query_body(web: FlaskClient) -> None:
    response = web.post(
        "/sparql",
        data=LABELS.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert county_labels(bindings(response)) == EXPECTED_LABELS


def test_post_form_encoded(web: FlaskClient) -> None:
    response = web.post(
        "/sparql", data={"query": LABELS}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+xml"
    root = ET.fromstring(response.data)
    ns = {"r": SPARQL_RESULTS_NS}
    literals = root.findall("r:results/r:result/r:binding[@name='label']/r:literal", ns)
    assert sorted(lit.text for lit in literals) == sorted(label for _, label, _ in EXPECTED_LABELS)


def test_csv_and_tsv_by_accept(web: FlaskClient) -> None:
    response = web.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
    assert response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert rows[0] == ["county", "label"]
    assert [str(ID["hongan-county"]), "红安县"] in rows
    response = web.get(
        "/sparql", query_string={"query": LABELS}, headers={"Accept": "text/tab-separated-values"}
    )
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "?county\t?label"
    assert f'<{ID["datong-county"]}>\t"大通县"@zh' in lines


def test_format_parameter_overrides_accept(web: FlaskClient) -> None:
    response = web.get(
        "/sparql", query_string={"query": LABELS, "format": "csv"}, headers={"Accept": "*/*"}
    )
    assert response.mimetype == "text/csv"
    assert "Datong County" in response.get_data(as_text=True)


def test_ask(web: FlaskClient) -> None:
    yes = web.get("/sparql", query_string={"query": "ASK { ?s a <urn:nothing> }"})
    assert json.loads(yes.data) == {"head": {}, "boolean": False}
    query = "ASK { <https://dra.example.org/id/hongan-county> ?p ?o }"
    assert json.loads(web.get("/sparql", query_string={"query": query}).data)["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "mimetype", "parser"),
    [
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_in_each_graph_format(web: FlaskClient, accept, mimetype, parser) -> None:
    response = web.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
    assert len(graph) == 4
    assert (ID["sigou-village"], RDFS.label, Literal("寺沟村", lang="zh")) in graph


def test_describe(web: FlaskClient) -> None:
    query = "DESCRIBE <https://dra.example.org/id/hongan-county>"
    response = web.get("/sparql", query_string={"query": query}, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (ID["hongan-county"], RDF.type, COUNTY) in graph
    assert (ID["hongan-county"], RDFS.label, Literal("红安县", lang="zh")) in graph


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "method": "POST",
            "data": b"DELETE WHERE { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "GET", "query_string": {"query": "LOAD <http://example.org/x.ttl>"}},
        {"method": "POST", "data": {"query": "DROP ALL"}},
    ],
    ids=["update-param", "update-form", "update-body", "load-as-query", "drop-as-query"],
)
def test_updates_are_refused_read_only(web: FlaskClient, request_kwargs) -> None:
    response = web.open("/sparql", **request_kwargs)
    assert response.status_code == 400
    assert "read-only" in response.get_data(as_text=True)
    # Nothing changed: the graph still answers as before.
    assert county_labels(bindings(web.get("/sparql", query_string={"query": LABELS}))) == (
        EXPECTED_LABELS
    )


def test_service_is_refused(web: FlaskClient) -> None:
    query = r"SELECT * WHERE { SERVI\u0043E <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = web.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.get_data(as_text=True)


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_are_refused(web: FlaskClient, parameter: str) -> None:
    response = web.get("/sparql", query_string={"query": LABELS, parameter: "http://x/g"})
    assert response.status_code == 400
    assert "default-graph-uri and named-graph-uri are refused" in response.get_data(as_text=True)


def test_from_is_refused(web: FlaskClient) -> None:
    query = "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"
    response = web.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "FROM and FROM NAMED are not allowed" in response.get_data(as_text=True)


def test_a_syntax_error_comes_back_with_its_position_and_the_query(web: FlaskClient) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    response = web.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "line 3, column 3" in text and "第 3 行，第 3 列" in text
    assert "> 3 |   ?s ?p" in text  # the query echoed, the failing line marked
    assert "  1 | SELECT ?s" in text


def test_two_queries_are_refused(web: FlaskClient) -> None:
    response = web.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400
    assert "exactly one query" in response.get_data(as_text=True)


def test_not_acceptable(web: FlaskClient) -> None:
    response = web.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_data(as_text=True)


def test_rows_beyond_the_cap_are_cut_and_flagged(make_app: Callable[..., Flask]) -> None:
    app = make_app(KG_ROOT=SITE, KG_MAX_ROWS=3, KG_QUERY_WORKERS=1)
    web = app.test_client()
    response = web.get("/sparql", query_string={"query": LABELS})
    assert len(bindings(response)) == 3
    assert response.headers["KG-Truncated"] == "true"
    page = web.get("/sparql", query_string={"query": LABELS}, headers=BROWSER)
    assert 'id="truncated"' in page.get_data(as_text=True)
    whole = web.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert "KG-Truncated" not in whole.headers


# --- the page for people ---------------------------------------------------------------


def test_a_browser_gets_the_editor(web: FlaskClient) -> None:
    response = web.get("/sparql", headers=BROWSER)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<textarea id="query" name="query"' in page
    assert "sparql.js" in page
    assert "每个查询最多运行 5 秒、返回 5000 行" in page
    assert '<code id="endpoint-url">http://localhost/sparql</code>' in page


def test_results_as_a_table_with_entity_links(web: FlaskClient) -> None:
    page = web.get("/sparql", query_string={"query": LABELS}, headers=BROWSER).get_data(
        as_text=True
    )
    assert '<span id="row-count">4</span>' in page
    assert 'id="query-time"' in page
    assert 'href="/id/hongan-county"' in page
    assert ">红安县</a>" in page  # the entity by its label
    assert "Hong&#39;an County" in page  # literals escaped
    assert 'id="download-csv"' in page
    # The query stays in the editor.
    assert "SELECT ?county ?label WHERE" in page.split('id="query"')[1].split("</textarea>")[0]


def test_construct_as_a_table_of_triples(web: FlaskClient) -> None:
    page = web.get("/sparql", query_string={"query": CONSTRUCT}, headers=BROWSER).get_data(
        as_text=True
    )
    assert '<th scope="col">subject</th>' in page
    assert '<span id="row-count">4</span>' in page and "条三元组" in page
    assert ">寺沟村</a>" in page


def test_ask_on_the_page(web: FlaskClient) -> None:
    query = "ASK { ?s a <https://dra.example.org/ontology#Village> }"
    page = web.get("/sparql", query_string={"query": query}, headers=BROWSER).get_data(as_text=True)
    assert '<p class="boolean" id="ask-answer">true</p>' in page


def test_an_error_keeps_the_query_and_shows_where(web: FlaskClient) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    response = web.get("/sparql", query_string={"query": query}, headers=BROWSER)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="error-position">第 3 行，第 3 列</span>' in page
    assert "does not parse" in page
    assert '<span class="error-line"><span class="number">3</span>   ?s ?p</span>' in page
    assert page.split('id="query"')[1].split("</textarea>")[0].endswith(query)


def test_a_refusal_on_the_page_keeps_the_query(web: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"
    response = web.get("/sparql", query_string={"query": query}, headers=BROWSER)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "查询被拒绝" in page and "SERVICE is not allowed" in page
    assert "SERVICE &lt;http://x/&gt;" in page.split('id="query"')[1]


def test_the_page_in_english(web: FlaskClient) -> None:
    page = web.get("/sparql", query_string={"lang": "en"}, headers=BROWSER).get_data(as_text=True)
    assert "Each query may run 5 s and return 5000 rows." in page
    assert ">Run</button>" in page


def test_markup_in_a_query_is_escaped(web: FlaskClient) -> None:
    query = 'SELECT ?x WHERE { BIND("</textarea><script>alert(1)</script>" AS ?x) }'
    page = web.get("/sparql", query_string={"query": query}, headers=BROWSER).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page


def test_saved_queries_are_offered_as_examples(make_app: Callable[..., Flask]) -> None:
    catalog = load_catalog(SAVED)
    assert len(catalog) > 0
    app = make_app(KG_ROOT=SAVED, KG_QUERY_WORKERS=1)
    page = app.test_client().get("/sparql", headers=BROWSER).get_data(as_text=True)
    examples = page.split('id="examples"')[1].split("</aside>")[0]
    for saved in catalog:
        assert saved.title["zh"] in examples
    assert examples.count('class="example"') == len(catalog)


def test_limits_come_from_the_environment(make_app: Callable[..., Flask], monkeypatch) -> None:
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("KG_MAX_ROWS", "7")
    app = make_app(KG_ROOT=SITE, KG_QUERY_WORKERS=1)
    gate = app.extensions["kg"].gate
    assert (gate.timeout_seconds, gate.max_rows) == (2.5, 7)
    page = app.test_client().get("/sparql", query_string={"lang": "en"}, headers=BROWSER)
    assert "Each query may run 2.5 s and return 7 rows." in page.get_data(as_text=True)


def test_dataset_parameters_in_the_url_of_a_post_are_refused(web: FlaskClient) -> None:
    response = web.post(
        "/sparql?default-graph-uri=http%3A%2F%2Fx%2Fg",
        data=LABELS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.get_data(as_text=True)


def test_without_a_query_a_program_gets_the_service_description(web: FlaskClient, site_app) -> None:
    from rdflib.namespace import VOID

    from kg.namespaces import FORMATS, SD

    response = web.get("/sparql", headers={"Accept": "*/*"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    service = URIRef("http://localhost/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_CSV, FORMATS.Turtle} <= formats
    triples = next(graph.objects(None, VOID.triples))
    assert int(triples) == len(site_app.extensions["kg"].store)


def test_query_settings_are_documented() -> None:
    # A setting nobody can find is a setting nobody uses (Datasette's rule).
    from kg.web import DEFAULTS, checkout_root

    readme = (checkout_root() / "README.md").read_text(encoding="utf-8")
    for key in ("KG_QUERY_TIMEOUT", "KG_MAX_ROWS", "KG_QUERY_WORKERS", "KG_QUERY_MEMORY_MB"):
        assert key in DEFAULTS
        assert f"| `{key}` | {DEFAULTS[key]:g} |" in readme
