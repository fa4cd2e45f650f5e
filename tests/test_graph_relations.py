"""Relations the article states between named things, found missing by the audit of issue 3
and written from the article's lines (not from the data): who a body belongs to, what a
speaker refers to, which campaign, programme or model a measure works through."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg import namespaces as ns

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""


#: what the node named ?name reaches by the property ?p; both are bound, so both are projected
#: (pyoxigraph substitutes bound variables only where the SELECT clause shows them)
OBJECTS = (
    PREFIXES
    + """
SELECT DISTINCT ?name ?p ?label WHERE {
  ?s rdfs:label ?name ; ?p ?o . ?o rdfs:label ?label . FILTER (lang(?label) = "zh")
}"""
)


def zh_objects(store, subject_label: str, prop: URIRef) -> set[str]:
    """zh labels of what the node labelled `subject_label`@zh reaches by `prop`."""
    rows = store.query(OBJECTS, {"name": Literal(subject_label, lang="zh"), "p": prop}).rows
    return {str(r[2]) for r in rows}


def test_stationed_inspection_group_belongs_to_ccdi_and_nsc(store) -> None:
    """2: 中央纪委国家监委驻部纪检监察组 — the group of both commissions stationed at the ministry."""
    name = "中央纪委国家监委驻部纪检监察组"
    assert zh_objects(store, name, ns.ORG.subOrganizationOf) == {"中央纪委", "国家监委"}
    assert zh_objects(store, name, ns.ORG.linkedTo) == {"住房和城乡建设部"}


MENTIONS = (
    PREFIXES
    + """
SELECT ?pos ?label WHERE {
  ?quote a schema:Quotation ; dra:statedIn/schema:position ?pos ;
         schema:spokenByCharacter/rdfs:label "王蒙徽"@zh ; schema:mentions/rdfs:label ?label .
  FILTER (lang(?label) = "zh")
}"""
)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (
            6,
            {
                "党的十九大",
                "十九届历次全会",
                "习近平总书记关于定点帮扶工作的重要指示精神",
                "习近平",
            },
        ),
        (91, {"习近平", "党中央"}),
    ],
)
def test_wang_menghui_refers_to_what_he_names(store, position: int, expected: set[str]) -> None:
    rows = store.query(MENTIONS, {"pos": Literal(position)}).rows
    assert {str(r[1]) for r in rows} == expected


#: a measure's zh label (from its sentence) → what it works through, by the article's names
INVOLVES = {
    # 25: 共同学习领会习近平总书记关于乡村振兴战略重要论述, 结合党史学习教育
    "部机关、事业单位和学会协会党支部与4地16个村党支部开展支部共建": {
        "习近平总书记关于乡村振兴战略重要论述",
        "党史学习教育",
        "农家书屋",  # 捐赠书籍支持建设农家书屋
    },
    # 37: 城镇老旧小区改造、“共同缔造”活动等专题培训
    "举办农村房屋安全、城镇老旧小区改造等专题培训共计509人次": {
        "城镇老旧小区改造",
        "“共同缔造”活动",
    },
    # 68: 农村危房改造补助资金 … 进行危房改造
    "安排中央财政农村危房改造补助资金近4500万元": {"农村危房改造"},
    # 69: 助力4地开展共同缔造
    "直接捐赠帮扶资金442万元": {"“共同缔造”活动"},
    # 69: 美好环境与幸福生活共同缔造示范、农牧民居住条件改善工程、高原美丽乡村建设
    "帮助4地引进帮扶资金3.86亿元": {"“共同缔造”活动", "农牧民居住条件改善工程", "高原美丽乡村建设"},
    # 77: 助力打造“产业帮扶+就业帮扶”造血模式
    "协调万科、碧桂园等房地产企业为大通县提供帮扶务工岗位": {"“产业帮扶+就业帮扶”造血模式"},
}


@pytest.mark.parametrize("measure", INVOLVES)
def test_measure_works_through_what_its_sentence_names(store, measure: str) -> None:
    assert INVOLVES[measure] <= zh_objects(store, measure, ns.DRA.involves)


def test_sigou_party_building_ecommerce_model(store) -> None:
    """30: 中国建设报社党委与村党支部开展党建联建 … 促进了寺沟村‘党建﹢电商’的发展模式。"""
    assert zh_objects(store, "党建﹢电商", ns.SDO.location) == {"寺沟村"}
    pairing = "中国建设报社党委与寺沟村党支部党建联建"
    assert zh_objects(store, pairing, ns.DCTERMS.relation) == {"党建﹢电商"}
