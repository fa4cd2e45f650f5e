"""How terms are shown to people: a prefixed name where we know the prefix."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import PREFIXES

# Longest namespace first, so `id:` never shadows a longer one under the same base.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def qname(iri: URIRef | str) -> str:
    """`id:hongan-county` for a known namespace, else the full IRI in angle brackets."""
    text = str(iri)
    for prefix, namespace in _BY_LENGTH:
        if text.startswith(namespace) and _is_local_name(text[len(namespace) :]):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def short(term: Node) -> str:
    """A compact, unambiguous text for any term (tables in the terminal)."""
    if isinstance(term, URIRef):
        return qname(term)
    if isinstance(term, Literal):
        if term.language:
            return f"{term}@{term.language}"
        return str(term)
    return f"_:{term}"


def _is_local_name(local: str) -> bool:
    return bool(local) and all(c.isalnum() or c in "-_." for c in local) and local[-1] != "."
