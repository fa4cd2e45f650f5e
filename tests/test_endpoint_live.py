"""/sparql served by waitress on 127.0.0.1, used by real SPARQL clients.

SPARQLWrapper and rdflib's SPARQLStore talk to the endpoint over HTTP as they would to any
other; SERVICE is checked to make no outbound connection at all (a listening socket of ours
counts connections); a slow query is stopped at the time limit while others are answered.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.namespaces import ID
from kg.store import open_store

pytestmark = pytest.mark.server

SITE = Path(__file__).parent / "fixtures" / "site"
LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?label WHERE { ?place a ?type ; rdfs:label ?label
  FILTER(?type IN (<https://dra.example.org/ontology#County>,
                   <https://dra.example.org/ontology#Village>)) } ORDER BY ?place ?label"""
CONSTRUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a <https://dra.example.org/ontology#County> ;
  rdfs:label ?l }"""
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
)
TIMEOUT = 1.0


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def server(engine: str, make_app: Callable[..., Flask], serve):
    app = make_app(KG_ROOT=SITE, KG_ENGINE=engine, KG_QUERY_TIMEOUT=TIMEOUT)
    return serve(app)


@pytest.fixture(scope="module")
def expected(engine: str) -> list[tuple[str, str]]:
    """The answer straight from a store of our own, to compare the endpoint's with."""
    rows = open_store(SITE, engine).query(LABELS).rows
    return sorted((str(place), str(label)) for place, label in rows)


def wrapper(server, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_json(server, expected) -> None:
    document = wrapper(server, LABELS, JSON).queryAndConvert()
    assert document["head"]["vars"] == ["place", "label"]
    rows = [(b["place"]["value"], b["label"]["value"]) for b in document["results"]["bindings"]]
    assert sorted(rows) == expected


@pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_select_by_post(server, expected, request_method: str) -> None:
    client = wrapper(server, LABELS, JSON)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    document = client.queryAndConvert()
    assert len(document["results"]["bindings"]) == len(expected)


def test_sparqlwrapper_select_xml(server, expected) -> None:
    document = wrapper(server, LABELS, XML).queryAndConvert()
    assert isinstance(document, xml.dom.minidom.Document)
    labels = sorted(
        node.firstChild.data
        for binding in document.getElementsByTagName("binding")
        if binding.getAttribute("name") == "label"
        for node in binding.getElementsByTagName("literal")
    )
    assert labels == sorted(label for _, label in expected)


def test_sparqlwrapper_select_csv(server, expected) -> None:
    text = wrapper(server, LABELS, CSV).queryAndConvert().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "place,label"
    assert sorted(tuple(line.split(",", 1)) for line in lines[1:] if line) == expected


def test_sparqlwrapper_select_tsv(server, expected) -> None:
    text = wrapper(server, LABELS, TSV).queryAndConvert().decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "?place\t?label"
    assert len(lines) == 1 + len(expected)
    assert f'<{ID["sigou-village"]}>\t"寺沟村"@zh' in lines


def test_sparqlwrapper_ask(server) -> None:
    yes = "ASK { <https://dra.example.org/id/hongan-county> ?p ?o }"
    assert wrapper(server, yes, JSON).queryAndConvert()["boolean"] is True
    no = "ASK { <https://dra.example.org/id/nowhere> ?p ?o }"
    assert wrapper(server, no, JSON).queryAndConvert()["boolean"] is False


def test_sparqlwrapper_construct_as_turtle(server) -> None:
    client = wrapper(server, CONSTRUCT, TURTLE)
    graph = Graph().parse(data=client.queryAndConvert().decode("utf-8"), format="turtle")
    assert len(graph) == 4
    assert (ID["hongan-county"], RDFS.label, Literal("红安县", lang="zh")) in graph


def test_sparqlwrapper_construct_as_ntriples(server) -> None:
    client = wrapper(server, CONSTRUCT, N3)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    text = client.queryAndConvert().decode("utf-8")
    assert all(line.endswith(" .") for line in text.splitlines())
    graph = Graph().parse(data=text, format="nt")
    assert (ID["datong-county"], RDFS.label, Literal("Datong County", lang="en")) in graph


def test_sparqlwrapper_construct_as_jsonld(server) -> None:
    graph = wrapper(server, CONSTRUCT, JSONLD).queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) == 4
    assert (ID["datong-county"], RDFS.label, Literal("大通县", lang="zh")) in graph


def test_sparqlwrapper_update_is_refused(server, expected) -> None:
    client = wrapper(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", JSON)
    client.setMethod(POST)
    with pytest.raises(QueryBadFormed) as refused:
        client.query()
    assert "read-only" in str(refused.value)
    # And nothing was written.
    document = wrapper(server, "ASK { <urn:a> <urn:b> <urn:c> }", JSON).queryAndConvert()
    assert document["boolean"] is False


def test_rdflib_sparqlstore_graph_over_the_endpoint(server, expected, engine) -> None:
    # context_aware=False: our endpoint has one default graph, and refuses the
    # default-graph-uri that a context-aware store would send.
    graph = Graph(SPARQLStore(server.url + "/sparql", context_aware=False))
    labels = set(graph.objects(ID["hongan-county"], RDFS.label))
    assert labels == {Literal("红安县", lang="zh"), Literal("Hong'an County", lang="en")}
    rows = sorted((str(p), str(label)) for p, label in graph.query(LABELS))
    assert rows == expected
    assert len(graph) == len(open_store(SITE, engine))


# --- closed to the outside world ---------------------------------------------------------


@pytest.fixture
def listener():
    """A socket on 127.0.0.1 that counts the connections it gets."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.2)
        yield sock


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except TimeoutError:
            return count
        conn.close()
        count += 1


def get(server, query: str, headers: dict[str, str] | None = None) -> tuple[int, str, float]:
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    started = time.monotonic()
    try:
        connection.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers or {}
        )
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        return response.status, body, time.monotonic() - started
    finally:
        connection.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
        r"SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVI\u0043E <http://127.0.0.1:{port}/> {} } }",
        "ASK { { SELECT ?s WHERE { SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } } } }",
    ],
    ids=["plain", "escaped-in-exists", "silent-in-subquery"],
)
def test_service_is_refused_and_nothing_connects_out(server, listener, template) -> None:
    port = listener.getsockname()[1]
    status, body, _ = get(server, template.replace("{port}", str(port)))
    assert status == 400
    assert "SERVICE is not allowed" in body
    assert connections(listener) == 0


def test_a_service_hidden_by_escapes_never_runs(server, listener) -> None:
    # To pyoxigraph alone, \u0022 inside a string is a quote character and the SERVICE
    # between the two VALUES blocks is real; the guard's expanded text makes it a string.
    port = listener.getsockname()[1]
    query = (
        r'SELECT ?v WHERE { VALUES ?v { "x\u0022 " } '
        f"SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} "
        r'VALUES ?w { " \u0022y" } }'
    )
    status, body, _ = get(server, query, {"Accept": "application/sparql-results+json"})
    assert connections(listener) == 0
    assert status == 200, body
    values = [b["v"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert any("SERVICE" in value for value in values)  # only ever a string


# --- the time limit -----------------------------------------------------------------------


def test_a_slow_query_is_stopped_while_another_is_answered(server, expected) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        slow["status"], slow["body"], slow["seconds"] = get(server, SLOW)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    status, body, seconds = get(server, LABELS, {"Accept": "application/sparql-results+json"})
    assert thread.is_alive(), "the slow query should still be running"
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(expected)
    assert seconds < TIMEOUT
    thread.join(timeout=15)
    assert slow["status"] == 503
    assert "time limit" in slow["body"] and "时间限制" in slow["body"]
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 3
    # The server goes on: the replacement worker answers too.
    for _ in range(3):
        assert get(server, "ASK { ?s ?p ?o }")[0] == 200


def test_a_timeout_on_the_page_keeps_the_query(server) -> None:
    status, page, _ = get(server, SLOW, {"Accept": "text/html"})
    assert status == 503
    assert "查询超时" in page and "time limit" in page
    assert "SELECT (COUNT(*) AS ?n) WHERE" in page.split('id="query"')[1].split("</textarea>")[0]
