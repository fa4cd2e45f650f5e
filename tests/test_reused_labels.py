"""Every term the graph uses — ours or reused — has a name in Chinese and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.labels import qname
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]

USED_TERMS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?term ?zh ?en WHERE {
  { ?s ?term ?o } UNION { ?s a ?term }
  OPTIONAL { ?term rdfs:label|skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?term rdfs:label|skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}
"""


@pytest.fixture(scope="module")
def used_terms() -> dict[str, tuple]:
    rows = open_store(ROOT).query(USED_TERMS).rows
    terms: dict[str, tuple] = {}
    for term, zh, en in rows:
        seen_zh, seen_en = terms.get(qname(term), (None, None))
        terms[qname(term)] = (seen_zh or zh, seen_en or en)
    return terms


def test_every_used_class_and_property_has_zh_and_en_labels(used_terms) -> None:
    missing = sorted(t for t, (zh, en) in used_terms.items() if zh is None or en is None)
    assert missing == [], f"add labels to ontology/reused.ttl or ontology/ontology.ttl: {missing}"


def test_reused_terms_are_labelled_by_us(used_terms) -> None:
    assert str(used_terms["schema:Person"][0]) == "人物"
    assert str(used_terms["org:Membership"][1]) == "membership"
