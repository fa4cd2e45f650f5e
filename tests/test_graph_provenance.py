"""The one provenance query (ontology/README.md): for any entity, every sentence its facts
come from — its own dra:statedIn plus that of every node pointing at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[1]
ID = "https://dra.example.org/id/"

SENTENCES_FOR = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?entity ?sentence ?position ?text WHERE {
  { ?entity dra:statedIn ?sentence }
  UNION { ?node ?p ?entity . ?node dra:statedIn ?sentence }
  ?sentence schema:position ?position ; schema:text ?text .
} ORDER BY ?position"""

#: entity: sentences that must be among its sources (from reading the article)
AT_LEAST = {
    "hongan-county": {4, 22, 32, 34, 35, 47, 48, 67, 68},
    "datong-county": {4, 22, 41, 55, 56, 57, 77, 78, 82},
    "haitong-group": {45, 46, 47, 48},
    "wang-menghui": {6, 9, 91},
    "real-estate-market-department": {22, 28, 41},
    "country-garden": {28, 77, 82},
    "sigou-village-branch": {30, 31},
}

#: entity: exactly its sources (small entities, all mentions known)
EXACTLY = {
    "ma-guoxiang": {30, 31},
    "liu-zhiming": {58, 59},
    "meituan": {85, 86},
}


def positions(store, slug: str) -> list[int]:
    rows = store.query(SENTENCES_FOR, {"entity": URIRef(ID + slug)}).rows
    return [r[2].toPython() for r in rows]


@pytest.mark.parametrize("slug", AT_LEAST)
def test_entity_sources_include_the_sentences_that_mention_it(store, slug: str) -> None:
    assert AT_LEAST[slug] <= set(positions(store, slug))


@pytest.mark.parametrize("slug", EXACTLY)
def test_small_entity_sources_are_exactly_its_mentions(store, slug: str) -> None:
    assert set(positions(store, slug)) == EXACTLY[slug]


def test_sources_come_in_article_order_without_duplicates(store) -> None:
    found = positions(store, "hongan-county")
    assert found == sorted(set(found))


def test_every_cited_sentence_mentions_something_of_its_node(store) -> None:
    """A sanity check on the citations: the zh label of each cited place or person named in a
    village/person node appears in the sentence text it cites."""
    query = """
    PREFIX dra: <https://dra.example.org/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX schema: <https://schema.org/>
    SELECT ?label ?text WHERE {
      ?e a ?cls ; rdfs:label ?label ; dra:statedIn/schema:text ?text .
      VALUES ?cls { dra:Village dra:Township schema:Person dra:Department }
      FILTER (lang(?label) = "zh")
    }"""
    rows = store.query(query).rows
    assert rows
    for label, text in rows:
        assert str(label) in str(text), (str(label), str(text)[:40])
