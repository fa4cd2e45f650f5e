"""kg.results: each format read back by an independent parser; negotiation by Accept."""

from __future__ import annotations

import csv
import io
import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg import results
from kg.namespaces import ID
from kg.results import (
    CSV,
    GRAPH_FORMATS,
    JSON,
    JSONLD,
    NTRIPLES,
    RDFXML,
    RESULT_FORMATS,
    TSV,
    TURTLE,
    XML,
    by_name,
    negotiate,
    serialize,
)
from kg.store import QueryResult, open_store

SITE = Path(__file__).parent / "fixtures" / "site"
COMMENT = 'tab\there "quoted"\nsecond line'
NS = {"r": results.SPARQL_RESULTS_NS}
#: A fixture-only property (not in our ontology, so not in kg.namespaces.DRA).
FUNDS = URIRef("https://dra.example.org/ontology#fundsCny")


@pytest.fixture(scope="module")
def select() -> QueryResult:
    """Rows with an IRI, a language-tagged and a typed literal, a zero, a blank node and
    an unbound value."""
    return QueryResult(
        "select",
        variables=["s", "label", "n", "node"],
        rows=[
            (ID["hongan-county"], Literal("红安县", lang="zh"), Literal(0), BNode("b1")),
            (ID["datong-county"], Literal(COMMENT), Literal("2500.5", datatype=XSD.decimal), None),
        ],
    )


@pytest.fixture(scope="module")
def construct() -> QueryResult:
    store = open_store(SITE, "oxigraph")
    return store.query("CONSTRUCT WHERE { ?s ?p ?o }")


def test_json_follows_the_results_json_spec(select: QueryResult) -> None:
    document = json.loads(serialize(select, JSON))
    assert document["head"]["vars"] == ["s", "label", "n", "node"]
    first, second = document["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": str(ID["hongan-county"])}
    assert first["label"] == {"type": "literal", "value": "红安县", "xml:lang": "zh"}
    assert first["n"] == {"type": "literal", "value": "0", "datatype": str(XSD.integer)}
    assert first["node"] == {"type": "bnode", "value": "b1"}
    assert second["label"] == {"type": "literal", "value": COMMENT}
    assert "node" not in second  # unbound: left out, as the spec says


def test_xml_follows_the_results_xml_spec(select: QueryResult) -> None:
    root = ET.fromstring(serialize(select, XML).encode("utf-8"))
    assert [v.get("name") for v in root.findall("r:head/r:variable", NS)] == [
        "s",
        "label",
        "n",
        "node",
    ]
    first, second = root.findall("r:results/r:result", NS)
    label = first.find("r:binding[@name='label']/r:literal", NS)
    assert label.text == "红安县"
    assert label.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert first.find("r:binding[@name='node']/r:bnode", NS).text == "b1"
    assert second.find("r:binding[@name='label']/r:literal", NS).text == COMMENT
    assert second.find("r:binding[@name='node']", NS) is None


def test_csv_has_plain_values_and_crlf_line_ends(select: QueryResult) -> None:
    text = serialize(select, CSV)
    assert text.startswith("s,label,n,node\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [str(ID["hongan-county"]), "红安县", "0", "_:b1"]
    assert rows[2] == [str(ID["datong-county"]), COMMENT, "2500.5", ""]


def test_tsv_has_turtle_terms_with_tabs_and_newlines_escaped(select: QueryResult) -> None:
    lines = serialize(select, TSV).split("\n")
    assert lines[0] == "?s\t?label\t?n\t?node"
    assert lines[1].split("\t") == [
        f"<{ID['hongan-county']}>",
        '"红安县"@zh',
        f'"0"^^<{XSD.integer}>',
        "_:b1",
    ]
    cells = lines[2].split("\t")
    assert cells[1] == r'"tab\there \"quoted\"\nsecond line"'
    assert cells[3] == ""
    assert len(lines) == 4 and lines[3] == ""  # two rows, each on one line


@pytest.mark.parametrize("answer", [True, False])
def test_ask_in_every_results_format(answer: bool) -> None:
    result = QueryResult("ask", boolean=answer)
    word = "true" if answer else "false"
    assert json.loads(serialize(result, JSON)) == {"head": {}, "boolean": answer}
    root = ET.fromstring(serialize(result, XML).encode())
    assert root.find("r:boolean", NS).text == word
    assert serialize(result, CSV) == f"_askResult\r\n{word}\r\n"
    assert serialize(result, TSV) == f"?_askResult\n{word}\n"


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_graph_formats_read_back_to_the_same_triples(construct: QueryResult, fmt) -> None:
    text = serialize(construct, fmt)
    parser = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[fmt.name]
    back = Graph().parse(data=text, format=parser)
    assert len(back) == len(construct.graph) > 20
    assert (ID["hongan-county"], RDFS.label, Literal("红安县", lang="zh")) in back
    assert (ID["hongan-county"], FUNDS, Literal("100000", datatype=XSD.decimal)) in back
    assert (ID["hongan-county"], RDFS.comment, Literal(COMMENT)) in back


def test_turtle_is_the_canonical_writers(construct: QueryResult) -> None:
    from kg.fmt import canonical_turtle

    assert serialize(construct, TURTLE) == canonical_turtle(construct.graph)


def test_ntriples_lines_are_sorted(construct: QueryResult) -> None:
    lines = serialize(construct, NTRIPLES).splitlines()
    assert lines == sorted(lines) and len(lines) == len(construct.graph)


def test_jsonld_never_touches_the_network(construct: QueryResult, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the JSON-LD writer tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    document = json.loads(serialize(construct, JSONLD))
    assert document["@context"]["dra"] == "https://dra.example.org/ontology#"


def test_a_format_for_the_wrong_kind_is_a_programming_error(select: QueryResult) -> None:
    with pytest.raises(ValueError, match="ttl"):
        serialize(select, TURTLE)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("text/csv", CSV),
        ("text/tab-separated-values", TSV),
        ("application/sparql-results+xml", XML),
        ("application/json", JSON),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", XML),
        ("text/*;q=0.9, text/tab-separated-values", TSV),  # the more specific range wins
        ("text/*", CSV),
        ("image/png", None),
        # SPARQLWrapper's JSON and rdflib's SPARQLStore defaults:
        ("application/sparql-results+json,application/json,text/javascript", JSON),
        ("application/sparql-results+xml, application/rdf+xml", XML),
    ],
)
def test_negotiation_for_select(accept: str | None, expected) -> None:
    assert negotiate(accept, RESULT_FORMATS) is expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", TURTLE),
        ("application/n-triples", NTRIPLES),
        ("application/ld+json", JSONLD),
        ("application/json", JSONLD),
        ("application/turtle,text/turtle", TURTLE),
        ("application/sparql-results+xml, application/rdf+xml", RDFXML),
        ("text/plain", NTRIPLES),
        ("text/csv", None),
    ],
)
def test_negotiation_for_graphs(accept: str, expected) -> None:
    assert negotiate(accept, GRAPH_FORMATS) is expected


def test_formats_by_name() -> None:
    assert by_name("csv", RESULT_FORMATS) is CSV
    assert by_name("nt", GRAPH_FORMATS) is NTRIPLES
    assert by_name("csv", GRAPH_FORMATS) is None
    assert CSV.content_type == "text/csv; charset=utf-8"
    assert JSON.content_type == "application/sparql-results+json"
