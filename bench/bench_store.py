"""Load and query figures for both engines on graphs shaped like ours, grown N-fold.

    .venv/bin/python bench/bench_store.py [--scales 1,10,100] [--repeat 3]

The project's own data is copied N times with every `id:` IRI renamed per copy, so the
shapes (labels, measures, memberships, containment) stay ours while the size grows. Each
engine runs in a fresh process, so peak memory (ru_maxrss) is its own. Figures are
printed as times and as memory/oxigraph ratios measured in the same run: the machines are
shared and noisy, ratios travel better than seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUERIES = {
    # A join across three patterns: who is a member of what, with labels.
    "join": """
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?member ?org ?label WHERE {
          ?m org:member ?member ; org:organization ?org . ?member rdfs:label ?label }
    """,
    # An aggregate: instances per class.
    "aggregate": """
        SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class
    """,
    # A label scan: the search box's kind of query.
    "label-scan": """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(STR(?label), "红安")) }
    """,
}


def grow(source_root: Path, target: Path, copies: int) -> int:
    """Write `copies` renamed copies of the project's graph as N-Triples; return triples."""
    sys.path.insert(0, str(ROOT / "src"))
    from kg.store import open_store

    graph = open_store(source_root, "oxigraph").graph()
    lines = graph.serialize(format="nt").splitlines()
    base = "<https://dra.example.org/id/"
    (target / "ontology").mkdir(parents=True)
    (target / "data").mkdir()
    with (target / "data" / "grown.nt").open("w", encoding="utf-8") as out:
        for copy in range(copies):
            prefix = f"{base}c{copy}-" if copy else base
            for line in lines:
                if line.strip():
                    out.write(line.replace(base, prefix) + "\n")
    return len(lines) * copies


def measure(root: Path, engine: str, repeat: int) -> dict[str, float]:
    """Run in a child process: load once, run each query `repeat` times, report figures."""
    sys.path.insert(0, str(ROOT / "src"))
    from kg.store import open_store

    started = time.perf_counter()
    store = open_store(root, engine)
    figures = {"load_s": time.perf_counter() - started, "triples": len(store)}
    for name, query in QUERIES.items():
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            store.query(query)
            best = min(best, time.perf_counter() - started)
        figures[f"{name}_s"] = best
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1], args.repeat)))
        return

    columns = ["load_s", *(f"{q}_s" for q in QUERIES), "peak_mb"]
    print(f"{'scale':>6} {'triples':>9} {'engine':>9} " + " ".join(f"{c:>13}" for c in columns))
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            grow(ROOT, root, scale)
            results = {}
            for engine in ("oxigraph", "memory"):
                child = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--repeat",
                        str(args.repeat),
                        "--child",
                        str(root),
                        engine,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                results[engine] = json.loads(child.stdout)
            for engine, figures in results.items():
                cells = " ".join(f"{figures[c]:>13.4f}" for c in columns)
                print(f"{scale:>6} {figures['triples']:>9} {engine:>9} {cells}")
            ratios = " ".join(
                f"{results['memory'][c] / max(results['oxigraph'][c], 1e-9):>12.1f}x"
                for c in columns
            )
            print(f"{scale:>6} {'':>9} {'mem/oxi':>9} {ratios}")


if __name__ == "__main__":
    main()
