"""The ontology documents itself: every dra: class and property has zh and en labels and
definitions, every property a domain and range, every concept a scheme and zh/en names."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg import namespaces as ns

ROOT = Path(__file__).resolve().parents[1]
DRA, RDF, RDFS, OWL, SKOS = ns.DRA, ns.RDF, ns.RDFS, ns.OWL, ns.SKOS


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "ontology.ttl", format="turtle")


def langs(graph: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(s, p) if isinstance(o, Literal)}


def terms(graph: Graph, *types: URIRef) -> list[URIRef]:
    return sorted(
        {s for t in types for s in graph.subjects(RDF.type, t) if str(s).startswith(DRA._NS)}
    )


def test_classes_and_properties_have_zh_en_labels_and_definitions(onto: Graph) -> None:
    incomplete = [
        t
        for t in terms(onto, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        if not (
            {"zh", "en"} <= langs(onto, t, RDFS.label)
            and {"zh", "en"} <= langs(onto, t, RDFS.comment)
        )
    ]
    assert incomplete == []


def test_properties_have_domain_and_range(onto: Graph) -> None:
    props = terms(onto, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(props) > 20
    assert [
        p for p in props if onto.value(p, RDFS.domain) is None or onto.value(p, RDFS.range) is None
    ] == []


def test_stated_in_refines_prov_derivation(onto: Graph) -> None:
    assert (DRA.statedIn, RDFS.subPropertyOf, ns.PROV.wasDerivedFrom) in onto
    assert (DRA.Sentence, RDFS.subClassOf, ns.PROV.Entity) in onto


def test_concepts_belong_to_a_scheme_with_zh_en_names(onto: Graph) -> None:
    concepts = terms(onto, SKOS.Concept)
    assert len(concepts) > 40
    for c in concepts:
        scheme = onto.value(c, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto, c
        assert {"zh", "en"} <= langs(onto, c, SKOS.prefLabel), c
        assert {"zh", "en"} <= langs(onto, c, SKOS.definition), c


def test_category_scheme_has_the_articles_categories(onto: Graph) -> None:
    names = {
        str(label)
        for c in onto.subjects(SKOS.inScheme, DRA.AssistanceCategories)
        for label in onto.objects(c, SKOS.prefLabel)
        if label.language == "zh"
    }
    assert {
        "资金帮扶",
        "产业帮扶",
        "就业帮扶",
        "文化帮扶",
        "教育帮扶",
        "体育帮扶",
        "消费帮扶",
        "人才帮扶",
        "党建帮扶",
        "医疗帮扶",
    } <= names


def test_hedges_are_concepts_with_the_articles_words(onto: Graph) -> None:
    words = {
        str(label)
        for c in onto.subjects(SKOS.inScheme, DRA.ValueQualifiers)
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for label in onto.objects(c, p)
        if label.language == "zh"
    }
    assert {"近", "余", "多", "约"} <= words
