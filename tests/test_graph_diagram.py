"""ontology/diagram.svg is generated from ontology/ontology.ttl and kept in step with it."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from rdflib import Graph

from kg import diagram
from kg import namespaces as ns

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "ontology.ttl"
SVG = ROOT / "ontology" / "diagram.svg"


def test_committed_diagram_is_current() -> None:
    """Fails when the ontology changed without `make diagram`."""
    graph = Graph().parse(ONTOLOGY, format="turtle")
    assert SVG.read_text(encoding="utf-8") == diagram.render(graph)


def test_diagram_shows_every_class_and_property() -> None:
    graph = Graph().parse(ONTOLOGY, format="turtle")
    svg = ElementTree.parse(SVG)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    for cls in (ns.OWL.Class, ns.OWL.ObjectProperty, ns.OWL.DatatypeProperty):
        for term in graph.subjects(ns.RDF.type, cls):
            assert diagram.curie(term) in texts, term


def test_main_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "d.svg"
    assert diagram.main([str(ONTOLOGY), str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<svg")
