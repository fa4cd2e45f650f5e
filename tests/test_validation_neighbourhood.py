"""kg.neighbourhood: what the shapes can read from a node, and the subgraph that holds it."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.neighbourhood import ShapeProfile, extract, seeds_of

EX = "http://example.org/"
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def profile(shapes: str) -> ShapeProfile:
    return ShapeProfile.of(Graph().parse(data=PREFIXES + shapes, format="turtle"))


def test_monotonic_nested_shapes_do_not_look_backwards() -> None:
    # More triples at a value can never break sh:class: no need to revisit the subject.
    p = profile("ex:S a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:class ex:C ] .")
    assert p.depth == 2 and p.deep_predicates == frozenset()


def test_breakable_nested_shapes_and_sequences_look_backwards() -> None:
    p = profile(
        """ex:S a sh:NodeShape ;
            sh:property [ sh:path ex:p ; sh:node ex:T ] ,
                        [ sh:path ( ex:q ex:r ) ; sh:minCount 1 ] .
           ex:T a sh:NodeShape ; sh:property [ sh:path ex:s ; sh:maxCount 1 ] ."""
    )
    assert p.deep_predicates == {ex("p"), ex("q")}
    assert p.depth == 2


def test_inverse_paths_and_sparql_read_incoming_edges() -> None:
    p = profile(
        """ex:S a sh:NodeShape ;
            sh:property [ sh:path [ sh:inversePath ex:memberOf ] ; sh:maxCount 3 ] ;
            sh:sparql [ sh:select "SELECT $this WHERE { ?m <http://example.org/of> $this }" ] ."""
    )
    assert {ex("memberOf"), ex("of")} <= p.incoming_predicates
    assert p.depth >= 3


def test_affected_nodes_come_back_to_the_seed_they_were_reached_from() -> None:
    p = profile(
        """ex:G a sh:NodeShape ;
            sh:sparql [ sh:select "SELECT $this WHERE { ?m <http://example.org/of> $this ; <http://example.org/who> ?u }" ] ."""
    )
    graph = Graph()
    graph.add((ex("m1"), ex("of"), ex("group")))
    graph.add((ex("m1"), ex("who"), ex("unit")))
    graph.add((ex("other"), ex("knows"), ex("unit")))
    origins = p.affected({ex("unit")}, (graph,))
    # unit ← who ← m1 → of → group: the group reads the unit through its membership.
    assert origins[ex("group")] == ex("unit") and origins[ex("m1")] == ex("unit")
    assert ex("other") not in origins  # ex:knows is read by no shape


def test_extract_holds_forward_hops_and_incoming_edges() -> None:
    p = profile(
        """ex:G a sh:NodeShape ;
            sh:sparql [ sh:select "SELECT $this WHERE { ?m <http://example.org/of> $this }" ] ."""
    )
    graph = Graph()
    for s, pr, o in [
        ("m1", "of", "group"),
        ("m1", "who", "unit"),
        ("unit", "name", "far"),
        ("far", "next", "farther"),
        ("farther", "next", "too-far"),
    ]:
        graph.add((ex(s), ex(pr), ex(o)))
    graph.add((ex("unit"), RDF.type, ex("Unit")))
    sub = extract((graph,), {ex("group")}, p, Graph())
    assert (ex("m1"), ex("of"), ex("group")) in sub  # incoming, read by the SPARQL constraint
    assert (ex("unit"), RDF.type, ex("Unit")) in sub
    assert (ex("farther"), ex("next"), ex("too-far")) not in sub  # beyond the depth
    assert seeds_of(graph) >= {ex("m1"), ex("group"), ex("unit")}
    assert ex("Unit") not in seeds_of(graph)  # classes are not seeds
