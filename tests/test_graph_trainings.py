"""Trainings and cadres (sentences 12, 34-43, 82, 86): who was trained, how many, in what
unit, when, and through which programme. Written from the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: (sentence, beneficiary, {(value, unit label zh)}), each one talent-assistance measure
COUNTS = [
    (34, "红安县", {(15, "次（培训）"), (130, "人次")}),
    (37, "大通县", {(509, "人次")}),
    (38, "湟中区", {(120, "人")}),
    (38, "麻城市", {(117, "人次")}),
    (39, "红安县", {(242, "人次")}),
    (41, "大通县", {(3, "批次"), (60, "人")}),
    (41, "大通县", {(26, "人")}),
    (41, "大通县", {(29, "人")}),
    (42, "湟中区", {(17, "次（培训）"), (180, "人")}),
    (12, "红安县", {(5, "人")}),
]

MEASURES = (
    PREFIXES
    + """
SELECT ?m ?pos ?beneficiary ?value ?unit WHERE {
  ?m a dra:AssistanceMeasure ; dra:category dra:TalentAssistance ;
     dra:statedIn/schema:position ?pos ; dra:beneficiary/rdfs:label ?beneficiary ;
     dra:quantity ?q .
  ?q schema:value ?value ; schema:unitCode/skos:prefLabel ?unit .
  FILTER (lang(?beneficiary) = "zh" && lang(?unit) = "zh")
}"""
)


@pytest.fixture(scope="module")
def talent(store) -> dict:
    """measure -> (sentences, beneficiaries, counts)"""
    out: dict = {}
    for m, pos, ben, value, unit in store.query(MEASURES).rows:
        sentences, beneficiaries, counts = out.setdefault(m, (set(), set(), set()))
        sentences.add(pos.toPython())
        beneficiaries.add(str(ben))
        counts.add((value.toPython(), str(unit)))
    return out


@pytest.mark.parametrize("expected", COUNTS, ids=lambda c: f"s{c[0]}-{sorted(c[2])[0][0]}")
def test_training_counts(talent, expected) -> None:
    sentence, beneficiary, counts = expected
    assert any(sentence in s and beneficiary in b and c == counts for s, b, c in talent.values()), (
        expected
    )


def test_hedged_training_count_keeps_its_hedge(store) -> None:
    """一年来仅帮助湟中区就组织开展各类培训17次，培训各方面人才180多人。"""
    query = (
        PREFIXES
        + """
    SELECT ?hedge WHERE {
      ?m dra:quantity ?q . ?q schema:value 180 ; dra:valueQualifier/skos:prefLabel ?hedge .
      ?m dra:beneficiary/rdfs:label "湟中区"@zh .
      FILTER (lang(?hedge) = "zh")
    }"""
    )
    assert [str(r[0]) for r in store.query(query).rows] == ["余"]


#: (sentence, start, end) of dated trainings of Datong officials and teachers
DATES = [
    (60, "2021-04", "2021-08"),  # 3批次60位校长教师
    (26, "2021-07", None),  # 26人
    (29, "2021-09", None),  # 29名领导干部
]


@pytest.mark.parametrize("expected", DATES, ids=lambda d: f"{d[0]}")
def test_datong_trainings_are_dated(store, expected) -> None:
    persons, start, end = expected
    query = (
        PREFIXES
        + """
    SELECT ?n ?date ?start ?end WHERE {
      ?m dra:beneficiary/rdfs:label "大通县"@zh ; dra:quantity ?q .
      ?q schema:value ?n ; schema:unitCode dra:UnitPerson .
      OPTIONAL { ?m dcterms:date ?date } OPTIONAL { ?m schema:startDate ?start }
      OPTIONAL { ?m schema:endDate ?end }
    }"""
    )
    rows = store.query(query, {"n": Literal(persons)}).rows
    assert len(rows) == 1
    date, s, e = (t and str(t) for t in rows[0][1:])
    assert (s or date, e) == (start, end)


def test_programmes_named_in_the_article_exist_as_trainings(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?name WHERE { ?t a dra:Training ; rdfs:label ?name . FILTER (lang(?name) = "zh") }"""
    )
    names = {str(r[0]) for r in store.query(query).rows}
    assert {
        "共同缔造与乡村振兴大讲堂",
        "2021清华碧桂园乡村振兴教师系列培训",
        "清华碧桂园乡村产业振兴领头雁培养计划",
        "中山大学碧桂园结对帮扶大通县乡村振兴建设提升班",
        "碧桂园—清华大学校长成长计划培训",
        "4地党支部书记培训班",
        "菊花种植技能培训",
        "骨伤科专题培训",
        "姚基金NBA乡村体育教师培训",
        "党史学习教育云党课",
    } <= names


def test_principal_programme_lasts_one_month_for_seventy_teachers(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?duration ?n WHERE {
      ?m dra:involves/rdfs:label "碧桂园—清华大学校长成长计划培训"@zh ;
         schema:duration ?duration ; dra:quantity/schema:value ?n .
    }"""
    )
    assert [(str(d), n.toPython()) for d, n in store.query(query).rows] == [("P1M", 70)]
