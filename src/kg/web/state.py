"""What the site holds for its lifetime: the loaded graph and what is built from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from kg.gate import Gate
from kg.store import Store


@dataclass
class SiteState:
    root: Path
    store: Store
    #: Runs every query of the site with the time limit and row cap (kg.gate).
    gate: Gate | None = None

    def close(self) -> None:
        """Stop the query workers (at exit, and when tests are done with an app)."""
        if self.gate is not None:
            self.gate.close()


def site() -> SiteState:
    """The state of the app handling the current request."""
    return current_app.extensions["kg"]
