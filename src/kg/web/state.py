"""What the site holds for its lifetime: the loaded graph and what is built from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from kg.store import Store


@dataclass
class SiteState:
    root: Path
    store: Store


def site() -> SiteState:
    """The state of the app handling the current request."""
    return current_app.extensions["kg"]
