"""The site in headless Chromium (Debian's /usr/bin/chromium driven by Playwright), served
by waitress on 127.0.0.1: what a person does, and what they then see."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

BAD_TRIPLE = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

id:new-village a dra:Villag ;
    rdfs:label "新村"@zh .
"""


def watch_console(page) -> list[str]:
    """Console errors, e.g. a Content-Security-Policy violation, fail the test at the end."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_run_a_saved_query_with_a_parameter(page):
    errors = watch_console(page)
    page.goto(page.base_url + "/queries/group-composition")
    page.select_option("#param-group", label="红安帮扶组")
    page.click("#run")
    page.wait_for_url(re.compile(r"group="))
    table = page.locator("#results")
    assert table.locator("tbody tr").count() == 3
    cells = table.inner_text()
    for unit in ("住房保障司", "中国城市规划设计研究院", "中国建筑业协会"):
        assert unit in cells
    assert "麻城帮扶组" not in cells
    assert page.locator("#row-count").inner_text() == "3"
    assert not errors


def test_follow_a_link_in_the_neighbourhood_picture(page):
    errors = watch_console(page)
    page.goto(page.base_url + "/id/hongan-group")
    link = page.locator('#neighbourhood a[href="/id/hongan-county"]')
    assert link.count() >= 1
    link.first.click()
    page.wait_for_url(re.compile(r"/id/hongan-county$"))
    assert "红安县" in page.locator("#entity-heading").inner_text()
    assert not errors


def test_search_in_chinese(page):
    page.goto(page.base_url + "/")
    page.fill("#home-search", "红安")
    page.press("#home-search", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("#hits")
    texts = hits.inner_text()
    assert "红安县" in texts and "红安帮扶组" in texts
    hits.get_by_role("link", name=re.compile("红安帮扶组")).first.click()
    page.wait_for_url(re.compile(r"/id/hongan-group$"))


def test_paste_a_bad_triple_into_validate(page):
    page.goto(page.base_url + "/validate")
    page.fill("#candidate", BAD_TRIPLE)
    page.click("#validate-button")
    findings = page.locator("#findings")
    findings.wait_for()
    row = findings.locator("tbody tr").first
    assert row.locator("td.line").inner_text() == "pasted.ttl:5"
    assert "dra:Villag" in row.inner_text()
    # The pasted text stays in the box for fixing.
    assert "dra:Villag" in page.input_value("#candidate")


def test_switch_the_language_and_it_is_remembered(page):
    page.goto(page.base_url + "/id/hongan-county")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    heading = page.locator("#entity-heading .primary")
    assert heading.inner_text() == "红安县"
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.url.endswith("/id/hongan-county")  # back on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#entity-heading .primary").inner_text() == "Hong'an County"
    page.goto(page.base_url + "/")  # another page, same choice
    assert "The four assisted places" in page.content()
    page.click("#lang-switch")
    assert "定点帮扶的四地" in page.content()
