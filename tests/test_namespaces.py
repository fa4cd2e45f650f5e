"""The DRA term list in src/kg/namespaces.py is exactly what ontology/ontology.ttl declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kg.namespaces import DRA, ONTOLOGY_IRI

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "ontology.ttl"


def declared_terms() -> set[str]:
    """Local names of the dra: IRIs that ontology.ttl gives an rdf:type."""
    graph = Graph().parse(ONTOLOGY, format="turtle")
    prefix = str(DRA._NS)
    return {
        str(s)[len(prefix) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(prefix)
    }


def listed_terms() -> set[str]:
    return set(DRA.__annotations__)


def test_term_list_equals_declared_terms() -> None:
    declared, listed = declared_terms(), listed_terms()
    assert declared - listed == set(), "declared in ontology.ttl but missing from DRA"
    assert listed - declared == set(), "listed in DRA but not declared in ontology.ttl"


def test_ontology_iri_is_declared() -> None:
    graph = Graph().parse(ONTOLOGY, format="turtle")
    assert (URIRef(ONTOLOGY_IRI), RDF.type, None) in graph


def test_mistyped_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = DRA.statedInn
