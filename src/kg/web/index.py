"""Names and types of every node, read once from the graph: labels for links, and search.

Built from two internal queries when the site first needs it and kept with the site state
(a merge that swaps the store builds a new one). Search is substring matching on
normalized names, which is what Chinese needs: there are no spaces between words, so
"红安" must find "红安县" and "红安帮扶组" by containment, not by tokens.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.internal import internal_query
from kg.namespaces import RDFS, SDO, SKOS
from kg.store import Store
from kg.web.vocabulary import LABELS

#: Properties that give a node's main name; the others are aliases.
PRIMARY = frozenset({RDFS.label, SKOS.prefLabel, SDO.name})

#: Characters that do not change what a name means: spaces and the punctuation people
#: type or leave out ("红安 帮扶组", "Hong'an" / "Hongan", "1+1+1").
_IGNORED = frozenset(" \t\r\n·・-‐–—_'’‘\"“”«»()（）[]【】《》〈〉,，.。:：;；!！?？/、")


#: Administrative suffixes people add or leave out ("红安县帮扶组" for 红安帮扶组).
_ADMIN_SUFFIXES = frozenset("县市区镇乡村省")


def normalize(text: str) -> str:
    """Fold width, case and ignorable punctuation so that equal names compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c not in _IGNORED)


@dataclass
class Names:
    """What one node is called: main labels by language, and every alias."""

    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    types: list[URIRef] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """One search result: the node, the name that matched, and how well."""

    node: URIRef
    matched: str
    rank: tuple[int, int, int]


class LabelIndex:
    def __init__(
        self, names: dict[Node, Names], superclasses: dict[URIRef, set[URIRef]] | None = None
    ) -> None:
        self._names = names
        self._superclasses = superclasses or {}
        # (normalized text, original text, node, is_primary) for every name, once.
        self._entries = [
            (normalize(text), text, node, is_primary)
            for node, entry in names.items()
            for text, is_primary in _all_names(entry)
        ]

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        names: dict[Node, Names] = defaultdict(Names)
        for row in store.query(internal_query("page-labels")).dicts():
            node, prop, label = row["node"], row["property"], row["label"]
            assert isinstance(label, Literal)
            lang = _lang_of(label)
            entry = names[node]
            if prop in PRIMARY and lang not in entry.labels:
                entry.labels[lang] = str(label)
            else:
                entry.aliases.append((lang, str(label)))
        for row in store.query(internal_query("page-types")).dicts():
            entry = names[row["node"]]
            if row["type"] not in entry.types:
                entry.types.append(row["type"])
        for term, labels in LABELS.items():
            entry = names[term]
            for lang, text in labels.items():
                entry.labels.setdefault(lang, text)
        for entry in names.values():
            entry.types.sort()
        superclasses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for row in store.query(internal_query("page-subclasses")).dicts():
            superclasses[row["class"]].add(row["superclass"])
        return cls(dict(names), dict(superclasses))

    def names(self, node: Node) -> Names:
        return self._names.get(node) or Names()

    def labels(self, node: Node) -> dict[str, str]:
        return self.names(node).labels

    def types(self, node: Node) -> list[URIRef]:
        return self.names(node).types

    def is_a(self, node: Node, classes: frozenset[URIRef]) -> bool:
        """Whether `node` has one of `classes` as a type or a superclass of a type."""
        for cls in self.types(node):
            if cls in classes or self._superclasses.get(cls, set()) & classes:
                return True
        return False

    def nodes(self) -> list[Node]:
        return list(self._names)

    def instances(self, cls: URIRef) -> list[Node]:
        return [node for node, entry in self._names.items() if cls in entry.types]

    def search(self, query: str, limit: int = 100) -> list[Hit]:
        """Nodes one of whose names contains every word of `query` (after normalizing).

        Ranked: a name equal to the query first, then names that start with it, then
        names that contain it; main labels before aliases; shorter names first. When
        nothing matches, the administrative suffixes (县 市 区 镇 乡 村 省) are ignored on
        both sides, so "红安县帮扶组" still finds 红安帮扶组.
        """
        words = [w for w in (normalize(w) for w in query.split()) if w]
        if not words:
            return []
        hits = self._match(words, lambda norm: norm)
        if not hits:
            bare = [w for w in (_without_suffixes(w) for w in words) if w]
            if bare and bare != words:
                hits = self._match(bare, _without_suffixes)
        return sorted(hits, key=lambda h: (h.rank, str(h.node)))[:limit]

    def _match(self, words: list[str], fold: Callable[[str], str]) -> list[Hit]:
        whole = "".join(words)
        best: dict[Node, Hit] = {}
        for norm, text, node, is_primary in self._entries:
            norm = fold(norm)
            if not isinstance(node, URIRef) or not all(w in norm for w in words):
                continue
            closeness = 0 if norm == whole else 1 if norm.startswith(words[0]) else 2
            hit = Hit(node, text, (closeness, 0 if is_primary else 1, len(norm)))
            if node not in best or hit.rank < best[node].rank:
                best[node] = hit
        return list(best.values())


def _without_suffixes(text: str) -> str:
    return "".join(c for c in text if c not in _ADMIN_SUFFIXES)


def _all_names(entry: Names) -> list[tuple[str, bool]]:
    return [(t, True) for t in entry.labels.values()] + [(t, False) for _, t in entry.aliases]


def _lang_of(label: Literal) -> str:
    """'zh' for zh, zh-Hans, zh-CN …; 'en' for en-…; other tags kept as they are."""
    tag = (label.language or "").lower()
    base = tag.split("-")[0]
    return base if base in ("zh", "en") else tag
