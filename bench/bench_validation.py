"""How long validation takes: candidates of 10, 100 and 1,000 triples against the graph, the
whole graph, and a small candidate as the graph grows 10x, 100x, 1000x (issue 4).

    .venv/bin/python bench/bench_validation.py                 # scales 1, 10, 100, 1000
    .venv/bin/python bench/bench_validation.py --scales 1,10   # quicker

Candidates are real entities of data/ copied under new IRIs (their triples still point at the
existing graph, as a curator's would). The graph is grown by copying every id: entity under
a renamed IRI, so each copy is shaped like the real data. Times are the median of --repeat
runs after one warm-up; the fast path (the candidate's neighbourhood) is what `kg validate`
does, "full" validates the whole graph with the candidate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.candidates import Candidate
from kg.fmt import canonical_turtle
from kg.namespaces import ID
from kg.validation import Validator, _run

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 100, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,100,1000", help="growth factors (default %(default)s)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=10_000,
        help="skip full-graph figures above this many triples x 1000 (default %(default)s k)",
    )
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    validator = Validator.for_root(ROOT)
    base = validator.graph
    print(f"graph: {len(base):,} triples (ontology and data/), shapes: ontology/shapes.ttl")
    candidates = {n: candidate_of(base, n) for n in SIZES}

    print("\ncandidate against the graph       fast path      full      ratio")
    for n, cand in candidates.items():
        fast = timed(lambda c=cand: validator.validate([c]), args.repeat)
        full = timed(lambda c=cand: validator.validate([c], full=True), 1)
        print(
            f"  {n:>5} triples ({len(cand.triples):>5})   {fast * 1000:8.0f} ms  "
            f"{full * 1000:8.0f} ms  {full / fast:7.1f}x"
        )

    whole = timed(lambda: _run(base, validator.shapes), 1)
    print(f"\nwhole graph: {whole:.2f} s ({len(base) / whole:,.0f} triples/s)")

    print("\ngrowth: candidate of 10 triples, fast path (and whole graph where run)")
    print("  scale     triples   prepare      fast   vs 1x     whole")
    first = None
    for scale in scales:
        started = time.perf_counter()
        grown = grow(base, scale)
        grown_validator = Validator(grown, validator.shapes)
        prepare = time.perf_counter() - started
        fast = timed(lambda v=grown_validator: v.validate([candidates[10]]), args.repeat)
        first = first or fast
        whole_text = "-"
        if len(grown) <= args.full_up_to * 1000 and scale <= 10:
            whole_grown = timed(lambda g=grown: _run(g, validator.shapes), 1)
            whole_text = f"{whole_grown:7.1f} s"
        print(
            f"  {scale:>5}x {len(grown):>11,} {prepare:8.1f} s {fast * 1000:7.0f} ms "
            f"{fast / first:6.2f}x  {whole_text}"
        )
        sys.stdout.flush()
        del grown, grown_validator


def candidate_of(graph: Graph, size: int) -> Candidate:
    """About `size` triples: whole descriptions of data entities, under new IRIs."""
    triples: list[tuple[Node, Node, Node]] = []
    for subject in sorted({s for s in graph.subjects() if _is_entity(s)}, key=str):
        if len(triples) >= size:
            break
        renamed = URIRef(f"{subject}-candidate")
        triples += [(renamed, p, o) for p, o in graph.predicate_objects(subject)]
    return Candidate.from_text(canonical_turtle(triples[:size]), f"candidate-{size}.ttl")


def grow(graph: Graph, factor: int) -> Graph:
    """`graph` plus factor-1 renamed copies of every id: entity and its triples."""
    grown = Graph()
    grown += graph
    data = [t for t in graph if _is_entity(t[0])]
    for copy in range(1, factor):
        suffix = f"-copy{copy}"
        for s, p, o in data:
            grown.add((_renamed(s, suffix), p, _renamed(o, suffix)))
    return grown


def _renamed(node: Node, suffix: str) -> Node:
    return URIRef(f"{node}{suffix}") if _is_entity(node) else node


def _is_entity(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(ID))


def timed(run, repeat: int) -> float:
    run()  # warm-up: caches, prepared queries
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
