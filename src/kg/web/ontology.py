"""The ontology page: classes and properties with labels, definitions, counts, diagram.

The diagram is the SVG the graph engineer generates into `ontology/diagram.svg`; it is
served as a file and shown with <img>, so it cannot run script in our pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template, send_file
from rdflib import Literal, URIRef
from rdflib.term import Node
from werkzeug.wrappers import Response

from kg.internal import internal_query
from kg.namespaces import OWL
from kg.summary import summarize
from kg.web.i18n import current_lang
from kg.web.state import run_query, site

bp = Blueprint("ontology", __name__)

DIAGRAM = "diagram.svg"


@dataclass
class Term:
    iri: URIRef
    kind: URIRef
    definitions: dict[str, str] = field(default_factory=dict)
    domains: list[Node] = field(default_factory=list)
    ranges: list[Node] = field(default_factory=list)
    supers: list[Node] = field(default_factory=list)
    count: int = 0

    @property
    def anchor(self) -> str:
        return str(self.iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@bp.get("/ontology")
def index() -> str:
    state = site()
    terms = read_terms()
    counts = {c.iri: c.count for c in summarize(state.store).classes}
    uses = {
        row["property"]: int(row["uses"])
        for row in run_query(internal_query("page-property-counts")).dicts()
    }
    for term in terms.values():
        term.count = counts.get(term.iri, 0) if term.kind == OWL.Class else uses.get(term.iri, 0)
    schemes: dict[Node, list[tuple[Node, int]]] = {}
    for row in run_query(internal_query("page-concepts")).dicts():
        schemes.setdefault(row["scheme"], []).append((row["concept"], int(row["uses"])))
    classes = [t for t in terms.values() if t.kind == OWL.Class]
    properties = [t for t in terms.values() if t.kind != OWL.Class]
    return render_template(
        "ontology/index.html",
        classes=classes,
        properties=properties,
        schemes=schemes,
        has_diagram=(state.root / "ontology" / DIAGRAM).is_file(),
        lang=current_lang(),
    )


def read_terms() -> dict[URIRef, Term]:
    terms: dict[URIRef, Term] = {}
    for row in run_query(internal_query("page-ontology-terms")).dicts():
        term = terms.setdefault(row["term"], Term(row["term"], row["kind"]))
        definition = row["definition"]
        if isinstance(definition, Literal):
            lang = (definition.language or "").split("-")[0]
            term.definitions.setdefault(lang, str(definition))
        for attr, key in (("domains", "domain"), ("ranges", "range"), ("supers", "super")):
            value = row[key]
            if value is not None and value not in getattr(term, attr):
                getattr(term, attr).append(value)
    return terms


@bp.get("/ontology/diagram.svg")
def diagram() -> Response:
    path = site().root / "ontology" / DIAGRAM
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/svg+xml", max_age=300)
