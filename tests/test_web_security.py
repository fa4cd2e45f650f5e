"""Safety of the pages: CSP and other headers, escaping, no inline script, no external
resource, size limits, friendly error pages in both languages without a stack trace."""

from __future__ import annotations

import re

import pytest

HTML = {"Accept": "text/html"}
PAGES = [
    "/",
    "/queries",
    "/queries/group-composition",
    "/id/hongan-county",
    "/article",
    "/ontology",
    "/search?q=红安",
    "/validate",
]


@pytest.mark.parametrize("url", PAGES)
def test_headers_and_no_inline_script_or_external_resource(client, url):
    response = client.get(url, headers=HTML)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" in response.headers["Vary"]  # the language cookie changes the page
    body = response.get_data(as_text=True)
    # Scripts only as files of our own; no inline handlers; nothing from another host.
    for script in re.findall(r"<script\b[^>]*>", body):
        assert re.search(r'src="/static/', script), script
    assert not re.search(r"\son[a-z]+=", body)
    assert not re.search(r'(?:src|href|action)="(?:https?:)?//', body)


def test_search_input_is_escaped(client):
    attack = '<script>alert("x")</script>'
    body = client.get("/search", query_string={"q": attack}, headers=HTML).get_data(as_text=True)
    assert attack not in body
    assert "&lt;script&gt;alert(" in body


def test_pasted_candidate_is_escaped(client):
    attack = "</textarea><script>alert(1)</script>"
    body = client.post("/validate", data={"candidate": attack}, headers=HTML).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;/textarea&gt;" in body


def test_404_friendly_in_both_languages(client):
    response = client.get("/no/such/page", headers=HTML)
    assert response.status_code == 404
    assert "找不到这个页面" in response.get_data(as_text=True)
    client.get("/lang/en?next=/")
    body = client.get("/no/such/page", headers=HTML).get_data(as_text=True)
    assert "There is no page here" in body
    client.get("/lang/zh?next=/")


def test_errors_for_api_clients_are_json(client):
    response = client.get("/api/nothing-here", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["en"] == "There is no page here."


def test_upload_over_the_limit_is_refused(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = b"#" * (limit + 1)
    response = client.post("/validate", data=big, headers={**HTML, "Content-Type": "text/turtle"})
    assert response.status_code == 413
    assert "上传的内容太大" in response.get_data(as_text=True)


def test_unexpected_error_shows_no_stack_trace(client, monkeypatch):
    import kg.web.search

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(kg.web.search, "site", broken)
    response = client.get("/search?q=x", headers=HTML)
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internal detail" not in body and "Traceback" not in body
    assert "服务器内部错误" in body


def test_a_broken_saved_query_file_is_named_not_fatal(make_app, tmp_path):
    import shutil

    from kg.web import checkout_root

    shutil.copytree(checkout_root() / "ontology", tmp_path / "ontology")
    shutil.copytree(checkout_root() / "data", tmp_path / "data")
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "broken.rq").write_text("#+ title: [unclosed\nSELECT * {}\n")
    client = make_app(KG_ROOT=tmp_path, KG_QUERY_WORKERS=1).test_client()
    home = client.get("/", headers=HTML)
    assert home.status_code == 200
    assert "broken.rq" in home.get_data(as_text=True)
    page = client.get("/queries", headers=HTML)
    assert page.status_code == 500
    assert "broken.rq" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
