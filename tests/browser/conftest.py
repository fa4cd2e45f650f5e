"""Browser fixtures: one headless Chromium per session, a fresh page (and cookie jar) per
test, pointed at the `live_server` of tests/conftest.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from chromium import EXECUTABLE, launch


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.access(EXECUTABLE, os.X_OK):
        pytest.skip(f"no Chromium at {EXECUTABLE} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    blocked: list[str] = []

    def only_local(route) -> None:
        # Nothing may leave the machine: any request not to the test server fails the test.
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.base_url = live_server.url
    yield page
    context.close()
    assert not blocked, f"pages tried to reach outside the test server: {blocked}"
