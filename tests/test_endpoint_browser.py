"""The /sparql editor in headless Chromium: examples load into the editor, Ctrl+Enter runs,
an error keeps the query and marks its line. Served on 127.0.0.1 only."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

sys.path.insert(0, str(Path(__file__).parent / "browser"))

from chromium import EXECUTABLE, launch  # tests/browser/chromium.py

pytestmark = pytest.mark.browser

SAVED = Path(__file__).parent / "fixtures" / "queries"


@pytest.fixture(scope="module")
def server(make_app: Callable[..., Flask], serve):
    # The saved-query fixture project: a small graph with saved queries for the examples.
    return serve(make_app(KG_ROOT=SAVED, KG_QUERY_WORKERS=1))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not os.access(EXECUTABLE, os.X_OK):
        pytest.skip(f"no Chromium at {EXECUTABLE} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    outside: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(server.url + "/sparql")
    yield page
    context.close()
    assert not outside, f"the page tried to reach outside the test server: {outside}"


def test_an_example_loads_into_the_editor_and_ctrl_enter_runs_it(page) -> None:
    from kg.queries import load_catalog
    from kg.store import open_store

    saved = next(iter(load_catalog(SAVED)))
    # In the endpoint, its parameters are simply unbound variables.
    expected = open_store(SAVED).query(saved.text).rows
    page.locator("a.example", has_text=saved.title["zh"]).click()
    assert page.locator("#query").input_value() == saved.text
    assert "query=" not in page.url  # loaded, not yet run
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#result-meta")
    assert "query=" in page.url  # a permalink
    assert int(page.locator("#row-count").inner_text()) == len(expected) > 0
    assert page.locator("#query").input_value().strip() == saved.text.strip()


def test_a_query_typed_in_runs_and_shows_entities_by_label(page) -> None:
    page.locator("#query").fill(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?place WHERE { ?place rdfs:label "红安县"@zh }'
    )
    page.locator("#run").click()
    link = page.locator("#results a.term").first
    assert link.inner_text() == "红安县"
    assert link.get_attribute("href").startswith("/id/")


def test_an_error_keeps_the_query_and_marks_its_line(page) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    page.locator("#query").fill(query)
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#query-error")
    assert page.locator("#error-position").inner_text() == "第 3 行，第 3 列"
    assert page.locator(".error-line").inner_text().strip().endswith("?s ?p")
    assert page.locator("#query").input_value() == query
