"""The four "1+1+1" assistance groups (sentences 21-22) and the leading groups (sentence 9).

Expectations are written from the article, by the article's Chinese names, not from data/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: group: (leader unit 组长单位, affiliated unit 直属单位, association 学协会, place assisted)
GROUPS = {
    "麻城帮扶组": ("工程质量安全监管司", "科技与产业化发展中心", "中国风景园林学会", "麻城市"),
    "红安帮扶组": ("住房保障司", "中国城市规划设计研究院", "中国建筑业协会", "红安县"),
    "湟中帮扶组": ("标准定额司", "中国建筑出版传媒有限公司", "中国城市规划学会", "湟中区"),
    "大通帮扶组": (
        "房地产市场监管司",
        "中国建设报社",
        "中国房地产估价师与房地产经纪人学会",
        "大通县",
    ),
}

MEMBERS = (
    PREFIXES
    + """
SELECT ?name ?unit ?role ?kind WHERE {
  ?group rdfs:label ?name .
  ?m a org:Membership ; org:organization ?group ; org:member ?u ; org:role ?r ;
     dra:statedIn ?s .
  ?u rdfs:label ?unit ; a ?kind . FILTER (lang(?unit) = "zh")
  ?r rdfs:label ?role . FILTER (lang(?role) = "zh")
  FILTER (?kind IN (dra:Department, dra:AffiliatedUnit, dra:Association))
}"""
)

ASSISTS = (
    PREFIXES
    + """
SELECT ?name ?place ?office WHERE {
  ?group rdfs:label ?name ; a dra:AssistanceGroup ; dra:assists/rdfs:label ?place ;
         dra:establishedBy/rdfs:label ?office .
  FILTER (lang(?place) = "zh" && lang(?office) = "zh")
}"""
)


def texts(store, query: str, **bindings: str) -> set[tuple[str, ...]]:
    """Rows as strings, without the bound columns (pyoxigraph binds projected variables only)."""
    result = store.query(query, {k: Literal(v, lang="zh") for k, v in bindings.items()})
    keep = [i for i, v in enumerate(result.variables) if v not in bindings]
    return {tuple(str(row[i]) for i in keep) for row in result.rows}


@pytest.mark.parametrize("group", GROUPS)
def test_group_has_exactly_its_three_units_in_their_roles(store, group: str) -> None:
    leader, affiliated, association = GROUPS[group][:3]
    dra = "https://dra.example.org/ontology#"
    assert texts(store, MEMBERS, name=group) == {
        (leader, "组长单位", dra + "Department"),
        (affiliated, "成员单位", dra + "AffiliatedUnit"),
        (association, "成员单位", dra + "Association"),
    }


@pytest.mark.parametrize("group", GROUPS)
def test_group_assists_its_place_and_was_set_up_by_the_office(store, group: str) -> None:
    assert texts(store, ASSISTS, name=group) == {
        (GROUPS[group][3], "住房和城乡建设部定点帮扶办公室")
    }


def test_there_are_four_groups_and_the_mechanism_counts_them(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT (COUNT(DISTINCT ?g) AS ?n) ?count WHERE {
      ?g a dra:AssistanceGroup ; dra:formedUnder ?mech .
      ?mech dra:quantity/schema:value ?count .
    } GROUP BY ?count"""
    )
    rows = store.query(query).rows
    assert [(r[0].toPython(), r[1].toPython()) for r in rows] == [(4, 4)]


LEADING = (
    PREFIXES
    + """
SELECT ?new ?old ?leader ?deputies WHERE {
  ?g a dra:LeadingGroup ; rdfs:label ?new ; dcterms:replaces/rdfs:label ?old .
  ?leaderPost org:postIn ?g ; org:role dra:RoleLeader .
  ?person org:holds ?leaderPost ; rdfs:label ?leader .
  ?deputyPost org:postIn ?g ; org:role dra:RoleDeputyLeader ; dra:quantity/schema:value ?deputies .
  FILTER (lang(?new) = "zh" && lang(?old) = "zh" && lang(?leader) = "zh")
}"""
)


def test_leading_group_replaced_the_poverty_group_led_by_wang_with_four_deputies(store) -> None:
    assert texts(store, LEADING) == {
        ("部定点帮扶工作领导小组", "部扶贫攻坚领导小组", "王蒙徽", "4")
    }


def test_leading_group_members_are_described_not_invented(store) -> None:
    """The article names no deputy or member: no person holds those posts."""
    query = (
        PREFIXES
        + """
    SELECT ?person WHERE {
      ?post org:postIn/a dra:LeadingGroup ; org:role ?role .
      FILTER (?role IN (dra:RoleDeputyLeader, dra:RoleMember))
      ?person org:holds ?post .
    }"""
    )
    assert store.query(query).rows == []


def test_office_is_a_unit_of_the_ministry_with_its_other_names(store) -> None:
    query = (
        PREFIXES
        + """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?alt WHERE {
      ?office rdfs:label "住房和城乡建设部定点帮扶办公室"@zh ;
              org:unitOf/rdfs:label "住房和城乡建设部"@zh ; skos:altLabel ?alt .
    }"""
    )
    assert {"部帮扶办公室", "住房和城乡建设部帮扶办公室"} <= {
        str(r[0]) for r in store.query(query).rows
    }
