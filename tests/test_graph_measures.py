"""Every number of the article is a value on the right node: amounts in CNY as xsd:decimal,
counts as xsd:integer with a unit, hedges (近/余/多/约/数/分别) kept as a qualifier.

The tables below are written from the article text, sentence by sentence.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[1]
DRA = "https://dra.example.org/ontology#"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

PREFIXES = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: Values stated in a sentence: (position, value, unit or "CNY", hedge label or None).
VALUES = [
    (2, 3, "UnitItem", None),  # 三项重大任务
    (10, 5, "UnitAspect", None),  # 5个方面
    (10, 29, "UnitItem", None),  # 29项具体帮扶措施
    (12, 5, "UnitPerson", None),  # 5名干部
    (21, 4, "UnitGroup", None),  # 4个“1+1+1”帮扶工作组
    (25, 16, "UnitPartyBranch", None),  # 16个村党支部
    (28, 60000, "CNY", None),  # 6万元
    (29, 500, "UnitVillage", "余"),  # 500余个村庄
    (29, 51, "UnitVillage", None),  # 51个村庄
    (46, 2000000000, "CNY", "约"),  # 约20亿元
    (47, 60000000, "CNY", "余"),  # 6000多万元 (多 and 余 are one concept, "more than")
    (47, 2000, "UnitPerson", "近"),  # 近2000人
    (48, 6200000000, "CNY", None),  # 62亿元
    (48, 4614000000, "CNY", None),  # 46.14亿元
    (48, 75, "UnitPercent", None),  # 75%
    (51, 135000000, "CNY", None),  # 1.35亿元
    (54, 5, "UnitCompany", None),  # 建筑施工企业5家
    (54, 1, "UnitCompany", None),  # 设计咨询企业1家
    (56, 3, "UnitCompany", None),  # 3家建筑业一级资质企业
    (60, 13, "UnitPerson", None),  # 13位上海医疗专家
    (60, 2, "UnitPerson", None),  # 2位省内医疗专家
    (60, 3, "UnitOccasion", None),  # 三度携手
    (61, 100, "UnitPerson", "数"),  # 数百位患病群众
    (65, 1000, "UnitSheet", "分别"),  # 挂图1000张
    (65, 10000, "UnitCopy", "分别"),  # 折页图册1万份
    (67, 190000000, "CNY", None),  # 1.9亿元
    (67, 53, "UnitResidentialCommunity", None),  # 53个老旧小区
    (67, 9517, "UnitHousehold", None),  # 9517户
    (68, 45000000, "CNY", "近"),  # 近4500万元
    (68, 136, "UnitHousehold", None),  # 136户
    (69, 4420000, "CNY", None),  # 442万元
    (69, 386000000, "CNY", None),  # 3.86亿元
    (83, 57, "UnitPerson", None),  # 57名脱贫户家庭学生
    (83, 122, "UnitSet", None),  # 122套智能学习课桌
    (84, 100000, "CNY", None),  # 10万元
    (84, 80, "UnitPerson", None),  # 在校学生80人
    (84, 147, "UnitPerson", None),  # 校外学生147人
    (88, 3100000, "CNY", "余"),  # 310余万元
    (89, 7000000, "CNY", "余"),  # 700余万元
]

STATED = (
    PREFIXES
    + """
SELECT ?pos ?value ?unit ?currency ?hedge WHERE {
  ?node dra:statedIn/schema:position ?pos ; dra:amount|dra:quantity ?v .
  ?v schema:value ?value .
  OPTIONAL { ?v schema:unitCode ?unit }
  OPTIONAL { ?v schema:currency ?currency }
  OPTIONAL { ?v dra:valueQualifier/skos:prefLabel ?hedge . FILTER (lang(?hedge) = "zh") }
}"""
)


@pytest.fixture(scope="module")
def stated(store) -> set[tuple]:
    found = set()
    for pos, value, unit, currency, hedge in store.query(STATED).rows:
        kind = "CNY" if currency is not None else str(unit).removeprefix(DRA)
        found.add((pos.toPython(), value.toPython(), kind, hedge and str(hedge)))
    return found


@pytest.mark.parametrize("expected", VALUES, ids=lambda v: f"s{v[0]}-{v[1]}-{v[2]}")
def test_value_is_stated_with_its_unit_and_hedge(stated: set[tuple], expected: tuple) -> None:
    assert expected in stated


def test_amounts_are_decimal_cny_and_counts_are_integers(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?v ?value ?currency WHERE {
      ?n dra:amount|dra:quantity ?v . ?v schema:value ?value .
      OPTIONAL { ?v schema:currency ?currency }
    }"""
    )
    rows = store.query(query).rows
    assert rows
    for _, value, currency in rows:
        if currency is None:
            assert value.datatype == XSD_INTEGER
        else:
            assert (value.datatype, str(currency)) == (XSD_DECIMAL, "CNY")
            assert isinstance(value.toPython(), Decimal)


#: Measure facts beyond the number: (label fragment, category, provider/coordinator, beneficiary)
MEASURES = [
    ("1.9亿元", "资金帮扶", "住房和城乡建设部", "大通县"),
    ("近4500万元", "资金帮扶", "住房和城乡建设部", "红安县"),
    ("442万元", "资金帮扶", "住房和城乡建设部", "麻城市"),
    ("3.86亿元", "资金帮扶", "住房和城乡建设部", "湟中区"),
    ("10万元", "教育帮扶", "住房和城乡建设部", "红安县特殊教育学校"),
    ("6万元", "党建帮扶", "碧桂园集团青藏区域党支部", "上后拉村"),
    ("6万元", "党建帮扶", "房地产市场监管司", "庄头村"),
    ("310余万元", "消费帮扶", "住房和城乡建设部", "红安县"),
    ("700余万元", "消费帮扶", "住房和城乡建设部", "大通县"),
    ("篮球场", "体育帮扶", "美团集团", "韭菜沟村"),
    ("篮球场", "体育帮扶", "住房和城乡建设部", "阳坡村"),
    ("战略合作协议", "就业帮扶", "中国物业管理协会", "大通县"),
    ("非物质文化遗产精品展", "文化帮扶", "住房和城乡建设部", "湟中区"),
    ("石材", "产业帮扶", "中国五矿化工进出口商会", "麻城市"),
    ("70位", "教育帮扶", "碧桂园", "大通县"),
    ("送医下乡", "医疗帮扶", "中国农工民主党中央", "大通县第二人民医院"),
]

MEASURE = (
    PREFIXES
    + """
SELECT ?label ?category ?actor ?beneficiary WHERE {
  ?m a dra:AssistanceMeasure ; rdfs:label ?label ; dra:category/skos:prefLabel ?category ;
     dra:provider|dra:coordinator|dra:partner ?a ; dra:beneficiary ?b .
  ?a rdfs:label ?actor . ?b rdfs:label ?beneficiary .
  FILTER (lang(?label) = "zh" && lang(?category) = "zh" && lang(?actor) = "zh"
          && lang(?beneficiary) = "zh")
}"""
)


@pytest.fixture(scope="module")
def measures(store) -> list[tuple[str, ...]]:
    return [tuple(str(t) for t in row) for row in store.query(MEASURE).rows]


@pytest.mark.parametrize("expected", MEASURES, ids=lambda m: f"{m[0]}-{m[3]}")
def test_measure_has_category_actor_and_beneficiary(measures, expected) -> None:
    fragment, category, actor, beneficiary = expected
    assert any(
        fragment in label and (cat, act, ben) == (category, actor, beneficiary)
        for label, cat, act, ben in measures
    )


def test_every_measure_has_exactly_one_category(store) -> None:
    """The category is the article's section heading, so totals by category add up."""
    query = (
        PREFIXES
        + """
    SELECT ?m (COUNT(?c) AS ?n) WHERE {
      ?m a dra:AssistanceMeasure . OPTIONAL { ?m dra:category ?c }
    } GROUP BY ?m"""
    )
    counts = {r[1].toPython() for r in store.query(query).rows}
    assert counts == {1}


def test_funding_category_totals_the_four_funding_measures(store) -> None:
    """资金帮扶 (lines 67-69): 1.9亿 + 近4500万 + 442万 + 3.86亿 = 625,420,000 yuan."""
    query = (
        PREFIXES
        + """
    SELECT (COUNT(?m) AS ?n) (SUM(?value) AS ?total) WHERE {
      ?m dra:category dra:FundingAssistance ; dra:amount/schema:value ?value .
    }"""
    )
    ((n, total),) = store.query(query).rows
    assert (n.toPython(), total.toPython()) == (4, Decimal(625420000))


def test_funding_measures_draw_on_the_named_funds(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?amount ?fund WHERE {
      ?m dra:amount/schema:value ?amount ; dra:fundingSource/rdfs:label ?fund .
      FILTER (lang(?fund) = "zh")
    }"""
    )
    found = {(r[0].toPython(), str(r[1])) for r in store.query(query).rows}
    assert found == {
        (Decimal(190000000), "中央财政保障性安居工程专项补助资金"),
        (Decimal(190000000), "中央预算内投资"),
        (Decimal(45000000), "中央财政农村危房改造补助资金"),
    }


def test_every_category_of_the_article_has_measures(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT DISTINCT ?category WHERE {
      ?m a dra:AssistanceMeasure ; dra:category/skos:prefLabel ?category .
      FILTER (lang(?category) = "zh")
    }"""
    )
    found = {str(r[0]) for r in store.query(query).rows}
    article = {"资金帮扶", "产业帮扶", "就业帮扶", "文化帮扶", "教育帮扶", "体育帮扶", "消费帮扶"}
    described = {"人才帮扶", "党建帮扶", "医疗帮扶"}
    assert article | described <= found


def test_a_hedged_value_is_never_plain(store) -> None:
    """近4500万元 carries its hedge; 1.9亿元 has none."""
    query = (
        PREFIXES
        + """
    SELECT ?label ?q WHERE {
      ?v a schema:MonetaryAmount ; rdfs:label ?label . OPTIONAL { ?v dra:valueQualifier ?q }
      FILTER (lang(?label) = "zh")
    }"""
    )
    qualifiers = {str(label): q for label, q in store.query(query).rows}
    assert qualifiers["近4500万元"] == URIRef(DRA + "Nearly")
    assert qualifiers["1.9亿元"] is None
