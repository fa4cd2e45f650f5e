"""What the graph holds: triples and instances per class, with labels."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.internal import internal_query
from kg.labels import qname
from kg.store import Store


@dataclass(frozen=True)
class ClassCount:
    iri: URIRef
    count: int
    labels: dict[str, str]

    @property
    def qname(self) -> str:
        return qname(self.iri)

    def label(self, lang: str) -> str:
        """The label in `lang`, falling back to the other language, then the prefixed name."""
        return self.labels.get(lang) or next(iter(self.labels.values()), self.qname)


@dataclass(frozen=True)
class Summary:
    triples: int
    classes: list[ClassCount]


def summarize(store: Store) -> Summary:
    result = store.query(internal_query("class-counts"))
    classes = []
    for row in result.dicts():
        labels = {
            lang: str(row[var]) for lang, var in (("zh", "labelZh"), ("en", "labelEn")) if row[var]
        }
        classes.append(ClassCount(URIRef(str(row["class"])), int(row["count"]), labels))
    return Summary(triples=len(store), classes=classes)
