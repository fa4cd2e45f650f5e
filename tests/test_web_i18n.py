"""The interface language: every string in both languages, labels falling back."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from kg.web import checkout_root
from kg.web.i18n import MESSAGES, pick, safe_next, translate

TEMPLATES = checkout_root() / "web" / "templates"


def used_keys() -> set[str]:
    keys = set()
    for path in TEMPLATES.rglob("*.html"):
        keys |= set(re.findall(r"""_\(\s*['"]([a-z0-9_.]+)['"]\s*\)""", path.read_text("utf-8")))
    for path in (checkout_root() / "src" / "kg" / "web").glob("*.py"):
        keys |= set(
            re.findall(r"""translate\(\s*f?['"]([a-z0-9_.]+)['"]""", path.read_text("utf-8"))
        )
    return keys


def test_every_string_a_template_uses_exists():
    missing = sorted(k for k in used_keys() if k not in MESSAGES)
    assert not missing, f"interface strings without a translation: {missing}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_string_has_both_languages(key):
    zh, en = MESSAGES[key]
    assert zh and en
    if key.startswith("lang."):  # the switch speaks the language it switches to
        assert re.search(r"[\u4e00-\u9fff]", en), key
        return
    assert re.search(r"[\u4e00-\u9fff]", zh) or zh in ("SPARQL", "IRI"), key


def test_labels_fall_back_to_the_other_language():
    app = Flask(__name__)
    with app.test_request_context("/?lang=en"):
        assert pick({"zh": "红安县", "en": "Hong'an County"}) == "Hong'an County"
        assert pick({"zh": "红安县"}) == "红安县"
        assert pick({}, "id:x") == "id:x"
        assert translate("nav.home") == "Home"
    with app.test_request_context("/"):
        assert pick({"zh": "红安县", "en": "Hong'an County"}) == "红安县"
        assert pick({"en": "Hong'an County"}) == "Hong'an County"
        assert translate("nav.home") == "首页"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/id/hongan-county", "/id/hongan-county"),
        ("/search?q=%E7%BA%A2", "/search?q=%E7%BA%A2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_the_switch_only_returns_to_this_site(target, expected):
    assert safe_next(target) == expected


def test_known_tags_read_in_chinese_and_others_as_written():
    from kg.web.i18n import tag_label

    app = Flask(__name__)
    with app.test_request_context("/"):
        assert tag_label("groups") == "帮扶组"
        assert tag_label("a-new-tag") == "a-new-tag"
    with app.test_request_context("/?lang=en"):
        assert tag_label("groups") == "groups"


def test_captions_take_the_colon_of_their_language(client):
    zh = client.get("/queries/group-composition", headers={"Accept": "text/html"}).text
    assert 'id="downloads">下载：' in zh
    client.set_cookie("lang", "en")
    en = client.get("/queries/group-composition", headers={"Accept": "text/html"}).text
    assert 'id="downloads">Download: ' in en
