"""Time every saved query on both engines and print the figures.

    .venv/bin/python bench/queries.py [--repeat N]

Required parameters get a value from the data: the first choice of an IRI parameter, a
common character for a text one. Prints the catalogue's load time, then per query the median
milliseconds on each engine and the number of rows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.queries import Catalog, SavedQuery, load_catalog
from kg.store import ENGINES, Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = {"literal": "村", "langliteral": "红安县", "integer": "2021", "date": "2021-06-01"}


def sample_values(query: SavedQuery, store: Store) -> dict[str, str]:
    values = {}
    for parameter in query.parameters:
        if not parameter.required:
            continue
        if parameter.type == "iri":
            values[parameter.name] = str(parameter.choices(store)[0].iri)
        else:
            values[parameter.name] = SAMPLE_TEXT[parameter.type]
    return values


def time_query(catalog: Catalog, query: SavedQuery, store: Store, repeat: int) -> tuple[float, int]:
    values = sample_values(query, store)
    timings = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = catalog.run(query.id, values, store)
        timings.append(time.perf_counter() - started)
        rows = len(result.rows)
    return statistics.median(timings) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    catalog = load_catalog(ROOT)
    print(
        f"catalogue: {len(catalog)} queries loaded and checked in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    stores = {engine: open_store(ROOT, engine) for engine in ENGINES}
    for engine, store in stores.items():
        print(f"{engine}: {len(store)} triples loaded in {store.load_seconds * 1000:.0f} ms")
    print(f"\n{'query':<28}" + "".join(f"{e + ' ms':>14}" for e in ENGINES) + f"{'rows':>7}")
    totals = dict.fromkeys(ENGINES, 0.0)
    for query in catalog.queries:
        cells, rows = [], 0
        for engine, store in stores.items():
            ms, rows = time_query(catalog, query, store, args.repeat)
            totals[engine] += ms
            cells.append(f"{ms:>14.1f}")
        print(f"{query.id:<28}" + "".join(cells) + f"{rows:>7}")
    print(f"{'total (median per query)':<28}" + "".join(f"{totals[e]:>14.1f}" for e in ENGINES))


if __name__ == "__main__":
    main()
