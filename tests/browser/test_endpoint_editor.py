"""The /sparql editor in headless Chromium (the endpoint engineer's; it lives here to share
this folder's one browser): examples load into the editor, Ctrl+Enter runs, an error keeps
the query and marks its line."""

from __future__ import annotations

import pytest

from kg.queries import load_catalog
from kg.store import open_store
from kg.web import checkout_root

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_an_example_loads_into_the_editor_and_ctrl_enter_runs_it(page) -> None:
    store = open_store(checkout_root())
    # In the endpoint, a saved query's parameters are simply unbound variables.
    saved, expected = next(
        (q, rows)
        for q in load_catalog(checkout_root())
        if (rows := store.query(q.text).rows) and len(rows) < 5000
    )
    page.goto(page.base_url + "/sparql")
    page.locator("a.example", has_text=saved.title["zh"]).first.click()
    assert page.locator("#query").input_value() == saved.text
    assert "query=" not in page.url  # loaded, not yet run
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#result-meta")
    assert "query=" in page.url  # a permalink
    assert int(page.locator("#row-count").inner_text()) == len(expected)
    assert page.locator("#query").input_value().strip() == saved.text.strip()


def test_a_query_typed_in_runs_and_shows_entities_by_label(page) -> None:
    page.goto(page.base_url + "/sparql")
    page.locator("#query").fill(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?place WHERE { ?place rdfs:label "红安县"@zh }'
    )
    page.locator("#run").click()
    link = page.locator("#results a.term").first
    assert link.inner_text() == "红安县"
    assert link.get_attribute("href") == "/id/hongan-county"


def test_an_error_keeps_the_query_and_marks_its_line(page) -> None:
    page.goto(page.base_url + "/sparql")
    query = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    page.locator("#query").fill(query)
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#query-error")
    assert page.locator("#error-position").inner_text() == "第 3 行，第 3 列"
    assert page.locator(".error-line").inner_text().strip().endswith("?s ?p")
    assert page.locator("#query").input_value() == query
