"""kg.gate: queries run in worker processes, stopped at the deadline, capped in rows."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.gate import Gate, GateClosed, QueryTimeout
from kg.guard import GuardError
from kg.namespaces import ID
from kg.store import QueryError, Store, open_store

SITE = Path(__file__).parent / "fixtures" / "site"

#: Six independent patterns over the whole graph: 26**6 ≈ 3·10⁸ combinations, minutes of
#: work on either engine, and nothing an optimizer can skip while counting them.
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
)
LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def store(engine: str) -> Store:
    return open_store(SITE, engine)


@pytest.fixture(scope="module")
def gate(engine: str) -> Iterator[Gate]:
    with Gate(SITE, engine, timeout_seconds=1.0, max_rows=100, workers=2) as gate:
        yield gate


def test_answers_like_the_store(gate: Gate, store: Store) -> None:
    through_gate = gate.query(LABELS)
    direct = store.query(LABELS)
    assert through_gate.kind == "select"
    assert through_gate.variables == ["s", "label"]
    assert sorted(through_gate.rows) == sorted(direct.rows)
    assert (ID["hongan-county"], Literal("红安县", lang="zh")) in through_gate.rows
    assert not through_gate.truncated


def test_bindings_reach_the_engine(gate: Gate) -> None:
    result = gate.query(LABELS, {"s": ID["datong-county"]})
    assert sorted(str(row[1]) for row in result.rows) == ["Datong County", "大通县"]


def test_rows_are_capped_and_flagged(gate: Gate, store: Store) -> None:
    everything = len(store.query(LABELS).rows)
    assert everything > 3
    capped = gate.query(LABELS, max_rows=3)
    assert len(capped.rows) == 3 and capped.truncated
    # A caller may ask for fewer rows than the cap, never for more.
    assert gate.query(LABELS, max_rows=10_000).truncated is False


def test_the_gate_cap_applies_when_the_caller_asks_for_more(engine: str) -> None:
    with Gate(SITE, engine, max_rows=2, workers=1) as small:
        result = small.query(LABELS, max_rows=50)
    assert len(result.rows) == 2 and result.truncated


def test_graphs_and_booleans_cross_the_process_boundary(gate: Gate, store: Store) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p = rdfs:label) }"
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + construct
    result = gate.query(text)
    assert result.kind == "graph" and result.graph is not None
    assert set(result.graph) == set(store.query(text).graph)
    assert (ID["sigou-village"], RDFS.label, Literal("寺沟村", lang="zh")) in result.graph
    assert gate.query("ASK { ?s a <https://dra.example.org/ontology#Village> }").boolean is True
    assert gate.query("ASK { ?s a <urn:nothing> }").boolean is False


def test_every_query_is_guarded(gate: Gate) -> None:
    with pytest.raises(GuardError) as refused:
        gate.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused.value.reason == "service"
    with pytest.raises(GuardError, match="read-only"):
        gate.query("DELETE WHERE { ?s ?p ?o }")


def test_syntax_errors_keep_their_position(gate: Gate) -> None:
    with pytest.raises(QueryError) as failed:
        gate.query("SELECT ?s\nWHERE { ?s ?p }")
    assert failed.value.line == 2


def test_a_slow_query_is_stopped_while_others_are_answered(gate: Gate) -> None:
    outcome: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        try:
            gate.query(SLOW)
            outcome["error"] = None
        except QueryTimeout as error:
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    slow = threading.Thread(target=run_slow)
    slow.start()
    time.sleep(0.2)  # the slow query now holds one worker
    meanwhile = gate.query(LABELS, {"s": ID["hongan-county"]})
    assert slow.is_alive(), "the slow query should still be running"
    assert Literal("红安县", lang="zh") in [row[1] for row in meanwhile.rows]
    slow.join(timeout=10)
    error = outcome["error"]
    assert isinstance(error, QueryTimeout) and isinstance(error, QueryError)
    assert error.seconds == 1.0 and "time limit" in str(error) and "时间限制" in str(error)
    assert 1.0 <= outcome["seconds"] < 3.0
    # The killed worker is replaced: the gate goes on with both workers.
    for _ in range(4):
        assert gate.query("ASK { ?s ?p ?o }").boolean is True


def test_close_stops_the_workers(engine: str) -> None:
    gate = Gate(SITE, engine, workers=2)
    processes = [worker._process for worker in gate._all]
    assert len(processes) == 2 and all(p.poll() is None for p in processes)
    gate.close()
    assert all(p.poll() is not None for p in processes)
    with pytest.raises(GateClosed):
        gate.query("ASK { ?s ?p ?o }")
    gate.close()  # twice is fine


def test_a_graph_that_does_not_load_stops_the_gate_at_start(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "broken.ttl").write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"broken\.ttl"):
        Gate(tmp_path, "oxigraph", workers=1)


def test_results_have_rdflib_terms(gate: Gate) -> None:
    row = gate.query(LABELS, {"s": ID["miaoziwan-village"]}).rows[0]
    assert isinstance(row[0], URIRef) and isinstance(row[1], Literal)


def test_a_query_past_the_memory_limit_stops_its_worker_only() -> None:
    # ORDER BY over a cross product must hold every row: pyoxigraph claims memory fast.
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j"
    with Gate(SITE, "oxigraph", timeout_seconds=10, workers=1, memory_mb=300) as gate:
        started = time.monotonic()
        with pytest.raises(QueryError) as failed:
            gate.query(hungry)
        # Usually the failed allocation ends the worker at once. Sometimes pyo3 panics in a
        # thread while raising MemoryError and the worker hangs instead; then the deadline
        # kills it. Either way the query is stopped and the worker replaced.
        if isinstance(failed.value, QueryTimeout):
            assert time.monotonic() - started >= 10
        else:
            assert "memory limit" in str(failed.value) and "内存限制" in str(failed.value)
            assert time.monotonic() - started < 10
        assert gate.query("ASK { ?s ?p ?o }").boolean is True  # a new worker took over


def test_workers_check_nested_expressions_deeper_than_the_default_limit(gate: Gate) -> None:
    # 60 levels of brackets need more than Python's default 1000 frames in the guard.
    nested = "SELECT ?x WHERE { BIND(" + "(" * 60 + "1 + 1" + ")" * 60 + " AS ?x) }"
    assert int(gate.query(nested).rows[0][0]) == 2
