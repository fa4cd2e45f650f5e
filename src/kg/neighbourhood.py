"""The part of the graph a candidate can affect, so that the fast path validates only that.

pyshacl validates a whole graph at a few thousand triples a second; a curator's candidate
touches a handful of nodes. Which nodes can a candidate's triples make fail?

- the nodes it mentions (subjects, and objects other than classes and vocabulary terms);
- the nodes that reach those through a shape that reads *through* a predicate (a nested
  `sh:node`, a qualified or logical shape, a sequence path, a SPARQL constraint): these
  "look backwards" at the candidate, so we walk incoming edges along those predicates only,
  as many hops as the longest shape chain, minus one.

Each of these focus nodes is then validated on a graph holding everything a shape can read
from it: every triple within `depth` hops going forward, incoming edges along the predicates
shapes read backwards (`sh:inversePath`, SPARQL constraints), and the ontology's axioms about
the vocabulary terms in there. pyshacl's own `focus_nodes=` is not a substitute: it
still computes every target set on the whole graph and misses nested-shape violations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.namespaces import DRA

#: Hops a SPARQL constraint may read from $this (ours: $this → member → rdf:type).
SPARQL_DEPTH = 3
#: Hops counted for `*`/`+` paths, which are unbounded in principle (we use none today).
UNBOUNDED_PATH_DEPTH = 4

_NESTING = (SH.node, SH.qualifiedValueShape)
_LOGICAL = (SH["or"], SH["and"], SH.xone)
#: Constraints that more triples can break (SHACL §4): counts from above, negation, closure.
_BREAKABLE = (
    SH.maxCount,
    SH.qualifiedMaxCount,
    SH.closed,
    SH.disjoint,
    SH.uniqueLang,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.equals,
    SH.sparql,
    SH["not"],
    SH.xone,
)
_PREFIXED = re.compile(r"(?<![\w<])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")
_IRI = re.compile(r"<([^>\s]+)>")


@dataclass(frozen=True)
class ShapeProfile:
    """What the shapes can read from a focus node: how far, and through which predicates."""

    #: Longest chain of triples any shape reads from its focus node.
    depth: int
    #: Predicates a shape reads *through* with a constraint that more triples can break
    #: (maxCount, sh:not …) at the far end: a change there matters to the subject.
    deep_predicates: frozenset[URIRef]
    #: Predicates a shape reads against their direction (sh:inversePath, SPARQL constraints):
    #: the neighbourhood needs their incoming edges.
    incoming_predicates: frozenset[URIRef]

    @classmethod
    def of(cls, shapes: Graph) -> ShapeProfile:
        reader = _ShapeReader(shapes)
        roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
            shapes.subjects(RDF.type, SH.PropertyShape)
        )
        depth = max((reader.depth(shape) for shape in roots), default=1)
        ignored = {RDF.type, RDFS.subClassOf}
        deep = {p for p in reader.deep | reader.sparql if p not in ignored}
        incoming = {p for p in reader.inverse | reader.sparql if p not in ignored}
        return cls(
            max(depth, 2),
            frozenset(p for p in deep if not _is_vocabulary(p)),
            frozenset(p for p in incoming if not _is_vocabulary(p)),
        )

    def affected(self, seeds: set[Node], graphs: Iterable[Graph]) -> dict[Node, Node]:
        """`seeds` plus the nodes whose shapes read through to them (the nodes to check),
        each mapped to the seed it was reached from (to say where a finding comes from)."""
        graphs = tuple(graphs)
        origin = {seed: seed for seed in seeds}
        frontier = set(seeds)
        for _ in range(self.depth - 1):
            reached: dict[Node, Node] = {}
            for node in frontier:
                for graph in graphs:
                    for predicate in self.deep_predicates:
                        for s in graph.subjects(predicate, node):
                            reached.setdefault(s, origin[node])
                    for predicate in self.incoming_predicates:
                        for o in graph.objects(node, predicate):
                            if not isinstance(o, Literal) and not _is_vocabulary(o):
                                reached.setdefault(o, origin[node])
            frontier = {n for n in reached if n not in origin}
            if not frontier:
                break
            for n in frontier:
                origin[n] = reached[n]
        return origin


def seeds_of(added: Graph) -> set[Node]:
    """The nodes a set of new triples mentions, classes and vocabulary terms aside."""
    seeds: set[Node] = set()
    for s, p, o in added:
        seeds.add(s)
        if p != RDF.type and not isinstance(o, Literal) and not _is_vocabulary(o):
            seeds.add(o)
    return seeds


def extract(
    graphs: Iterable[Graph], focus: set[Node], profile: ShapeProfile, ontology: Graph
) -> Graph:
    """The subgraph holding everything the shapes can read from the `focus` nodes."""
    graphs = tuple(graphs)
    sub = Graph()
    seen, frontier = set(focus), set(focus)
    for _ in range(profile.depth):
        reached: set[Node] = set()
        for node in frontier:
            for graph in graphs:
                for _s, p, o in graph.triples((node, None, None)):
                    sub.add((node, p, o))
                    if p == RDF.type or isinstance(o, Literal) or _is_vocabulary(o):
                        continue  # classes and concepts come with the ontology
                    reached.add(o)
                for predicate in profile.incoming_predicates:
                    for subject in graph.subjects(predicate, node):
                        sub.add((subject, predicate, node))
                        reached.add(subject)
        frontier = reached - seen
        seen |= reached
    for triple in _vocabulary_closure(sub, ontology):
        sub.add(triple)
    return sub


def _vocabulary_closure(sub: Graph, ontology: Graph) -> list[tuple[Node, Node, Node]]:
    """The ontology axioms about the vocabulary terms `sub` uses, and the terms above them.

    Not the whole ontology: every triple in the validated graph costs time in each SPARQL
    target, and a few dozen axioms are all that sh:class and the vocabulary checks read.
    """
    pending = {t for triple in sub for t in triple if _is_vocabulary(t)}
    pending |= set(sub.objects(None, RDF.type))  # reused classes have superclasses too
    seen: set[Node] = set()
    axioms = []
    while pending:
        term = pending.pop()
        if term in seen:
            continue
        seen.add(term)
        for _s, p, o in ontology.triples((term, None, None)):
            axioms.append((term, p, o))
            if isinstance(o, URIRef) and o not in seen:
                pending.add(o)
    return axioms


def _is_vocabulary(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(DRA._NS))


class _ShapeReader:
    """Walks shapes once, measuring depth and collecting predicates read through."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.deep: set[URIRef] = set()
        self.inverse: set[URIRef] = set()
        self.sparql: set[URIRef] = set()
        self._depths: dict[Node, int] = {}
        self._prefixes = _sparql_prefixes(shapes)

    def depth(self, shape: Node) -> int:
        if shape in self._depths:
            return self._depths[shape]
        self._depths[shape] = UNBOUNDED_PATH_DEPTH  # guards recursive shapes
        g = self.shapes
        best = 1
        path = g.value(shape, SH.path)
        if path is not None:
            length, predicates, inner = self._path(path)
            self.deep.update(inner)
            nested = self._value_depth(shape)
            if self._breakable(shape, set(), top=True):
                self.deep.update(predicates)  # more triples at the value can fail this shape
            best = max(best, length + (nested or (1 if (shape, SH["class"], None) in g else 0)))
        else:
            best = max(best, self._value_depth(shape) or 1)
        for prop in g.objects(shape, SH.property):
            best = max(best, self.depth(prop))
        for constraint in g.objects(shape, SH.sparql):
            best = max(best, SPARQL_DEPTH)
            self.sparql.update(self._sparql_terms(g.value(constraint, SH.select)))
        self._depths[shape] = best
        return best

    def _value_depth(self, shape: Node) -> int:
        """Hops the shape reads from each value node through nested shapes (0: none)."""
        g = self.shapes
        nested = 0
        for predicate in _NESTING:
            for inner in g.objects(shape, predicate):
                nested = max(nested, self.depth(inner))
        for predicate in _LOGICAL:
            for members in g.objects(shape, predicate):
                for inner in g.items(members):
                    nested = max(nested, self.depth(inner))
        for inner in g.objects(shape, SH["not"]):
            nested = max(nested, self.depth(inner))
        return nested

    def _breakable(self, shape: Node, seen: set[Node], *, top: bool = False) -> bool:
        """Can *adding* triples around a value make it fail the shapes nested in `shape`?

        Most constraints only get happier with more triples (minCount, sh:class …); these
        do not. `top`: `shape` is the property shape itself, whose own counts are about the
        focus node, not the value.
        """
        if shape in seen:
            return False
        seen.add(shape)
        g = self.shapes
        if not top and any((shape, p, None) in g for p in _BREAKABLE):
            return True
        inner = [o for p in (*_NESTING, SH.property, SH["not"]) for o in g.objects(shape, p)]
        for predicate in (*_LOGICAL,):
            for members in g.objects(shape, predicate):
                inner += list(g.items(members))
        if (shape, SH["not"], None) in g or (shape, SH.xone, None) in g:
            return True
        return any(self._breakable(i, seen) for i in inner)

    def _path(self, path: Node) -> tuple[int, set[URIRef], set[URIRef]]:
        """(length, every predicate, predicates followed by more steps) of a SHACL path."""
        g = self.shapes
        if isinstance(path, URIRef):
            return 1, {path}, set()
        inverse = g.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            self.inverse.add(inverse)
            return 1, {inverse}, set()
        for unbounded in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            inner = g.value(path, unbounded)
            if inner is not None:
                _length, predicates, _inner = self._path(inner)
                return UNBOUNDED_PATH_DEPTH, predicates, set(predicates)
        alternatives = g.value(path, SH.alternativePath)
        members = list(g.items(alternatives if alternatives is not None else path))
        if isinstance(path, BNode) and members:
            parts = [self._path(m) for m in members]
            predicates = set().union(*(p for _l, p, _i in parts))
            inner = set().union(*(i for _l, _p, i in parts))
            if alternatives is not None:
                return max(length for length, _p, _i in parts), predicates, inner
            for _length, p, _i in parts[:-1]:
                inner |= p
            return sum(length for length, _p, _i in parts), predicates, inner
        return 1, set(), set()

    def _sparql_terms(self, select: Node | None) -> set[URIRef]:
        if select is None:
            return set()
        text = str(select)
        terms = {URIRef(iri) for iri in _IRI.findall(text)}
        for prefix, local in _PREFIXED.findall(text):
            namespace = self._prefixes.get(prefix or "")
            if namespace is not None:
                terms.add(URIRef(namespace + local))
        return terms


def _sparql_prefixes(shapes: Graph) -> dict[str, str]:
    """Prefixes declared for SPARQL constraints (`sh:declare`, SHACL §5.2.1)."""
    prefixes = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    return prefixes
