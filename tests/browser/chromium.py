"""Launching Debian's Chromium for Playwright, with everything that phones home turned off.

Never `playwright install`: the browser is the system's /usr/bin/chromium.
"""

from __future__ import annotations

import os

from playwright.sync_api import Browser, Playwright

EXECUTABLE = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS, headless=True)
