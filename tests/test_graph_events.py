"""Events, documents and organisations' deeds with their dates and places (sentences 1, 10,
44-48, 53, 57, 60, 65, 78, 80). Written from the article."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: event label: (start, end, a place it is at)
EVENTS = {
    "全国脱贫攻坚总结表彰大会": ("2021-02-25", "2021-02-25", None),
    "海通集团装配式产业基地暨总部大楼项目正式开工": (
        "2021-09-21",
        "2021-09-21",
        "红安经济开发区新型产业园",
    ),
    "送医下乡": ("2021-09-10", "2021-09-14", "湟中区第一人民医院"),
    "青海西宁非物质文化遗产精品展": ("2020-11", "2021-03", "恭王府"),
    "定点帮扶部县联席会议": ("2021", None, "大通县"),
}

EVENT = (
    PREFIXES
    + """
SELECT ?name ?start ?end ?place WHERE {
  ?e rdfs:label ?name ; schema:startDate ?start ; dra:statedIn ?s .
  OPTIONAL { ?e schema:endDate ?end }
  OPTIONAL { ?e schema:location/rdfs:label ?place . FILTER (lang(?place) = "zh") }
}"""
)


def zh(name: str) -> dict[str, Literal]:
    return {"name": Literal(name, lang="zh")}


@pytest.mark.parametrize("event", EVENTS)
def test_event_dates_and_place(store, event: str) -> None:
    start, end, place = EVENTS[event]
    rows = {tuple(t and str(t) for t in r[1:]) for r in store.query(EVENT, zh(event)).rows}
    assert {(s, e) for s, e, _ in rows} == {(start, end)}
    if place:
        assert place in {p for _, _, p in rows}


def test_exhibition_organisers(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?role ?who WHERE {
      ?e rdfs:label "青海西宁非物质文化遗产精品展"@zh ; ?p ?o . ?o rdfs:label ?who .
      VALUES (?p ?role) { (schema:organizer "主办") (dra:executingOrganizer "承办")
                          (schema:sponsor "支持") (dra:coordinator "协调") }
      FILTER (lang(?who) = "zh")
    }"""
    )
    found = {(str(r), str(w)) for r, w in store.query(query).rows}
    assert found == {
        ("主办", "西宁市人民政府"),
        ("承办", "西宁市文化旅游广电局"),
        ("承办", "湟中区人民政府"),
        ("支持", "文旅部"),
        ("协调", "住房和城乡建设部"),
    }


def test_haitong_moved_from_nanjing_to_hongan_in_december_2019(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?from ?to ?date WHERE {
      ?r a dra:Relocation ; schema:agent/rdfs:label "海通集团"@zh ; dcterms:date ?date ;
         schema:fromLocation/rdfs:label ?from ; schema:toLocation/rdfs:label ?to .
      FILTER (lang(?from) = "zh" && lang(?to) = "zh")
    }"""
    )
    assert [tuple(map(str, r)) for r in store.query(query).rows] == [("南京", "红安县", "2019-12")]


def test_haitong_project_investors_and_planned_investment(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?investor ?amount ?hedge WHERE {
      ?p rdfs:label "海通集团装配式产业基地暨总部大楼项目"@zh ;
         schema:funder/rdfs:label ?investor ; dra:amount ?a .
      ?a schema:value ?amount ; dra:valueQualifier ?hedge .
      FILTER (lang(?investor) = "zh")
    }"""
    )
    rows = {(str(i), a.toPython(), str(h)) for i, a, h in store.query(query).rows}
    approx = "https://dra.example.org/ontology#Approximately"
    assert rows == {
        ("海通集团", Decimal(2000000000), approx),
        ("红安县城投公司", Decimal(2000000000), approx),
    }


def test_work_plan_has_five_aspects_and_29_measures(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?n ?year WHERE {
      ?plan rdfs:label "部2021年定点帮扶工作计划"@zh ; schema:publisher/rdfs:label "住房和城乡建设部"@zh ;
            dcterms:temporal ?year ; dra:quantity/schema:value ?n .
    }"""
    )
    assert {(n.toPython(), str(y)) for n, y in store.query(query).rows} == {
        (5, "2021"),
        (29, "2021"),
    }


#: document: who signed, wrote or issued it
DOCUMENTS = {
    "中国城市规划设计研究院与大通县政府战略合作框架协议": {"中国城市规划设计研究院", "大通县政府"},
    "中国物业管理协会与大通县战略合作协议": {"中国物业管理协会", "大通县"},
    "加快推进全区建筑业发展的意见": {"湟中区"},
    "湟中区建筑业发展调研报告": {"湟中帮扶组"},
    "“农村自建房安全常识”一张图": {"住房和城乡建设部"},
}

DOCUMENT = (
    PREFIXES
    + """
SELECT ?name ?who WHERE {
  ?d rdfs:label ?name ; dra:agreementParty|schema:publisher|schema:author|schema:creator ?w .
  ?w rdfs:label ?who . FILTER (lang(?who) = "zh")
}"""
)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_parties(store, document: str) -> None:
    found = {str(r[1]) for r in store.query(DOCUMENT, zh(document)).rows}
    assert found == DOCUMENTS[document]
