"""Shared fixtures: the site as a Flask app, and the site served by waitress on 127.0.0.1.

- `app`: the site on this checkout's `ontology/` and `data/` (engine from $KG_ENGINE), built
  once per session — the site is read-only, and each app starts query worker processes, so
  one per test would cost seconds each. Use `client` for a fresh test client per test.
- `make_app(**config)`: another app (a fixture root, another engine, a short time limit),
  closed at the end of the module that made it.
- `live_server`: `app` served by waitress in a background thread on a free 127.0.0.1 port;
  `.url` is e.g. "http://127.0.0.1:54321" (no trailing slash). `serve(app)` serves another
  app until the end of the module.

Nothing here reaches the network: servers bind 127.0.0.1 only, and proxies are bypassed for
local addresses (SPARQLWrapper and urllib would otherwise honour $http_proxy).
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from waitress.server import create_server

from kg.store import ENGINES, Store, open_store
from kg.web import checkout_root, create_app

#: A small graph of our own for the endpoint tests (labels in two languages, numbers,
#: a blank node, a literal with a tab, quotes and a newline).
SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"

os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask


def close_app(app: Flask) -> None:
    """Stop what the app started (its query workers), so no test leaks processes."""
    app.extensions["kg"].close()


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Store:
    """The project's graph (ontology/ and data/) on each engine; a test file may override it."""
    return open_store(checkout_root(), request.param)


@pytest.fixture(scope="module")
def make_app() -> Iterator[Callable[..., Flask]]:
    # Module scope: each app holds worker processes, so they end with the module that made
    # them rather than piling up until the end of the session.
    made: list[Flask] = []

    def make(**config: Any) -> Flask:
        app = create_app({"TESTING": True, **config})
        made.append(app)
        return app

    yield make
    for app in made:
        close_app(app)


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app({"TESTING": True, "KG_ROOT": checkout_root()})
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[[Flask], LiveServer]]:
    """`serve(app)` → a LiveServer for another app, stopped at the end of the module."""
    stops: list[Callable[[], None]] = []

    def start(app: Flask) -> LiveServer:
        server, stop = _start_server(app)
        stops.append(stop)
        return server

    yield start
    for stop in stops:
        stop()


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[LiveServer]:
    server, stop = _start_server(app)
    yield server
    stop()


def _start_server(app: Flask) -> tuple[LiveServer, Callable[[], None]]:
    server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="kg-test")
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    port = server.effective_port
    _wait_until_answering("127.0.0.1", port)

    def stop() -> None:
        server.close()
        thread.join(timeout=5)

    return LiveServer(f"http://127.0.0.1:{port}", app), stop


def _wait_until_answering(host: str, port: int, timeout: float = 15.0) -> None:
    """Until an HTTP request gets any answer (a status, even an error page)."""
    deadline = time.monotonic() + timeout
    while True:
        connection = http.client.HTTPConnection(host, port, timeout=2)
        try:
            connection.request("HEAD", "/static/style.css")
            connection.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test server on {host}:{port} did not answer") from None
            time.sleep(0.05)
        finally:
            connection.close()
