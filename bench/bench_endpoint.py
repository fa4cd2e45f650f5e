"""What the endpoint's protections cost, and how exactly the time limit stops a query.

    .venv/bin/python bench/bench_endpoint.py [--engine oxigraph|memory] [--repeat 50]

On this checkout's data, prints medians (ms) of:
- the guard alone (rdflib parse + algebra), first call and cached;
- a query straight on the store vs through the gate (a worker process: pickling both ways);
- the same query over HTTP from waitress on 127.0.0.1 (JSON results), and the HTML page;
- how long a gate takes to start (workers load the graph), and how far past a 1 s limit a
  runaway query is stopped.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from waitress.server import create_server

from kg.gate import Gate, QueryTimeout
from kg.guard import check_query
from kg.store import open_store
from kg.web import create_app

ROOT = Path(__file__).resolve().parents[1]
QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) = "zh") } ORDER BY ?label"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def http_get(port: int, query: str, accept: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, body[:300]
        return body
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="oxigraph", choices=["oxigraph", "memory"])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    store = open_store(ROOT, args.engine)
    rows = len(store.query(QUERY).rows)
    print(f"engine {args.engine}: {len(store)} triples; benchmark query returns {rows} rows")

    started = time.perf_counter()
    check_query(QUERY + " ")  # a text not seen before: the cache cannot help
    print(f"guard, first parse          {(time.perf_counter() - started) * 1000:8.2f} ms")
    print(
        f"guard, cached               {median_ms(lambda: check_query(QUERY), args.repeat):8.3f} ms"
    )
    direct = median_ms(lambda: store.query(QUERY), args.repeat)
    print(f"store.query (in process)    {direct:8.2f} ms")

    started = time.perf_counter()
    gate = Gate(ROOT, args.engine, timeout_seconds=1.0, workers=2)
    print(f"gate start (2 workers)      {(time.perf_counter() - started) * 1000:8.1f} ms")
    try:
        through = median_ms(lambda: gate.query(QUERY), args.repeat)
        print(f"gate.query (worker process) {through:8.2f} ms  (+{through - direct:.2f} ms)")
        started = time.perf_counter()
        try:
            gate.query(RUNAWAY)
            print("runaway query finished within the limit (graph too small to measure)")
        except QueryTimeout:
            stopped = time.perf_counter() - started
            print(f"runaway stopped after       {stopped * 1000:8.1f} ms  (limit 1000 ms)")
    finally:
        gate.close()

    app = create_app({"KG_ROOT": ROOT, "KG_ENGINE": args.engine})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    port = server.effective_port
    try:
        http_get(port, QUERY, "application/sparql-results+json")  # warm up
        json_ms = median_ms(
            lambda: http_get(port, QUERY, "application/sparql-results+json"), args.repeat
        )
        print(f"HTTP GET, SPARQL JSON       {json_ms:8.2f} ms")
        html_ms = median_ms(lambda: http_get(port, QUERY, "text/html"), args.repeat)
        print(f"HTTP GET, HTML page         {html_ms:8.2f} ms")
    finally:
        time.sleep(0.2)  # let waitress finish the last response before closing its sockets
        server.close()
        app.extensions["kg"].close()


if __name__ == "__main__":
    main()
