"""The site: an app factory with one blueprint per page family.

The graph is parsed once here and kept in ``app.extensions["kg"]``; views call the package
and render, they never parse files or touch engine internals.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from kg.gate import Gate
from kg.store import open_store
from kg.web import (
    article,
    display,
    entity,
    home,
    i18n,
    ontology,
    queries,
    search,
    security,
    sparql,
)
from kg.web import validate as validate_page
from kg.web.state import SiteState

DEFAULTS: dict[str, Any] = {
    # Where ontology/ and data/ live (default: this checkout).
    "KG_ROOT": None,
    # "oxigraph" (default) or "memory".
    "KG_ENGINE": None,
    # Uploads and pasted candidates larger than this are refused (413).
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Seconds a query may run (endpoint, saved queries, entity pages) before it is stopped.
    "KG_QUERY_TIMEOUT": 5.0,
    # Most rows (or triples) a query returns; more are cut off with a "truncated" notice.
    "KG_MAX_ROWS": 5000,
    # Worker processes that run queries, each with its own copy of the graph.
    "KG_QUERY_WORKERS": 2,
    # Address space per query worker (MB); a query that needs more stops with an error.
    "KG_QUERY_MEMORY_MB": 1024,
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site. `test_config` overrides the defaults and the environment."""
    config = dict(DEFAULTS)
    config["KG_ROOT"] = os.environ.get("KG_ROOT")
    config["KG_ENGINE"] = os.environ.get("KG_ENGINE")
    # The query limits may come from the environment too (`KG_QUERY_TIMEOUT=10 make run`).
    for key in ("KG_QUERY_TIMEOUT", "KG_MAX_ROWS", "KG_QUERY_WORKERS", "KG_QUERY_MEMORY_MB"):
        if os.environ.get(key):
            config[key] = os.environ[key]
    config.update({k: v for k, v in (test_config or {}).items() if v is not None})
    root = Path(config["KG_ROOT"] or checkout_root()).resolve()
    config["KG_ROOT"] = root

    # Templates and static files are the site's own code: always this checkout's web/.
    web = checkout_root() / "web"
    app = Flask(
        __name__,
        template_folder=str(web / "templates"),
        static_folder=str(web / "static"),
        static_url_path="/static",
    )
    app.config.update(config)

    store = open_store(root, config["KG_ENGINE"])
    gate = Gate(
        root,
        store.engine,  # the workers load the same files with the same engine
        timeout_seconds=float(config["KG_QUERY_TIMEOUT"]),
        max_rows=int(config["KG_MAX_ROWS"]),
        workers=int(config["KG_QUERY_WORKERS"]),
        memory_mb=int(config["KG_QUERY_MEMORY_MB"]),
    )
    atexit.register(gate.close)
    app.extensions["kg"] = SiteState(root=root, store=store, gate=gate)

    for extension in (i18n, display, security):
        extension.init_app(app)
    for page in (home, sparql, queries, entity, article, ontology, search, validate_page):
        app.register_blueprint(page.bp)
    return app


def checkout_root() -> Path:
    """The checkout this package runs from (editable install), holding web/ and data/."""
    # src/kg/web/__init__.py → the checkout's root, where ontology/ and data/ live.
    return Path(__file__).resolve().parents[3]
