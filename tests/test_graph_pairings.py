"""Party-building pairings (sentences 25-31): the three named 支部共建 pairings, the 党建联建 of
中国建设报社党委 with 寺沟村, the 16 village branches overall, and each branch's body."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""

#: (ministry-side organisation, its body, village branch, its village)
PAIRINGS = {
    ("村镇建设司党支部", "村镇建设司", "苏尔吉村党支部", "苏尔吉村"),
    ("工程质量安全监管司党支部", "工程质量安全监管司", "八磊石村党总支部", "八磊石村"),
    (
        "科技与产业化发展中心第三党支部",
        "科技与产业化发展中心",
        "福田河村党支部",
        "福田河村",
    ),
    ("中国建设报社党委", "中国建设报社", "寺沟村党支部", "寺沟村"),
}

PAIRING = (
    PREFIXES
    + """
SELECT ?helper ?helperBody ?helped ?village WHERE {
  ?p a dra:BranchPairing ; dra:assistingParty ?h ; dra:assistedParty ?v ; dra:statedIn ?s .
  ?h rdfs:label ?helper ; dra:partyOrganizationOf/rdfs:label ?helperBody .
  ?v rdfs:label ?helped ; dra:partyOrganizationOf/rdfs:label ?village .
  FILTER (lang(?helper) = "zh" && lang(?helperBody) = "zh" && lang(?helped) = "zh"
          && lang(?village) = "zh")
}"""
)


def test_the_four_named_pairings(store) -> None:
    found = {tuple(str(t) for t in row) for row in store.query(PAIRING).rows}
    assert found == PAIRINGS


def test_sigou_pairing_is_told_by_its_secretary(store) -> None:
    query = (
        PREFIXES
        + """
    PREFIX org: <http://www.w3.org/ns/org#>
    SELECT ?pos ?speaker WHERE {
      ?p a dra:BranchPairing ; dra:assistedParty/rdfs:label "寺沟村党支部"@zh ;
         dra:statedIn/schema:position ?pos .
      ?q schema:about ?p ; schema:spokenByCharacter/rdfs:label ?speaker .
      FILTER (lang(?speaker) = "zh")
    }"""
    )
    found = {(r[0].toPython(), str(r[1])) for r in store.query(query).rows}
    assert found == {(30, "马国祥"), (31, "马国祥")}


def test_sixteen_village_branches_in_the_four_places(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?n ?unit WHERE {
      ?m a dra:AssistanceMeasure ; dra:category dra:PartyBuildingAssistance ;
         dra:statedIn/schema:position 25 ; dra:quantity ?q .
      ?q schema:value ?n ; schema:unitCode ?unit .
    }"""
    )
    rows = [(r[0].toPython(), str(r[1])) for r in store.query(query).rows]
    assert rows == [(16, "https://dra.example.org/ontology#UnitPartyBranch")]


def test_country_garden_branch_donates_with_the_township_committee(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?partner ?coordinator ?amount ?date WHERE {
      ?m dra:provider/rdfs:label "碧桂园集团青藏区域党支部"@zh ;
         dra:partner/rdfs:label ?partner ; dra:coordinator/rdfs:label ?coordinator ;
         dra:amount/schema:value ?amount ; <http://purl.org/dc/terms/date> ?date .
      FILTER (lang(?partner) = "zh" && lang(?coordinator) = "zh")
    }"""
    )
    rows = [tuple(t.toPython() for t in r) for r in store.query(query).rows]
    assert [(str(p), str(c), a, str(d)) for p, c, a, d in rows] == [
        ("逊让乡党委", "房地产市场监管司", Decimal(60000), "2021-06")
    ]
