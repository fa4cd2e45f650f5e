"""The source article as the graph holds it: its sentences in order, and what each states."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from kg.internal import internal_query
from kg.store import Store
from kg.web.display import slug_of


@dataclass(frozen=True)
class Sentence:
    iri: URIRef
    position: int | None
    line: int | None
    text: str
    article: Node | None

    @property
    def anchor(self) -> str:
        """The id of this sentence on the article page (its slug, so links are stable)."""
        return slug_of(self.iri) or str(self.position)


@dataclass
class Article:
    sentences: list[Sentence]
    drawn: dict[URIRef, list[Node]] = field(default_factory=dict)  # sentence → stated nodes

    @classmethod
    def build(cls, store: Store) -> Article:
        sentences = []
        for row in store.query(internal_query("page-sentences")).dicts():
            sentences.append(
                Sentence(
                    iri=row["sentence"],
                    position=_int(row["position"]),
                    line=_int(row["line"]),
                    text=str(row["text"]),
                    article=row["article"],
                )
            )
        sentences = list({s.iri: s for s in sentences}.values())
        sentences.sort(key=lambda s: (s.position is None, s.position or 0, str(s.iri)))
        drawn: dict[URIRef, list[Node]] = {}
        for row in store.query(internal_query("page-drawn-from")).dicts():
            drawn.setdefault(row["sentence"], []).append(row["node"])
        return cls(sentences, drawn)

    def get(self, iri: Node) -> Sentence | None:
        return next((s for s in self.sentences if s.iri == iri), None)


def _int(term: Node | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None
