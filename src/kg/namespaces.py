"""Every IRI prefix the project uses, spelled once.

`DRA` is our own vocabulary: a `DefinedNamespace` with `_fail = True`, so a mistyped term
raises instead of silently minting a new IRI. `tests/test_namespaces.py` keeps its term
list in sync with `ontology/`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)

BASE = "https://dra.example.org/"
ONTOLOGY_IRI = BASE + "ontology"

#: Instances (entities, sentences, measures …) live under one base.
ID = Namespace(BASE + "id/")


class DRA(DefinedNamespace):
    """The project's vocabulary (classes UpperCamelCase, properties lowerCamelCase)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Terms are declared in ontology/ontology.ttl; keep this list in step with it.
    Sentence: URIRef
    statedIn: URIRef


#: The fixed prefix set, used by `kg fmt` and prepended nowhere else: `.rq` files
#: declare their own PREFIX lines so that each runs standalone.
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "dra": str(DRA._NS),
    "id": str(ID),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "sh": str(SH),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = [
    "BASE",
    "DCTERMS",
    "DRA",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "XSD",
]
