"""Every main page has a plain-text <title> naming the page (a regression: a title block
once swallowed a whole section of the ontology page)."""

from __future__ import annotations

import re

import pytest

PAGES = {
    "/": "首页",
    "/queries": "查询",
    "/queries/group-composition": "帮扶组的组成",
    "/id/hongan-county": "红安县",
    "/article": "原文",
    "/ontology": "本体",
    "/search?q=红安": "搜索",
    "/validate": "校验",
    "/sparql": "SPARQL",
}


@pytest.mark.parametrize("path", PAGES)
def test_title_is_plain_text_naming_the_page(client, path: str) -> None:
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    head = page.split("</head>", 1)[0]  # SVG pictures in the body have <title>s of their own
    titles = re.findall(r"<title>(.*?)</title>", head, re.S)
    assert len(titles) == 1
    assert "<" not in titles[0] and "\n" not in titles[0].strip()
    assert PAGES[path] in titles[0]
