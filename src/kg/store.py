"""The one owner of the graph: loads `ontology/` and `data/` once and answers SPARQL.

Two engines sit behind one interface, chosen by name (``KG_ENGINE`` or ``--engine``):

- ``oxigraph`` (pyoxigraph), the default: fast joins and aggregates, strict parser;
- ``memory`` (rdflib's in-memory store), the reference engine.

Callers never parse files and never see which engine answers: they get `QueryResult`s of
rdflib terms. The graph is one default graph on both engines: a TriG file's named graphs are
merged into it (the site's guard refuses FROM and FROM NAMED for the same reason). Parameters are bound by each engine's own mechanism (rdflib ``initBindings``,
pyoxigraph ``substitutions``), never formatted into query text.
"""

from __future__ import annotations

import os
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.term import Node

from kg import rdfio

ENGINES = ("oxigraph", "memory")
DEFAULT_ENGINE = "oxigraph"

#: Files under ontology/ that describe the model's checks, not the graph.
NOT_GRAPH_FILES = frozenset({"shapes.ttl"})


class QueryError(Exception):
    """A query that does not parse or cannot be evaluated; `line`/`column` when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column}: {self.message}"
        return self.message


@dataclass(frozen=True)
class QueryResult:
    """The answer to one query: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node | None]]:
        """Rows as {variable: term} mappings (unbound variables map to None)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class LoadedFile:
    path: str  # relative to the project root
    statements: int


def data_files(root: Path) -> list[Path]:
    """The files that make up the graph, in a stable order."""
    files = [p for p in sorted((root / "ontology").glob("*.ttl")) if p.name not in NOT_GRAPH_FILES]
    data = root / "data"
    for suffix in rdfio.FORMATS:
        files.extend(sorted(data.rglob(f"*{suffix}")))
    return sorted(set(files), key=lambda p: p.relative_to(root).as_posix())


class Store(ABC):
    """A loaded, read-only graph that answers SPARQL."""

    engine: str

    def __init__(self, root: Path, files: list[LoadedFile], load_seconds: float) -> None:
        self.root = root
        self.files = files
        self.load_seconds = load_seconds

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a read-only query; `bindings` pre-bind variables by name."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of distinct statements."""

    @abstractmethod
    def graph(self) -> Graph:
        """A fresh rdflib Graph holding every statement (for validation and serialization)."""


class OxigraphStore(Store):
    engine = "oxigraph"

    def __init__(self, root: Path, paths: Iterable[Path]) -> None:
        started = time.perf_counter()
        self._store = ox.Store()
        loaded = []
        for path in paths:
            quads = rdfio.parse_file_native(path, display_name=path.relative_to(root).as_posix())
            self._store.extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads
            )
            loaded.append(LoadedFile(path.relative_to(root).as_posix(), len(quads)))
        super().__init__(root, loaded, time.perf_counter() - started)

    def query(self, sparql, bindings=None, *, max_rows=None):
        substitutions = {
            ox.Variable(name): rdfio.to_oxigraph(term) for name, term in (bindings or {}).items()
        }
        try:
            result = self._store.query(sparql, substitutions=substitutions)
        except SyntaxError as error:
            raise _query_syntax_error(error) from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(str(error)) from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows, truncated = _take(
                (
                    tuple(rdfio.to_rdflib(s[v]) if s[v] is not None else None for v in variables)
                    for s in result
                ),
                max_rows,
            )
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
        graph = Graph()
        triples, truncated = _take(
            (
                (
                    rdfio.to_rdflib(t.subject),
                    rdfio.to_rdflib(t.predicate),
                    rdfio.to_rdflib(t.object),
                )
                for t in result
            ),
            max_rows,
        )
        for triple in triples:
            graph.add(triple)
        return QueryResult("graph", graph=graph, truncated=truncated)

    def __len__(self) -> int:
        return len(self._store)

    def graph(self) -> Graph:
        graph = Graph()
        for quad in self._store:
            graph.add(
                (
                    rdfio.to_rdflib(quad.subject),
                    rdfio.to_rdflib(quad.predicate),
                    rdfio.to_rdflib(quad.object),
                )
            )
        return graph


class MemoryStore(Store):
    engine = "memory"

    def __init__(self, root: Path, paths: Iterable[Path]) -> None:
        _close_rdflib_network_doors()
        started = time.perf_counter()
        self._graph = Graph()
        loaded = []
        for path in paths:
            quads = _parse(root, path)
            for q in quads:
                self._graph.add(q.triple)
            loaded.append(LoadedFile(path.relative_to(root).as_posix(), len(quads)))
        super().__init__(root, loaded, time.perf_counter() - started)

    def query(self, sparql, bindings=None, *, max_rows=None):
        from pyparsing import ParseException

        init = {Variable(name): term for name, term in (bindings or {}).items()}
        try:
            result = self._graph.query(sparql, initBindings=init)
            if result.type == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if result.type == "SELECT":
                variables = [str(v) for v in result.vars]
                rows, truncated = _take((tuple(row) for row in result), max_rows)
                return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
            graph = Graph()
            triples, truncated = _take(iter(result.graph), max_rows)
            for triple in triples:
                graph.add(triple)
            return QueryResult("graph", graph=graph, truncated=truncated)
        except ParseException as error:
            raise QueryError(error.msg, error.lineno, error.col) from None
        except Exception as error:  # rdflib raises bare Exceptions for evaluation errors
            raise QueryError(f"{type(error).__name__}: {error}") from None

    def __len__(self) -> int:
        return len(self._graph)

    def graph(self) -> Graph:
        graph = Graph()
        graph += self._graph
        return graph


def open_store(root: Path, engine: str | None = None) -> Store:
    """Load the project at `root` with `engine` (default: $KG_ENGINE, else oxigraph).

    Raises rdfio.RdfInputError (file, line, column) on a file that does not parse.
    """
    engine = engine or os.environ.get("KG_ENGINE") or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    paths = data_files(root)
    if engine == "oxigraph":
        return OxigraphStore(root, paths)
    return MemoryStore(root, paths)


def _parse(root: Path, path: Path) -> list[rdfio.Quad]:
    return rdfio.parse_file(path, display_name=path.relative_to(root).as_posix())


def _take(rows: Iterable, limit: int | None) -> tuple[list, bool]:
    taken = []
    for row in rows:
        if limit is not None and len(taken) >= limit:
            return taken, True
        taken.append(row)
    return taken, False


_POSITION = re.compile(r"^error at (\d+):(\d+): ")


def _query_syntax_error(error: SyntaxError) -> QueryError:
    # pyoxigraph puts the position only inside the message ("error at 2:9: ...").
    match = _POSITION.match(error.msg)
    if match is None:
        return QueryError(error.msg)
    return QueryError(error.msg[match.end() :], int(match[1]), int(match[2]))


def _close_rdflib_network_doors() -> None:
    """rdflib's SPARQL engine would otherwise dereference `FROM <url>` graphs."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
