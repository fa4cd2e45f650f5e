"""Places as the article places them: each village in its town and county, each county in its
province (sentences 4, 26, 28, 31, 33, 86). Expectations written from the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

ROOT = Path(__file__).resolve().parents[1]

#: village: (town or None where the article names none, county)
VILLAGES = {
    "苏尔吉村": ("共和镇", "湟中区"),
    "八磊石村": ("三河口镇", "麻城市"),
    "福田河村": ("福田河镇", "麻城市"),
    "上后拉村": ("逊让乡", "大通县"),
    "八里村": ("逊让乡", "大通县"),
    "庄头村": ("逊让乡", "大通县"),
    "寺沟村": ("景阳镇", "大通县"),
    "庙咀湾村": ("高桥镇", "红安县"),
    "阳坡村": (None, "湟中区"),
    "韭菜沟村": (None, "大通县"),
}

#: county-level place: the chain above it, nearest first
COUNTIES = {
    "红安县": ["湖北省"],
    "麻城市": ["湖北省"],
    "湟中区": ["西宁市", "青海省"],
    "大通县": ["西宁市", "青海省"],
}

PARENT = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?name ?parent ?kind WHERE {
  ?place rdfs:label ?name ; schema:containedInPlace ?p .
  ?p rdfs:label ?parent ; a ?kind . FILTER (lang(?parent) = "zh")
}"""

ANCESTORS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?name ?ancestor WHERE {
  ?place rdfs:label ?name ; schema:containedInPlace+ ?a .
  ?a rdfs:label ?ancestor . FILTER (lang(?ancestor) = "zh")
}"""

DRA = "https://dra.example.org/ontology#"


def rows(store, query: str, name: str) -> set[tuple[str, ...]]:
    result = store.query(query, {"name": Literal(name, lang="zh")})
    return {tuple(str(t) for t in row[1:]) for row in result.rows}


@pytest.mark.parametrize("village", VILLAGES)
def test_village_sits_in_its_town_and_county(store, village: str) -> None:
    town, county = VILLAGES[village]
    if town is None:
        assert rows(store, PARENT, village) == {(county, DRA + "County")}
    else:
        assert rows(store, PARENT, village) == {(town, DRA + "Township")}
        assert rows(store, PARENT, town) == {(county, DRA + "County")}
    assert county in {a for (a,) in rows(store, ANCESTORS, village)}


@pytest.mark.parametrize("county", COUNTIES)
def test_county_sits_in_its_city_and_province(store, county: str) -> None:
    assert {a for (a,) in rows(store, ANCESTORS, county)} == set(COUNTIES[county])


def test_the_four_places_are_the_four_assisted_counties(store) -> None:
    query = """
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX dra: <https://dra.example.org/ontology#>
    PREFIX id: <https://dra.example.org/id/>
    SELECT ?part WHERE {
      ?set rdfs:label "4地"@zh ; dcterms:hasPart/rdfs:label ?part .
      id:mohurd dra:assists ?county . ?county rdfs:label ?part .
      FILTER (lang(?part) = "zh")
    }"""
    assert {str(r[0]) for r in store.query(query).rows} == set(COUNTIES)


def test_villages_cite_the_sentence_that_places_them(store) -> None:
    query = """
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX schema: <https://schema.org/>
    PREFIX dra: <https://dra.example.org/ontology#>
    SELECT ?name ?pos WHERE {
      ?v a dra:Village ; rdfs:label ?name ; dra:statedIn/schema:position ?pos .
      FILTER (lang(?name) = "zh")
    }"""
    cited: dict[str, set[int]] = {}
    for name, pos in store.query(query).rows:
        cited.setdefault(str(name), set()).add(pos.toPython())
    assert 26 in cited["苏尔吉村"] and 28 in cited["庄头村"] and 31 in cited["寺沟村"]
    assert 33 in cited["庙咀湾村"] and 86 in cited["韭菜沟村"]
    assert set(cited) == set(VILLAGES)
