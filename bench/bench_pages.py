"""How fast the site's main pages answer, on both engines, through Flask's test client.

    .venv/bin/python bench/bench_pages.py [--repeat 15] [--engines oxigraph memory]

On this checkout's data, builds one app per engine (each with its query workers), asks each
page once to warm up, then `--repeat` times, and prints the median and the slowest time
(ms) per page and engine, and the oxigraph/memory ratio of the medians measured in this
same run. Each response is checked (status and a text the page must hold), so a page that
broke is reported as such rather than timed. Entity pages are timed after the background
validation of data/ has finished, so the pyshacl process does not compete for the CPU.
"""

from __future__ import annotations

import argparse
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kg.web import create_app
from kg.web.node_status import data_findings

ROOT = Path(__file__).resolve().parents[1]
HTML = {"Accept": "text/html"}
#: A candidate with one new, well-formed fact: the validator's usual fast path.
CANDIDATE = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:bench-village a dra:Village ;
    rdfs:label "测试村"@zh, "Bench Village"@en .
"""


@dataclass(frozen=True)
class Page:
    name: str
    ask: Callable[[FlaskClient], TestResponse]
    expect: str  # a text the answer must contain


PAGES = [
    Page("home /", lambda c: c.get("/", headers=HTML), "红安县"),
    Page(
        "saved query (group-composition, hongan-group)",
        lambda c: c.get("/queries/group-composition?group=hongan-group", headers=HTML),
        "住房保障司",
    ),
    Page(
        "aggregate query (measures-by-category)",
        lambda c: c.get("/queries/measures-by-category", headers=HTML),
        "资金帮扶",
    ),
    Page("entity /id/hongan-county", lambda c: c.get("/id/hongan-county", headers=HTML), "红安县"),
    Page("entity /id/mohurd", lambda c: c.get("/id/mohurd", headers=HTML), "住房和城乡建设部"),
    Page("download /id/hongan-county.ttl", lambda c: c.get("/id/hongan-county.ttl"), "红安县"),
    Page("article /article", lambda c: c.get("/article", headers=HTML), "责任田"),
    Page("ontology /ontology", lambda c: c.get("/ontology", headers=HTML), "帮扶措施"),
    Page("search /search?q=红安", lambda c: c.get("/search?q=红安", headers=HTML), "红安帮扶组"),
    Page(
        "POST /api/validate",
        lambda c: c.post("/api/validate", data=CANDIDATE, content_type="text/turtle"),
        "conforms",
    ),
]


def pad(name: str, width: int = 48) -> str:
    """`name` padded to `width` terminal columns (a CJK character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in name)
    return name + " " * max(width - columns, 0)


def timed(client: FlaskClient, page: Page, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = page.ask(client)
        body = response.get_data(as_text=True)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or page.expect not in body:
            raise SystemExit(
                f"{page.name}: HTTP {response.status_code}, {page.expect!r} "
                f"{'found' if page.expect in body else 'missing'}: {body[:200]!r}"
            )
    return times


def build(engine: str) -> tuple[Flask, float]:
    started = time.perf_counter()
    app = create_app({"KG_ROOT": ROOT, "KG_ENGINE": engine})
    # Wait for the background validation of data/ (entity pages show its findings).
    data_findings(app.extensions["kg"]).wait(timeout=600)
    return app, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--engines", nargs="+", default=["oxigraph", "memory"])
    args = parser.parse_args()

    medians: dict[str, dict[str, float]] = {}
    for engine in args.engines:
        app, startup = build(engine)
        try:
            state = app.extensions["kg"]
            print(
                f"engine {engine}: {len(state.store)} triples; app ready (graph, workers, "
                f"validation of data/) in {startup:.0f} ms; {args.repeat} runs per page"
            )
            client = app.test_client()
            medians[engine] = {}
            for page in PAGES:
                timed(client, page, 1)  # warm up: templates compiled, caches filled
                times = timed(client, page, args.repeat)
                medians[engine][page.name] = statistics.median(times)
                print(
                    f"  {pad(page.name)} median {statistics.median(times):8.1f} ms"
                    f"   max {max(times):8.1f} ms"
                )
        finally:
            state.close()
    if {"oxigraph", "memory"} <= medians.keys():
        print("\noxigraph/memory, ratio of medians (below 1: oxigraph faster)")
        for page in PAGES:
            ox, mem = medians["oxigraph"][page.name], medians["memory"][page.name]
            print(f"  {pad(page.name)} {ox:8.1f} / {mem:8.1f} ms = {ox / mem:5.2f}")


if __name__ == "__main__":
    main()
