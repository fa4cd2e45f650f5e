"""Everything the graph says about one node, gathered for its page and its RDF downloads.

Outgoing facts are grouped by property; a value that is an n-ary node (a membership, a
measure, a post, an amount: a node that exists to hold the parts of one statement) is
expanded inline, one level deep, instead of being shown as a bare link. Incoming links are
grouped the same way ("is … of"). Source sentences are those the node, or one of its
expanded n-ary nodes, is `dra:statedIn`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.internal import internal_query
from kg.namespaces import DRA, ORG, PREFIXES, RDF, RDFS, SDO, SKOS
from kg.web.index import LabelIndex
from kg.web.state import run_query

#: Shown in the heading (labels, aliases, types), not again among the facts.
HEADING_PROPERTIES = frozenset(
    {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SDO.name, SDO.alternateName}
)

#: Classes whose instances exist to hold the parts of one statement (ontology/README.md:
#: measures, memberships, posts, amounts and counts, pairings, quotations, observations).
NARY_CLASSES = frozenset(
    {
        DRA.AssistanceMeasure,
        DRA.Pairing,
        ORG.Membership,
        ORG.Post,
        SDO.MonetaryAmount,
        SDO.QuantitativeValue,
        SDO.Quotation,
        SDO.Observation,
    }
)

#: How deep n-ary nodes are opened inline: a measure, and the amount inside it.
EXPAND_DEPTH = 2


@dataclass
class Value:
    term: Node
    parts: list[PropertyGroup] = field(default_factory=list)  # an expanded n-ary node
    types: list[URIRef] = field(default_factory=list)
    amount: bool = False  # the yuan figure of a schema:MonetaryAmount (shown as 亿/万)


@dataclass
class PropertyGroup:
    property: URIRef
    values: list[Value]


@dataclass
class Description:
    node: URIRef
    labels: dict[str, str]
    aliases: list[tuple[str, str]]
    types: list[URIRef]
    outgoing: list[PropertyGroup]
    incoming: list[PropertyGroup]
    sentences: list[URIRef]
    triples: list[tuple[Node, Node, Node]]

    @property
    def exists(self) -> bool:
        return bool(self.triples)

    def links(self) -> list[tuple[str, int, PropertyGroup]]:
        """(direction "out"/"in", index, group) for each property group, for the picture and
        the anchors (`#out-0`, `#in-2`) of the table rows it points at."""
        return [("out", i, g) for i, g in enumerate(self.outgoing)] + [
            ("in", i, g) for i, g in enumerate(self.incoming)
        ]

    def graph(self) -> Graph:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph


def describe(node: URIRef, index: LabelIndex) -> Description:
    facts = _Facts(node)
    triples: list[tuple[Node, Node, Node]] = []
    out_rows = facts(node)
    triples += [(node, p, o) for p, o in out_rows]
    outgoing, expanded_triples, expanded = _groups(out_rows, index, facts, skip=HEADING_PROPERTIES)
    triples += expanded_triples

    in_rows = facts.incoming(node)
    triples += [(s, p, node) for p, s in in_rows]
    incoming, in_triples, in_expanded = _groups(
        in_rows, index, facts, skip=frozenset(), exclude=node
    )
    triples += in_triples

    sentences = [o for p, o in out_rows if p == DRA.statedIn and isinstance(o, URIRef)]
    for value in expanded + in_expanded:
        for group in value.parts:
            if group.property == DRA.statedIn:
                sentences += [v.term for v in group.values if isinstance(v.term, URIRef)]
    names = index.names(node)
    return Description(
        node=node,
        labels=names.labels,
        aliases=names.aliases,
        types=names.types,
        outgoing=outgoing,
        incoming=incoming,
        sentences=_unique(sentences),
        triples=_unique(triples),
    )


def is_nary(term: Node, index: LabelIndex) -> bool:
    """A node that holds the parts of one statement rather than being a thing of its own:
    a blank node, or an instance of one of `NARY_CLASSES` (or of a subclass)."""
    return isinstance(term, BNode) or index.is_a(term, NARY_CLASSES)


class _Facts:
    """The statements around one node, read in one query (page-entity-around) instead of
    one query per node opened inline. If the row cap cut that answer short, each node is
    asked for on its own instead (page-entity-out, page-entity-in)."""

    def __init__(self, node: Node) -> None:
        result = run_query(internal_query("page-entity-around"), {"node": node})
        self._complete = not result.truncated
        known: dict[Node, list[tuple[Node, Node]]] = {}
        if self._complete:
            for row in result.dicts():
                facts = known.setdefault(row["subject"], [])
                fact = (row["property"], row["value"])
                if fact not in facts:
                    facts.append(fact)
        for facts in known.values():
            facts.sort(key=lambda fact: (str(fact[0]), str(fact[1])))
        self._known = known

    def __call__(self, node: Node) -> list[tuple[Node, Node]]:
        found = self._known.get(node)
        return found if found is not None else _outgoing(node)

    def incoming(self, node: Node) -> list[tuple[Node, Node]]:
        """(property, subject) of every statement pointing at `node`."""
        if not self._complete:
            return _incoming(node)
        found = [
            (p, s) for s, facts in self._known.items() for p, o in facts if o == node and s != node
        ]
        # A node pointing at itself is both outgoing and incoming, as with the queries.
        found += [(p, node) for p, o in self._known.get(node, []) if o == node]
        return sorted(set(found), key=lambda fact: (str(fact[0]), str(fact[1])))


def _groups(
    rows: list[tuple[Node, Node]],
    index: LabelIndex,
    facts: Callable[[Node], list[tuple[Node, Node]]],
    *,
    skip: frozenset[URIRef],
    exclude: Node | None = None,
    depth: int = EXPAND_DEPTH,
) -> tuple[list[PropertyGroup], list[tuple[Node, Node, Node]], list[Value]]:
    by_property: dict[URIRef, list[Value]] = {}
    triples: list[tuple[Node, Node, Node]] = []
    expanded: list[Value] = []
    for prop, term in rows:
        if prop in skip or not isinstance(prop, URIRef):
            continue
        value = Value(term, types=index.types(term))
        if depth > 0 and is_nary(term, index):
            part_rows = [(p, o) for p, o in facts(term) if o != exclude]
            triples += [(term, p, o) for p, o in part_rows]
            parts, nested_triples, _ = _groups(
                part_rows, index, facts, skip=HEADING_PROPERTIES, exclude=exclude, depth=depth - 1
            )
            # dra:amount always leads to yuan, also when its node is blank (no index types).
            if prop == DRA.amount or SDO.MonetaryAmount in value.types:
                for group in parts:
                    if group.property == SDO.value:
                        for part in group.values:
                            part.amount = True
            value.parts = parts
            triples += nested_triples
            expanded.append(value)
        by_property.setdefault(prop, []).append(value)
    groups = [PropertyGroup(p, vs) for p, vs in by_property.items()]
    return groups, triples, expanded


def _outgoing(node: Node) -> list[tuple[Node, Node]]:
    result = run_query(internal_query("page-entity-out"), {"node": node})
    return [(row["property"], row["value"]) for row in result.dicts()]


def _incoming(node: Node) -> list[tuple[Node, Node]]:
    result = run_query(internal_query("page-entity-in"), {"node": node})
    return [(row["property"], row["subject"]) for row in result.dicts()]


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))
