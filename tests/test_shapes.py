"""ontology/shapes.ttl: a shape for every class data/ uses, messages in zh and en, severities
chosen on purpose. (What each shape catches: the bad corpus in test_validation.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg import rdfio
from kg.neighbourhood import ShapeProfile
from kg.store import data_files
from kg.validation import load_shapes

ROOT = Path(__file__).resolve().parents[1]
ORG = "http://www.w3.org/ns/org#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ROOT)


@pytest.fixture(scope="module")
def graph() -> Graph:
    graph = Graph()
    for path in data_files(ROOT):
        for quad in rdfio.parse_file(path):
            graph.add(quad.triple)
    return graph


def classes_in_data() -> list[URIRef]:
    classes = set()
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        classes |= {q.object for q in rdfio.parse_file(path) if q.predicate == RDF.type}
    return sorted(classes)


@pytest.mark.parametrize("cls", classes_in_data(), ids=str)
def test_every_class_in_data_has_a_shape(shapes: Graph, graph: Graph, cls: URIRef) -> None:
    # SHACL targets instances of subclasses too (§2.1.3.3), through rdfs:subClassOf in the data.
    supers = set(graph.transitive_objects(cls, RDFS.subClassOf))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert supers & targeted, f"no shape targets {cls} or a class above it"


def constraint_nodes(shapes: Graph) -> list:
    """The nodes a finding can name: property shapes and SPARQL constraints with a message."""
    nodes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    nodes |= set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    return sorted(nodes, key=str)


def test_every_rule_is_named_and_speaks_both_languages(shapes: Graph) -> None:
    nodes = constraint_nodes(shapes)
    assert len(nodes) > 40
    for node in nodes:
        assert isinstance(node, URIRef), f"unnamed rule {node}"
        languages = {m.language for m in shapes.objects(node, SH.message)}
        assert languages == {"zh", "en"}, f"{node}: messages in {languages}"


def test_severities_are_chosen_not_defaulted(shapes: Graph) -> None:
    severities = {}
    for node in constraint_nodes(shapes):
        [severity] = shapes.objects(node, SH.severity)
        severities[node] = severity
    assert set(severities.values()) == {SH.Violation, SH.Warning}
    warnings = {str(n).split("#")[1] for n, s in severities.items() if s == SH.Warning}
    assert warnings == {"Labelled-en", "Label-en-in-chinese"}


def test_the_group_rule_is_a_sparql_constraint_reading_memberships(shapes: Graph) -> None:
    group = URIRef("https://dra.example.org/shapes#AssistanceGroupShape")
    rules = list(shapes.objects(group, SH.sparql))
    assert len(rules) == 4
    profile = ShapeProfile.of(shapes)
    # The rule reads memberships that point at the group: the fast path must bring them in.
    assert URIRef(ORG + "organization") in profile.incoming_predicates
    assert profile.depth >= 3


def test_no_shape_imports_anything(shapes: Graph) -> None:
    from rdflib.namespace import OWL

    assert list(shapes.objects(None, OWL.imports)) == []


def test_closed_world_shapes_in_python_agree_with_their_sparql() -> None:
    """The deactivated SPARQL shapes, switched back on in pyshacl, find what kg finds."""
    from kg.candidates import Candidate
    from kg.validation import CLOSED_WORLD_SHAPES, Validator, _run

    validator = Validator.for_root(ROOT)
    active = Graph()
    active += validator.shapes
    for shape in CLOSED_WORLD_SHAPES:
        active.remove((shape, SH.deactivated, None))
    bad = Path(__file__).parent / "candidates" / "bad"
    checked = 0
    for name in (
        "dangling-reference",
        "unknown-class-typo",
        "unknown-property-typo",
        "sentence-that-does-not-exist",
        "missing-zh-label",
    ):
        graph = Graph()
        graph += validator.graph
        for triple in Candidate.from_file(bad / f"{name}.ttl").triples:
            graph.add(triple)
        by_sparql = {
            (r.focus, r.path, r.value, r.shape)
            for r in _run(graph, active).values()
            if r.shape in CLOSED_WORLD_SHAPES
        }
        by_python = {
            (r.focus, r.path, r.value, r.shape)
            for r in validator._closed_world((graph,), graph.subjects(unique=True)).values()
        }
        assert by_sparql == by_python, name
        checked += len(by_python)
    assert checked == 4  # dangling, term, predicate, dangling sentence; none for the last
