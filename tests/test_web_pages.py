"""The site's pages through Flask's test client, on this checkout's data: what each page
says (labels, counts, rows), in both languages. Facts asserted are the article's."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import Graph, URIRef

from kg.namespaces import DRA, ID

HTML = {"Accept": "text/html"}


def text(response) -> str:
    """The page with entities decoded (so "Hong'an" reads as written)."""
    return html.unescape(response.get_data(as_text=True))


def english(client) -> None:
    response = client.get("/lang/en?next=/")
    assert response.status_code == 303


# -- language ------------------------------------------------------------------------------


def test_chinese_by_default_and_english_remembered(client):
    zh = text(client.get("/", headers=HTML))
    assert "图谱概况" in zh or "定点帮扶的四地" in zh
    assert 'lang="zh-Hans"' in zh

    response = client.get("/lang/en?next=/search%3Fq%3D1", headers=HTML)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/search?q=1")
    assert "lang=en" in response.headers["Set-Cookie"]

    en = text(client.get("/", headers=HTML))
    assert "The four assisted places" in en
    assert "Hong'an County" in en  # labels follow the language
    assert 'href="/lang/zh?next=/"' in en  # the switch offers the other language

    client.get("/lang/zh?next=/")
    assert "定点帮扶的四地" in text(client.get("/", headers=HTML))


def test_language_switch_refuses_to_redirect_elsewhere(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil"):
        response = client.get("/lang/en", query_string={"next": target})
        assert response.headers["Location"] in ("/", "http://localhost/")


def test_every_page_has_the_switch(client):
    for url in (
        "/",
        "/search?q=红安",
        "/article",
        "/ontology",
        "/queries",
        "/validate",
        "/id/hongan-county",
        "/queries/group-composition",
        "/no-such-page",
    ):
        body = text(client.get(url, headers=HTML))
        assert 'id="lang-switch"' in body, url


# -- home ----------------------------------------------------------------------------------


def test_home_lists_places_groups_classes_and_queries(client):
    body = text(client.get("/", headers=HTML))
    places = body[body.index('id="places"') : body.index('id="groups"')]
    for place in ("红安县", "麻城市", "湟中区", "大通县"):
        assert place in places
    groups = body[body.index('id="groups"') :]
    for group in ("红安帮扶组", "麻城帮扶组", "湟中帮扶组", "大通帮扶组"):
        assert group in groups
    # The leader units the article names (line 22), inside their groups' lists.
    assert "住房保障司" in groups and "工程质量安全监管司" in groups
    row = re.search(
        r'class="num">(\d+)</span>\s*<a href="/ontology/AssistanceGroup">帮扶工作组</a>', body
    )
    assert row is not None and row.group(1) == "4"
    assert "成员关系" in body[body.index('id="class-counts"') :]  # org:Membership, by label
    assert 'action="/search"' in body
    assert 'href="/queries/group-composition"' in body


# -- search --------------------------------------------------------------------------------


def test_search_chinese_substring_finds_county_and_group(client):
    body = text(client.get("/search", query_string={"q": "红安"}, headers=HTML))
    hits = body[body.index('id="hits"') :]
    assert 'href="/id/hongan-county"' in hits
    assert 'href="/id/hongan-group"' in hits
    assert "县级行政区" in hits  # the type, by its label


def test_search_english_and_aliases(client):
    body = text(client.get("/search", query_string={"q": "hong'an"}, headers=HTML))
    assert 'href="/id/hongan-county"' in body
    body = text(client.get("/search", query_string={"q": "HONGAN"}, headers=HTML))
    assert 'href="/id/hongan-county"' in body  # case and apostrophe do not matter


def test_search_ranks_exact_name_first(client):
    body = text(client.get("/search", query_string={"q": "红安县"}, headers=HTML))
    hrefs = re.findall(r'class="hit" href="([^"]+)"', body)
    assert hrefs[0] == "/id/hongan-county"


def test_search_nothing_found_and_empty(client):
    body = text(client.get("/search", query_string={"q": "不存在的名字xyz"}, headers=HTML))
    assert 'id="no-hits"' in body
    body = text(client.get("/search", headers=HTML))
    assert "请输入" in body


# -- entity pages --------------------------------------------------------------------------


def test_entity_page_heading_types_facts(client):
    body = text(client.get("/id/hongan-group", headers=HTML))
    heading = body[body.index('id="entity-heading"') : body.index("</h1>")]
    assert "红安帮扶组" in heading and "Hong'an" in heading  # both languages
    assert "帮扶工作组" in body[body.index('id="entity-types"') :]
    facts = body[body.index('id="facts"') : body.index("</table>", body.index('id="facts"'))]
    assert "帮扶" in facts and 'href="/id/hongan-county"' in facts  # dra:assists, by label


def test_entity_page_expands_memberships_inline(client):
    body = text(client.get("/id/hongan-group", headers=HTML))
    incoming = body[body.index('id="incoming"') :]
    # Each membership is opened: its member unit and role are on the group's page.
    assert incoming.count('class="nary"') >= 3
    for unit in ("住房保障司", "中国城市规划设计研究院", "中国建筑业协会"):
        assert unit in incoming
    assert "组长单位" in incoming


def test_entity_page_quotes_source_sentences_with_article_links(client):
    body = text(client.get("/id/hongan-group", headers=HTML))
    sources = body[body.index('id="sources"') :]
    assert "由住房保障司、中国城市规划设计研究院、中国建筑业协会组成的红安帮扶组" in sources
    assert re.search(r'href="/article#zgjsb-2022-01-24-s22"', sources)


def test_entity_page_neighbourhood_links_are_pages(client):
    body = text(client.get("/id/hongan-group", headers=HTML))
    svg = body[body.index('<svg class="neighbourhood"') : body.index("</svg>")]
    links = set(re.findall(r'<a href="(/id/[^"]+)"', svg))
    assert "/id/hongan-county" in links
    for link in links:
        assert client.get(link, headers=HTML).status_code == 200, link


def test_entity_page_in_english(client):
    english(client)
    body = text(client.get("/id/hongan-county", headers=HTML))
    heading = body[body.index('id="entity-heading"') : body.index("</h1>")]
    assert heading.index("Hong'an County") < heading.index("红安县")
    assert "Referenced by" in body


def test_sentence_entity_links_to_article(client):
    body = text(client.get("/id/zgjsb-2022-01-24-s22", headers=HTML))
    assert "红安帮扶组" in body
    assert 'href="/article#zgjsb-2022-01-24-s22"' in body


def test_unknown_entity_is_a_friendly_404(client):
    response = client.get("/id/no-such-thing", headers=HTML)
    assert response.status_code == 404
    assert "找不到这个页面" in text(response)


@pytest.mark.parametrize(
    ("url", "headers", "media", "fmt"),
    [
        ("/id/hongan-group.ttl", {}, "text/turtle", "turtle"),
        ("/id/hongan-group.nt", {}, "application/n-triples", "nt"),
        ("/id/hongan-group.jsonld", {}, "application/ld+json", "json-ld"),
        ("/id/hongan-group", {"Accept": "text/turtle"}, "text/turtle", "turtle"),
        ("/id/hongan-group", {"Accept": "application/n-triples"}, "application/n-triples", "nt"),
        ("/id/hongan-group", {"Accept": "application/ld+json"}, "application/ld+json", "json-ld"),
        (
            "/id/hongan-group",
            {"Accept": "text/html;q=0.5, text/turtle;q=0.9"},
            "text/turtle",
            "turtle",
        ),
    ],
)
def test_entity_description_as_rdf(client, url, headers, media, fmt):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media
    graph = Graph()
    graph.parse(data=response.get_data(as_text=True), format=fmt)
    group = ID["hongan-group"]
    assert (group, DRA.assists, ID["hongan-county"]) in graph
    # The memberships come along, expanded as on the page.
    assert any(
        graph.value(m, URIRef("http://www.w3.org/ns/org#member"))
        == ID["housing-security-department"]
        for m in graph.subjects(URIRef("http://www.w3.org/ns/org#organization"), group)
    )


def test_entity_refuses_a_format_it_cannot_give(client):
    response = client.get("/id/hongan-group", headers={"Accept": "image/png"})
    assert response.status_code == 406


# -- article -------------------------------------------------------------------------------


def test_article_sentence_by_sentence_with_what_each_states(client):
    body = text(client.get("/article", headers=HTML))
    assert body.count('class="sentence"') >= 90
    start = body.index('id="zgjsb-2022-01-24-s22"')
    sentence = body[start : body.index("</li>", start)]
    assert "麻城帮扶组" in sentence
    assert 'href="/id/hongan-group"' in sentence or "/id/membership-hongan-group" in sentence


# -- ontology ------------------------------------------------------------------------------


def test_ontology_lists_classes_and_properties_with_counts(client):
    body = text(client.get("/ontology", headers=HTML))
    row = body[body.index('id="AssistanceGroup"') :]
    row = row[: row.index("</tr>")]
    assert "帮扶工作组" in row and "1+1+1" in row
    assert re.search(r'class="num">4<', row)
    assert 'id="statedIn"' in body
    assert "出自句子" in body


def test_ontology_diagram_is_served_when_present(client, app):
    diagram = app.extensions["kg"].root / "ontology" / "diagram.svg"
    response = client.get("/ontology/diagram.svg")
    if diagram.is_file():
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert 'src="/ontology/diagram.svg"' in text(client.get("/ontology", headers=HTML))
    else:
        assert response.status_code == 404


def _diagram_caption(client) -> str:
    body = text(client.get("/ontology", headers=HTML))
    figure = body[body.index('<figure class="diagram"') : body.index("</figure>")]
    return re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)


def test_ontology_diagram_caption_is_in_the_interface_language(client):
    # The SVG's own title is bilingual; the page's caption says what the diagram shows in
    # the reader's language only.
    zh = _diagram_caption(client)
    assert zh.startswith("模型图：") and "缩进表示 rdfs:subClassOf" in zh
    assert "classes" not in zh and "reused" not in zh
    english(client)
    en = _diagram_caption(client)
    assert en.startswith("Model diagram: ") and "reused classes they refine" in en
    assert not re.search(r"[\u4e00-\u9fff]", en)


def test_many_links_of_one_property_are_one_spot_pointing_at_its_row(client):
    body = text(client.get("/id/hongan-county", headers=HTML))
    svg = body[body.index('<svg class="neighbourhood"') : body.index("</svg>")]
    anchors = re.findall(r'<a href="#((?:in|out)-\d+)"', svg)
    assert anchors, "the county is the beneficiary of many measures: one grouped spot"
    for anchor in anchors:
        assert f'<tr id="{anchor}">' in body
    assert re.search(r"×\d+", svg)


def test_vocabulary_terms_have_pages_too(client):
    body = text(client.get("/ontology/FundingAssistance", headers=HTML))
    heading = body[body.index('id="entity-heading"') : body.index("</h1>")]
    assert "资金帮扶" in heading and "funding assistance" in heading
    # The measures in this category link here: "is category of".
    incoming = body[body.index('id="incoming"') :]
    assert 'href="/id/measure-central-housing-funds"' in incoming
    assert 'href="/ontology#FundingAssistance"' in body or "/ontology/FundingAssistance.ttl" in body
    response = client.get("/ontology/FundingAssistance.ttl")
    assert response.mimetype == "text/turtle" and "资金帮扶" in response.get_data(as_text=True)
    assert client.get("/ontology/NoSuchTerm", headers=HTML).status_code == 404


def test_measure_page_opens_its_amount_with_a_readable_figure(client):
    body = text(client.get("/id/measure-central-housing-funds", headers=HTML))
    facts = body[body.index('id="facts"') :]
    # 1.9亿元 (line 67), exact value on hover.
    assert re.search(r'class="term amount" title="190000000(?:\.0*)?">1\.9亿元<', facts)
    for county in ("红安县", "麻城市", "湟中区", "大通县"):
        assert county in facts


def test_entity_page_stopped_by_the_time_limit_is_a_friendly_503(client, monkeypatch):
    import kg.web.description
    from kg.gate import QueryTimeout

    def slow(*args, **kwargs):
        raise QueryTimeout(5.0)

    monkeypatch.setattr(kg.web.description, "run_query", slow)
    response = client.get("/id/hongan-county", headers=HTML)
    assert response.status_code == 503
    assert "请稍后再试" in text(response)


def test_entity_page_offers_the_saved_queries_it_can_fill(client):
    body = text(client.get("/id/hongan-group", headers=HTML))
    related = body[
        body.index('id="related-queries"') : body.index("</ul>", body.index('id="related-queries"'))
    ]
    assert 'href="/queries/group-composition?group=hongan-group"' in related
    # And the link answers for this group: its leader unit is in the table.
    linked = text(client.get("/queries/group-composition?group=hongan-group", headers=HTML))
    assert "住房保障司" in linked[linked.index('id="results"') :]


def test_ontology_lists_concept_schemes_with_their_concepts(client):
    body = text(client.get("/ontology", headers=HTML))
    schemes = body[body.index('id="schemes"') :]
    assert "帮扶类别" in schemes and 'href="/ontology/FundingAssistance"' in schemes
    assert "组长单位" in schemes  # a role


def test_search_forgives_an_administrative_suffix(client):
    body = text(client.get("/search", query_string={"q": "红安县帮扶组"}, headers=HTML))
    assert 'href="/id/hongan-group"' in body


def test_footer_says_how_long_the_page_queries_took(client):
    body = text(client.get("/id/hongan-county", headers=HTML))
    assert re.search(r'class="took">本页查询耗时 [0-9.]+ ms<', body)


@pytest.mark.parametrize("slug", ["mohurd", "hongan-county", "hongan-group"])
def test_batched_facts_are_each_nodes_own_statements(app, slug):
    # The entity page reads everything around a node in one query; each node's part must equal
    # what asking for that neighbour alone gives.
    from kg.web.description import _Facts, _incoming, _outgoing

    with app.test_request_context("/"):
        facts = _Facts(ID[slug])
        assert facts._known
        for node, known in facts._known.items():
            assert sorted(known) == sorted(set(_outgoing(node))), node
        assert sorted(facts.incoming(ID[slug])) == sorted(set(_incoming(ID[slug])))


def test_article_page_names_the_article(client):
    body = text(client.get("/article", headers=HTML))
    meta = body[
        body.index('id="article-meta"') : body.index("</header>", body.index('id="article-meta"'))
    ]
    assert "把定点帮扶“责任田”打造成乡村振兴“示范田”" in meta
    assert "2022-01-24" in meta and "龚后雨" in meta


def test_search_as_json(client):
    document = client.get("/search.json", query_string={"q": "红安"}).get_json()
    assert document["query"] == "红安"
    by_iri = {h["iri"]: h for h in document["hits"]}
    county = by_iri[str(ID["hongan-county"])]
    assert county["labels"]["zh"] == "红安县" and county["page"] == "/id/hongan-county"
    assert "dra:County" in county["types"]
    assert str(ID["hongan-group"]) in by_iri


def test_every_node_of_the_picture_is_a_link(client):
    body = text(client.get("/id/mohurd", headers=HTML))
    svg = body[body.index('<svg class="neighbourhood"') : body.index("</svg>")]
    assert svg.count('<g class="spot') == svg.count("<a href=") > 1


def _row_values(body: str, prop: str) -> list[tuple[str, str]]:
    """(class, lang) of each value in the facts row of `prop` (a dra: term's local name)."""
    start = body.index(f'href="/ontology/{prop}"')
    row = body[start : body.index("</tr>", start)]
    return re.findall(r'<span class="(term literal[^"]*)" lang="([^"]+)"', row)


def test_a_value_in_both_languages_shows_the_interface_language_first(client):
    # Line 67: the measure's purpose is stated in Chinese and in English.
    zh = text(client.get("/id/measure-central-housing-funds", headers=HTML))
    values = _row_values(zh, "purpose")
    assert [lang for _, lang in values] == ["zh", "en"]
    assert "other-lang" not in values[0][0] and "other-lang" in values[1][0]
    assert "支持4地城镇改造老旧小区" in zh  # both stay visible
    english(client)
    en = text(client.get("/id/measure-central-housing-funds", headers=HTML))
    values = _row_values(en, "purpose")
    assert [lang for _, lang in values] == ["en", "zh"]
    assert "other-lang" not in values[0][0] and "other-lang" in values[1][0]
    assert "支持4地城镇改造老旧小区" in en


def test_aliases_are_in_the_heading_once_not_again_among_the_facts(client):
    body = text(client.get("/id/hongan-county", headers=HTML))
    heading = body[: body.index('id="facts"')]
    facts = body[body.index('id="facts"') : body.index("</table>", body.index('id="facts"'))]
    assert re.search(r'class="aliases">又称：.*湖北红安', heading)  # line 4: 湖北红安
    assert "湖北红安" not in facts


def _incoming_headers(body: str) -> list[str]:
    table = body[body.index('id="incoming"') : body.index("</table>", body.index('id="incoming"'))]
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="row">(.*?)</th>', table)]


def test_incoming_links_read_backwards_without_a_doubled_preposition(client):
    # Line 4: the ministry assists the four places; its posts are org:postIn it.
    english(client)
    rows = _incoming_headers(text(client.get("/id/mohurd", headers=HTML)))
    assert "← post in" in rows
    assert not [r for r in rows if re.search(r"\b(of|in|with) of$", r)]
    rows = _incoming_headers(text(client.get("/id/hongan-county", headers=HTML)))
    assert "is beneficiary of" in rows
    assert "← assists" in rows and "← has part" in rows  # not "is assists of"
    client.set_cookie("lang", "zh")
    assert "受益方（反向）" in _incoming_headers(
        text(client.get("/id/hongan-county", headers=HTML))
    )
