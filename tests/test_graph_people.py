"""People, their posts (org:Post via org:holds) and their words (schema:Quotation), from the
article's own wording of each name and title."""

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
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: person: {(role 角色, organisation the post is in)}
POSTS = {
    "王蒙徽": {
        ("书记", "住房和城乡建设部党组"),
        ("部长", "住房和城乡建设部"),
        ("组长", "部定点帮扶工作领导小组"),
    },
    "张小宏": {("党组成员", "住房和城乡建设部党组"), ("副部长", "住房和城乡建设部")},
    "董红梅": {
        ("副主任", "住房和城乡建设部定点帮扶办公室"),
        ("一级巡视员", "住房和城乡建设部定点帮扶办公室"),
    },
    "杨波": {("挂职干部", "住房和城乡建设部"), ("副区长", "湟中区人民政府")},
    "马国祥": {("书记", "寺沟村党支部")},
    "戴建旺": {("书记", "庙咀湾村党支部")},
    "习近平": {("总书记", "党中央")},
}

HOLDS = (
    PREFIXES
    + """
SELECT ?name ?role ?org WHERE {
  ?person rdfs:label ?name ; org:holds ?post .
  ?post a org:Post ; org:role/skos:prefLabel ?role ; org:postIn/rdfs:label ?org ;
        dra:statedIn ?s .
  FILTER (lang(?role) = "zh" && lang(?org) = "zh")
}"""
)

#: speaker: sentence positions of one of their quotations
QUOTES = {
    "习近平": {4},
    "王蒙徽": {91},
    "张小宏": {15, 16},
    "董红梅": {17, 18, 19},
    "马国祥": {30, 31},
    "戴建旺": {32, 33},
    "杨波": {42, 43},
    "刘志明": {58, 59},
}

SAID = (
    PREFIXES
    + """
SELECT ?name ?q ?pos WHERE {
  ?q a schema:Quotation ; schema:spokenByCharacter/rdfs:label ?name ; schema:text ?text ;
     dra:statedIn/schema:position ?pos .
}"""
)


def zh(name: str) -> dict[str, Literal]:
    return {"name": Literal(name, lang="zh")}


@pytest.mark.parametrize("person", POSTS)
def test_person_holds_the_posts_the_article_gives(store, person: str) -> None:
    found = {(str(r[1]), str(r[2])) for r in store.query(HOLDS, zh(person)).rows}
    assert found == POSTS[person]


@pytest.mark.parametrize("speaker", QUOTES)
def test_quotation_is_attributed_and_cited(store, speaker: str) -> None:
    by_quote: dict = {}
    for _, q, pos in store.query(SAID, zh(speaker)).rows:
        by_quote.setdefault(q, set()).add(pos.toPython())
    assert QUOTES[speaker] in by_quote.values()


def test_zhang_spoke_at_the_joint_meeting_as_vice_minister(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?event ?post WHERE {
      ?q schema:spokenByCharacter/rdfs:label "张小宏"@zh ; dra:saidAt/rdfs:label ?event ;
         dra:speakerPost/rdfs:label ?post .
      FILTER (lang(?event) = "zh" && lang(?post) = "zh")
    }"""
    )
    found = {(str(e), str(p)) for e, p in store.query(query).rows}
    assert ("定点帮扶部县联席会议", "住房和城乡建设部副部长") in found


def test_xi_declared_victory_at_the_conference_on_25_february_2021(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?text ?date WHERE {
      ?q schema:spokenByCharacter/rdfs:label "习近平"@zh ; schema:text ?text ;
         dra:saidAt ?e .
      ?e rdfs:label "全国脱贫攻坚总结表彰大会"@zh ; schema:startDate ?date .
    }"""
    )
    rows = [(str(t), str(d)) for t, d in store.query(query).rows]
    assert rows == [("脱贫攻坚战取得了全面胜利。", "2021-02-25")]


def test_villager_and_author(store) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?home ?wrote WHERE {
      ?liu rdfs:label "刘志明"@zh ; schema:homeLocation/rdfs:label ?home .
      ?article a schema:NewsArticle ; schema:author/rdfs:label ?wrote .
      FILTER (lang(?home) = "zh" && lang(?wrote) = "zh")
    }"""
    )
    assert [(str(h), str(w)) for h, w in store.query(query).rows] == [("湟中区", "龚后雨")]


def test_every_quotation_text_is_in_its_sentences(store) -> None:
    """The quoted words are the article's own, found verbatim in the sentences cited."""
    query = (
        PREFIXES
        + """
    SELECT ?q ?text ?pos ?sentence WHERE {
      ?q a schema:Quotation ; schema:text ?text ; dra:statedIn ?s .
      ?s schema:position ?pos ; schema:text ?sentence .
    }"""
    )
    cited: dict = {}
    for q, text, pos, sentence in store.query(query).rows:
        cited.setdefault((q, str(text)), []).append((pos.toPython(), str(sentence)))
    assert len(cited) == 10
    for (q, text), sentences in cited.items():
        assert text in "".join(s for _, s in sorted(sentences)), q
