"""The one gate every query of the site goes through: guards, a time limit and a row cap.

Neither rdflib nor pyoxigraph can stop a running query from inside the process (threads
cannot be killed, signals only reach the main thread and not native code, and store-level
deadlines do not cover every operator), so queries run in worker processes that each hold
their own loaded store. A worker that passes the deadline is killed and replaced in the
background, and the server goes on answering with the others. Each worker's address space
is capped too (``RLIMIT_AS``): a query that would eat the machine's memory before its
deadline stops its worker with an error instead.

Workers are fresh interpreters (``python -m kg.gate``), not forks: forking the web process
would copy a loaded Rust store and the server's threads and locks into the child, and
multiprocessing's spawn and forkserver re-import the caller's ``__main__`` in every worker
(breaking any script without a ``__main__`` guard). Requests and results travel as pickles
over a socket pair (`multiprocessing.connection.Connection`). Each worker checks every query
with `kg.guard` before its engine sees it and runs the guard's normalized text, so no path
through the gate runs an unchecked query; the check's parse time counts against the
deadline too.

`Gate.query` has the signature and result type of `kg.store.Store.query`, so code written
against a store (e.g. `kg.queries.Catalog.run`) can be handed the gate instead.
"""

from __future__ import annotations

import logging
import queue
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from kg.guard import GuardError
from kg.store import QueryError, QueryResult

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_ROWS = 5000
#: Address space per worker. A cross product with ORDER BY can claim hundreds of MB a
#: second, long before the deadline; the whole graph needs well under 200 MB.
DEFAULT_MEMORY_MB = 1024
#: How long a new worker may take to load the graph before the gate gives up on it.
START_TIMEOUT_SECONDS = 120.0


class QueryTimeout(QueryError):
    """The query passed the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"查询超过 {seconds:g} 秒的时间限制，已停止 / "
            f"the query ran longer than the {seconds:g} s time limit and was stopped"
        )
        self.seconds = seconds


class GateBusy(QueryError):
    """Every worker stayed busy for a whole time limit: the site is overloaded."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"服务器繁忙（{seconds:g} 秒内没有空闲的查询进程），请稍后再试 / "
            f"the server is busy (no query worker was free within {seconds:g} s); try again later"
        )


class GateClosed(QueryError):
    def __init__(self) -> None:
        super().__init__("查询服务已关闭 / the query service is shut down")


class Gate:
    """A pool of query workers over the project at `root`, loaded with `engine`."""

    def __init__(
        self,
        root: Path,
        engine: str | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        max_rows: int = DEFAULT_MAX_ROWS,
        workers: int = 2,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        if workers < 1:
            raise ValueError("a gate needs at least one worker")
        self.root = Path(root)
        self.engine = engine
        self.timeout_seconds = float(timeout_seconds)
        self.max_rows = int(max_rows)
        self.memory_mb = int(memory_mb)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        starting = [self._spawn() for _ in range(workers)]
        try:
            for worker in starting:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Check and run `sparql` in a worker; at most `max_rows` (never above the cap).

        Raises GuardError (refused), QueryError (does not parse or evaluate), QueryTimeout
        (stopped at the deadline) or GateBusy (no worker free within the time limit).
        """
        rows = self.max_rows if max_rows is None else min(max_rows, self.max_rows)
        worker = self._checkout()
        try:
            reply = worker.ask(("query", sparql, dict(bindings or {}), rows), self.timeout_seconds)
        except _WorkerLost as lost:
            self._replace(worker)
            if lost.timed_out:
                raise QueryTimeout(self.timeout_seconds) from None
            # Out of memory shows in many ways (a Rust abort, a MemoryError while replying),
            # so the message names both causes rather than guess from the exit status.
            raise QueryError(
                f"查询进程意外退出（可能超出了 {self.memory_mb} MB 的内存限制，或内部错误，详见服务器"
                f"日志） / the query worker stopped unexpectedly (past its {self.memory_mb} MB "
                "memory limit, or an internal error: see the server log)"
            ) from None
        if reply[0] == "fatal":  # the worker answered but cannot go on (out of memory)
            self._replace(worker)
        else:
            self._checkin(worker)
        return _unpack(reply)

    def close(self) -> None:
        """Stop every worker (idempotent); later queries raise GateClosed."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.root, self.engine, self.memory_mb)
        with self._lock:
            if self._closed:
                worker.stop()
                raise GateClosed()
            self._all.add(worker)
        return worker

    def _checkout(self) -> _Worker:
        if self._closed:
            raise GateClosed()
        try:
            return self._idle.get(timeout=self.timeout_seconds)
        except queue.Empty:
            raise GateBusy(self.timeout_seconds) from None

    def _checkin(self, worker: _Worker) -> None:
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` now; start its successor in the background (loading takes time)."""
        worker.stop()
        with self._lock:
            self._all.discard(worker)
        threading.Thread(target=self._start_successor, name="kg-gate-respawn", daemon=True).start()

    def _start_successor(self) -> None:
        try:
            worker = self._spawn()
            worker.wait_ready()
        except GateClosed:
            return
        except Exception:
            if not self._closed:  # closing kills a worker that is still loading: expected
                log.exception("could not start a replacement query worker")
            return
        self._checkin(worker)


class _WorkerLost(Exception):
    def __init__(self, timed_out: bool) -> None:
        super().__init__("timed out" if timed_out else "worker died")
        self.timed_out = timed_out


class _Worker:
    """One worker process and the pipe to it; used by one request at a time."""

    def __init__(self, root: Path, engine: str | None, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "kg.gate", str(theirs.fileno()), str(root)]
        command += [engine or "", str(memory_mb)]
        self._process = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL
        )
        theirs.close()
        self._conn = Connection(ours.detach())

    def wait_ready(self) -> None:
        if not self._conn.poll(START_TIMEOUT_SECONDS):
            self.stop()
            raise RuntimeError(
                f"a query worker did not load the graph in {START_TIMEOUT_SECONDS} s"
            )
        try:
            status, detail = self._conn.recv()
        except EOFError:
            status, detail = "failed", "the worker exited while loading the graph"
        if status != "ready":
            self.stop()
            raise RuntimeError(f"a query worker could not load the graph: {detail}")

    def ask(self, request: tuple, timeout: float) -> tuple:
        try:
            self._conn.send(request)
            if not self._conn.poll(timeout):
                raise _WorkerLost(timed_out=True)
            return self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise _WorkerLost(timed_out=False) from None

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=5)
        self._conn.close()


def _unpack(reply: tuple) -> QueryResult:
    status = reply[0]
    if status == "ok":
        result, triples = reply[1], reply[2]
        if triples is not None:
            graph = Graph()
            for triple in triples:
                graph.add(triple)
            result = replace(result, graph=graph)
        return result
    if status == "guard":
        raise GuardError(*reply[1:])
    raise QueryError(*reply[1:])  # "error", or "fatal" from a worker that has stopped


def _serve(conn: Connection, root: str, engine: str | None, memory_mb: int) -> None:
    """The worker's loop: load the graph once, then answer requests until the pipe closes."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # The guard's parser (pyparsing) needs ~20 frames per nested bracket: the default limit
    # of 1000 refuses FILTER((((…)))) past 20 levels. Should deeper text overflow the C
    # stack, only this worker dies.
    sys.setrecursionlimit(20_000)
    from kg.guard import check_query
    from kg.store import open_store

    try:
        store = open_store(Path(root), engine)
    except Exception as error:  # reported to the parent, which refuses to start
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone or closed the pipe
        _, sparql, bindings, max_rows = request
        try:
            checked = check_query(sparql)
            result = store.query(checked.text, bindings, max_rows=max_rows)
        except GuardError as error:
            conn.send(("guard", error.message, error.line, error.column, error.reason))
            continue
        except QueryError as error:
            conn.send(("error", error.message, error.line, error.column))
            continue
        except MemoryError:
            message = (
                f"查询超出了 {memory_mb} MB 的内存限制 / "
                f"the query needed more than the {memory_mb} MB memory limit"
            )
            conn.send(("fatal", message, None, None))
            return
        # rdflib Graphs carry a store and locks; triples of plain terms pickle cheaply.
        triples = list(result.graph) if result.graph is not None else None
        conn.send(("ok", replace(result, graph=None), triples))


if __name__ == "__main__":
    # python -m kg.gate FD ROOT ENGINE: a worker started by _Worker.
    _serve(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] or None, int(sys.argv[4]))
