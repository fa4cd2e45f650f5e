"""What the site holds for its lifetime: the loaded graph and what is built from it."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app, g
from rdflib.term import Node

from kg.store import QueryResult, Store
from kg.web.index import LabelIndex

if TYPE_CHECKING:
    from kg.gate import Gate
    from kg.queries import Catalog
    from kg.validation import Validator
    from kg.web.sentences import Article


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

    @cached_property
    def index(self) -> LabelIndex:
        """Names and types of every node, read once (a swapped store gets a new state)."""
        return LabelIndex.build(self.store)

    @cached_property
    def article(self) -> Article:
        """The source article's sentences and what each states, read once."""
        from kg.web.sentences import Article

        return Article.build(self.store)

    @cached_property
    def catalog(self) -> Catalog:
        """The saved queries of `root/queries/`, loaded and checked once."""
        from kg.queries import load_catalog

        return load_catalog(self.root)

    @cached_property
    def validator(self) -> Validator:
        """Shapes and the graph prepared once for /validate and entity-page findings."""
        from kg.validation import Validator

        return Validator.for_store(self.store)


def site() -> SiteState:
    """The state of the app handling the current request."""
    return current_app.extensions["kg"]


def run_query(
    sparql: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
) -> QueryResult:
    """Every query a page runs goes through here, so pages share the gate's limits; the
    time they take adds up in `g.query_ms` for the footer ("queries took N ms")."""
    state = site()
    runner = getattr(state, "gate", None) or state.store
    started = time.perf_counter()
    try:
        return runner.query(sparql, bindings, max_rows=max_rows)
    finally:
        g.query_ms = g.get("query_ms", 0.0) + (time.perf_counter() - started) * 1000
