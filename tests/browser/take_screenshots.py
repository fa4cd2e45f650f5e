"""Screenshots of the main pages into docs/screenshots/ (referenced from the README).

    .venv/bin/python tests/browser/take_screenshots.py

Serves this checkout with waitress on a free 127.0.0.1 port and drives headless Chromium.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress.server import create_server

sys.path.insert(0, str(Path(__file__).parent))

from chromium import launch

from kg.web import checkout_root, create_app

OUT = checkout_root() / "docs" / "screenshots"

#: (file name, path, language, full page?)
PAGES = [
    ("home-zh.png", "/", "zh", True),
    ("home-en.png", "/", "en", True),
    ("query.png", "/queries/measures-by-place", "zh", True),
    ("query-param.png", "/queries/group-composition?group=hongan-group", "en", True),
    ("entity.png", "/id/hongan-group", "zh", True),
    ("entity-en.png", "/id/hongan-county", "en", False),
    ("entity-measure.png", "/id/measure-central-housing-funds", "zh", False),
    ("article.png", "/article#zgjsb-2022-01-24-s22", "zh", False),
    ("ontology.png", "/ontology", "en", False),
    ("search.png", "/search?q=红安", "zh", False),
    ("validate.png", "/validate", "zh", False),
]

BAD_TRIPLE = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

id:new-village a dra:Villag ;
    rdfs:label "新村"@zh .
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_app()
    state = app.extensions["kg"]
    from kg.web.node_status import data_findings

    data_findings(state).wait(300)  # entity pages show their validation status
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for name, path, lang, full in PAGES:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/lang/{lang}?next=/")
                page.goto(base + path)
                page.screenshot(path=str(OUT / name), full_page=full)
                page.close()
                print(OUT / name)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/validate")
            page.fill("#candidate", BAD_TRIPLE)
            page.click("#validate-button")
            page.screenshot(path=str(OUT / "validate-finding.png"), full_page=True)
            print(OUT / "validate-finding.png")
            browser.close()
    finally:
        server.close()
        state.close()


if __name__ == "__main__":
    main()
