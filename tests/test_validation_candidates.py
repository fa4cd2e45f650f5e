"""kg.candidates: strict parsing, and the line of every triple in normal curator Turtle."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg import rdfio
from kg.candidates import Candidate

EX = "http://example.org/"


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def lines(candidate: Candidate) -> dict[tuple, int | None]:
    return {t: candidate.line_of(t) for t in candidate.triples if not isinstance(t[0], BNode)}


def test_semicolon_and_comma_lists_put_each_object_on_its_line() -> None:
    c = Candidate.from_text(
        """@prefix ex: <http://example.org/> .
# a comment with "quotes" and ; and ,
ex:a a ex:Thing ;
    ex:name "甲"@zh,
        "A"@en ;
    ex:size 3 ; ex:ratio 2.5 ; ex:big 1e3 ; ex:ok true .
""",
        "c.ttl",
    )
    assert lines(c) == {
        (ex("a"), RDF.type, ex("Thing")): 3,
        (ex("a"), ex("name"), Literal("甲", lang="zh")): 4,
        (ex("a"), ex("name"), Literal("A", lang="en")): 5,
        (ex("a"), ex("size"), Literal("3", datatype=XSD.integer)): 6,
        (ex("a"), ex("ratio"), Literal("2.5", datatype=XSD.decimal)): 6,
        (ex("a"), ex("big"), Literal("1e3", datatype=XSD.double, normalize=False)): 6,
        (ex("a"), ex("ok"), Literal("true", datatype=XSD.boolean)): 6,
    }
    assert c.subject_line(ex("a")) == 3


def test_strings_escapes_datatypes_and_local_names() -> None:
    c = Candidate.from_text(
        '''PREFIX ex: <http://example.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
ex:b.c ex:note """two
lines with a "quote" """ ;
    ex:esc "tab\\there \\u00e9" ;
    ex:when "2021-02-25"^^xsd:date ;
    ex:raw "x"^^<http://www.w3.org/2001/XMLSchema#string> .
ex:d\\-e ex:to ex:b.c.
''',
        "c.ttl",
    )
    found = lines(c)
    assert found[(ex("b.c"), ex("note"), Literal('two\nlines with a "quote" '))] == 3
    assert found[(ex("b.c"), ex("esc"), Literal("tab\there é"))] == 5
    assert found[(ex("b.c"), ex("when"), Literal("2021-02-25", datatype=XSD.date))] == 6
    assert found[(ex("b.c"), ex("raw"), Literal("x"))] == 7
    assert found[(ex("d-e"), ex("to"), ex("b.c"))] == 8


def test_blank_nodes_and_lists_take_their_opening_line() -> None:
    c = Candidate.from_text(
        """@prefix ex: <http://example.org/> .
ex:a ex:amount [
        ex:value 5 ] ;
    ex:items ( ex:x
        ex:y ) .
""",
        "c.ttl",
    )
    by_predicate = {t[1]: c.line_of(t) for t in c.triples}
    assert by_predicate[ex("amount")] == 2
    assert by_predicate[ex("value")] == 3
    assert by_predicate[ex("items")] == 4
    firsts = sorted(c.line_of(t) for t in c.triples if t[1] == RDF.first)
    assert firsts == [4, 5]


def test_trig_and_n_triples() -> None:
    trig = Candidate.from_text(
        "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p ex:b .\n}\n", "c.trig"
    )
    assert lines(trig) == {(ex("a"), ex("p"), ex("b")): 3}
    nt = Candidate.from_text(f'<{EX}a> <{EX}p> <{EX}b> .\n\n<{EX}a> <{EX}q> "v"@zh .\n', "c.nt")
    assert lines(nt) == {
        (ex("a"), ex("p"), ex("b")): 1,
        (ex("a"), ex("q"), Literal("v", lang="zh")): 3,
    }


def test_strictness_comes_from_rdfio() -> None:
    with pytest.raises(rdfio.RdfInputError) as caught:
        Candidate.from_text("@prefix ex: <http://example.org/> .\nex:a ex:p <bad iri> .\n", "x.ttl")
    assert caught.value.location().startswith("x.ttl:2:")
    with pytest.raises(rdfio.RdfInputError, match="JSON-LD and RDF/XML are refused"):
        Candidate.from_text("{}", "x.jsonld")
