"""Query answers as documents: SPARQL 1.1 results formats, RDF formats, and negotiation.

- SELECT and ASK: SPARQL 1.1 Query Results JSON and XML, CSV and TSV
  (https://www.w3.org/TR/sparql11-results-json/, /rdf-sparql-XMLres/,
  /sparql11-results-csv-tsv/);
- CONSTRUCT and DESCRIBE: Turtle (our canonical writer, `kg.fmt`), JSON-LD, N-Triples and
  RDF/XML (the last for clients such as rdflib's SPARQLStore that ask for it by default).

Everything here only writes: JSON-LD is compacted with an inline context made of our own
prefixes, so no remote context is ever fetched.

`negotiate(accept, formats)` picks a format from an ``Accept`` header (q-values,
wildcards, most specific range first — werkzeug's rules), `by_name("csv")` from a
``?format=`` parameter or a ``.csv`` suffix.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.namespaces import FORMATS, PREFIXES
from kg.store import QueryResult

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The column name for an ASK answer in CSV and TSV, which the spec leaves open (as Jena).
ASK_COLUMN = "_askResult"


@dataclass(frozen=True)
class Format:
    name: str  # short name, also the ?format= value and the download suffix
    media_type: str  # what we send as Content-Type
    aliases: tuple[str, ...] = ()  # other media types a client may ask for it by
    text: bool = True  # a text type, sent with charset=utf-8
    iri: URIRef | None = None  # its name in http://www.w3.org/ns/formats/

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    @property
    def offers(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


JSON = Format(
    "json",
    "application/sparql-results+json",
    ("application/json",),
    text=False,
    iri=FORMATS.SPARQL_Results_JSON,
)
XML = Format(
    "xml", "application/sparql-results+xml", ("application/xml",), iri=FORMATS.SPARQL_Results_XML
)
CSV = Format("csv", "text/csv", iri=FORMATS.SPARQL_Results_CSV)
TSV = Format("tsv", "text/tab-separated-values", iri=FORMATS.SPARQL_Results_TSV)
TURTLE = Format(
    "ttl", "text/turtle", ("application/x-turtle", "application/turtle"), iri=FORMATS.Turtle
)
JSONLD = Format(
    "jsonld",
    "application/ld+json",
    ("application/x-json+ld", "application/json"),
    text=False,
    iri=FORMATS["JSON-LD"],
)
NTRIPLES = Format("nt", "application/n-triples", ("text/plain",), iri=FORMATS["N-Triples"])
RDFXML = Format("rdf", "application/rdf+xml", ("application/xml",), iri=FORMATS.RDF_XML)

#: For SELECT and ASK, in order of preference when the client accepts anything.
RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
#: For CONSTRUCT and DESCRIBE.
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)


def formats_for(result: QueryResult) -> tuple[Format, ...]:
    return GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS


def by_name(name: str, formats: Sequence[Format]) -> Format | None:
    """The format called `name` ("csv", "ttl" …) among `formats`, else None."""
    return next((f for f in formats if f.name == name), None)


def negotiate(accept: str | None, formats: Sequence[Format]) -> Format | None:
    """The best of `formats` for an Accept header; the first one when there is no header.

    None when the client accepts none of them (the caller answers 406).
    """
    if not accept or not accept.strip():
        return formats[0]
    offers = [(offer, f) for f in formats for offer in f.offers]
    best = parse_accept_header(accept, MIMEAccept).best_match([offer for offer, _ in offers])
    return next((f for offer, f in offers if offer == best), None)


def serialize(result: QueryResult, fmt: Format) -> str:
    """The answer as a document in `fmt` (one of `formats_for(result)`)."""
    if fmt not in formats_for(result):
        raise ValueError(f"{fmt.name} is not a format for a {result.kind} answer")
    return _WRITERS[fmt.name](result)


def results_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {
            var: _json_term(term)
            for var, term in zip(result.variables, row, strict=True)
            if term is not None  # not `if term`: Literal("0") and Literal("") are falsy
        }
        for row in result.rows
    ]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1)


def results_xml(result: QueryResult) -> str:
    root = ET.Element("sparql", xmlns=SPARQL_RESULTS_NS)
    head = ET.SubElement(root, "head")
    if result.kind == "ask":
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for var in result.variables:
            ET.SubElement(head, "variable", name=var)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            element = ET.SubElement(results, "result")
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    _xml_term(ET.SubElement(element, "binding", name=var), term)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def results_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # the spec's line ends (RFC 4180)
    if result.kind == "ask":
        writer.writerows([[ASK_COLUMN], ["true" if result.boolean else "false"]])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else _csv_value(term) for term in row])
    return out.getvalue()


def results_tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"?{ASK_COLUMN}\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{var}" for var in result.variables)]
    lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def graph_turtle(result: QueryResult) -> str:
    from kg.fmt import canonical_turtle

    return canonical_turtle(_graph(result))


def graph_jsonld(result: QueryResult) -> str:
    # An inline context of our prefixes: compact keys, and nothing to fetch.
    return _graph(result).serialize(format="json-ld", context=dict(PREFIXES), indent=1)


def graph_ntriples(result: QueryResult) -> str:
    lines = _graph(result).serialize(format="nt").splitlines()
    return "".join(f"{line}\n" for line in sorted(lines) if line.strip())


def graph_rdfxml(result: QueryResult) -> str:
    graph = _graph(result)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph.serialize(format="pretty-xml")


_WRITERS = {
    "json": results_json,
    "xml": results_xml,
    "csv": results_csv,
    "tsv": results_tsv,
    "ttl": graph_turtle,
    "jsonld": graph_jsonld,
    "nt": graph_ntriples,
    "rdf": graph_rdfxml,
}


def _graph(result: QueryResult) -> Graph:
    return result.graph if result.graph is not None else Graph()


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def _xml_term(binding: ET.Element, term: Node) -> None:
    if isinstance(term, Literal):
        literal = ET.SubElement(binding, "literal")
        if term.language:
            literal.set(_XML_LANG, term.language)
        elif term.datatype is not None:
            literal.set("datatype", str(term.datatype))
        literal.text = str(term)
    elif isinstance(term, BNode):
        ET.SubElement(binding, "bnode").text = str(term)
    else:
        ET.SubElement(binding, "uri").text = str(term)


def _csv_value(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term: Node) -> str:
    """A term in Turtle syntax, as the TSV format wants; tabs and newlines escaped."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_TSV_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, URIRef)
    return f"<{term}>"
