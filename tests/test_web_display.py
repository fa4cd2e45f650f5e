"""kg.web.display: how values are ordered and shown for the reader's language."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.web.display import in_language_order


def test_interface_language_first_the_other_muted(app):
    zh, en = Literal("目的", lang="zh"), Literal("purpose", lang="en")
    iri, plain = URIRef("https://dra.example.org/id/x"), Literal("53")
    with app.test_request_context("/?lang=zh"):
        assert in_language_order([en, iri, zh, plain]) == [
            (iri, False),
            (zh, False),
            (plain, False),
            (en, True),
        ]
    with app.test_request_context("/?lang=en"):
        assert in_language_order([zh, en]) == [(en, False), (zh, True)]


def test_a_value_only_in_the_other_language_is_not_muted(app):
    # Nothing to put before it: muting it would hide the only text there is.
    with app.test_request_context("/?lang=zh"):
        assert in_language_order([Literal("only English", lang="en")]) == [
            (Literal("only English", lang="en"), False)
        ]
