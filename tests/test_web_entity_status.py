"""An entity page shows the SHACL findings on its node (kg.validation over data/, run once
in the background): a small project of our own with one measure lacking its category."""

from __future__ import annotations

import html
import shutil

import pytest

from kg.web import checkout_root
from kg.web.node_status import data_findings

DATA = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

id:article a schema:NewsArticle ; rdfs:label "文章"@zh, "the article"@en .
id:article-s1 a dra:Sentence ; rdfs:label "第1句"@zh, "sentence 1"@en ;
    schema:text "部里捐了一笔钱。"@zh ; schema:position 1 ;
    dra:sourceLine 1 ; dcterms:isPartOf id:article .
id:measure-without-category a dra:AssistanceMeasure ;
    rdfs:label "没有类别的措施"@zh, "a measure without a category"@en ;
    dra:statedIn id:article-s1 .
"""


@pytest.fixture(scope="module")
def small_app(make_app, tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(checkout_root() / "ontology", root / "ontology")
    (root / "data").mkdir()
    (root / "data" / "facts.ttl").write_text(DATA, encoding="utf-8")
    app = make_app(KG_ROOT=root, KG_QUERY_WORKERS=1)
    assert data_findings(app.extensions["kg"]).wait(120)
    return app


def test_findings_on_the_node_are_on_its_page(small_app):
    client = small_app.test_client()
    body = html.unescape(
        client.get("/id/measure-without-category", headers={"Accept": "text/html"}).get_data(
            as_text=True
        )
    )
    status = body[body.index('id="validation-status"') :]
    status = status[: status.index("</div>")]
    assert "dra:category" in status
    assert "帮扶措施须有帮扶类别" in status  # the shape's own message, in the page's language


def test_a_conforming_node_says_so(small_app):
    client = small_app.test_client()
    body = client.get("/id/article-s1", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "此节点符合约束" in body
