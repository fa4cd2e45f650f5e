"""/validate in the browser's shape (form and upload) and as a JSON API: the report shows
only what the candidate introduces, with line numbers, and data/ is never written."""

from __future__ import annotations

import hashlib
import html
import io

from kg.web import checkout_root

HTML = {"Accept": "text/html"}
PREFIXES = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
# Line 5: a class that does not exist in our vocabulary.
BAD = PREFIXES + '\nid:new-village a dra:Villag ;\n    rdfs:label "新村"@zh .\n'
SYNTAX = PREFIXES + '\nid:x rdfs:label "unclosed ;\n'


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def data_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((checkout_root() / "data").rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_form_page(client):
    body = text(client.get("/validate", headers=HTML))
    assert 'name="candidate"' in body and 'type="file"' in body
    assert "不会写入 data/" in body


def test_pasted_bad_triple_shows_finding_with_its_line(client):
    before = data_digest()
    response = client.post("/validate", data={"candidate": BAD}, headers=HTML)
    body = text(response)
    assert response.status_code == 200
    assert "候选内容不符合约束" in body
    findings = body[
        body.index('id="findings"') : body.index("</table>", body.index('id="findings"'))
    ]
    assert "pasted.ttl:5" in findings
    assert "dra:Villag" in findings
    assert "新村" in findings  # the focus node by its label
    assert data_digest() == before


def test_upload_is_validated_under_its_own_name(client):
    upload = (io.BytesIO(BAD.encode()), "village.ttl")
    body = text(client.post("/validate", data={"file": upload}, headers=HTML))
    assert "village.ttl:5" in body


def test_syntax_error_shows_where(client):
    response = client.post("/validate", data={"candidate": SYNTAX}, headers=HTML)
    assert response.status_code == 400
    body = text(response)
    assert 'id="syntax-error"' in body
    assert "pasted.ttl:5" in body


def test_good_candidate_conforms_in_english(client):
    client.get("/lang/en?next=/")
    good = PREFIXES + '\nid:hongan-county rdfs:label "红安县"@zh .\n'
    body = text(client.post("/validate", data={"candidate": good}, headers=HTML))
    client.get("/lang/zh?next=/")
    assert "The candidate conforms." in body
    assert "Triples already present" in body  # the label is already in the graph


def test_json_api(client):
    before = data_digest()
    response = client.post(
        "/api/validate?lang=en", data=BAD.encode(), headers={"Content-Type": "text/turtle"}
    )
    assert response.status_code == 200
    report = response.get_json()
    assert report["conforms"] is False
    assert any(f["location"] == "pasted.ttl:5" for f in report["findings"])
    assert report["added"] and report["added"][0]["location"] == "pasted.ttl:5"
    assert data_digest() == before


def test_json_api_syntax_error_and_empty(client):
    response = client.post("/api/validate", data=SYNTAX.encode(), content_type="text/turtle")
    assert response.status_code == 400
    assert response.get_json()["error"]["line"] == 5
    response = client.post("/api/validate", data=b"  ", content_type="text/turtle")
    assert response.status_code == 400
    assert "en" in response.get_json()["error"]


def test_severity_reads_in_the_interface_language(client):
    bad = (
        "@prefix dra: <https://dra.example.org/ontology#> .\n"
        "@prefix id: <https://dra.example.org/id/> .\n"
        "id:new-village a dra:Villag .\n"
    )
    zh = client.post("/validate", data={"candidate": bad}).get_data(as_text=True)
    row = zh[zh.index('id="findings"') :]
    assert "<td>违反约束</td>" in row and "<td>Violation</td>" not in row
    client.set_cookie("lang", "en")
    en = client.post("/validate", data={"candidate": bad}).get_data(as_text=True)
    assert "<td>Violation</td>" in en[en.index('id="findings"') :]
