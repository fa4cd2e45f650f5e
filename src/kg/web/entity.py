"""Entity pages `/id/<slug>`: one for every node, as HTML or as RDF.

The page URL is the entity's IRI on this site (https://dra.example.org/id/<slug>), so it
dereferences: `Accept` chooses HTML, Turtle, JSON-LD or N-Triples, and so does a suffix
(`/id/<slug>.ttl`, `.jsonld`, `.nt`) for people who cannot set headers.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from rdflib import Literal, URIRef
from werkzeug.wrappers import Response

from kg import results
from kg.namespaces import DRA, ID, RDFS
from kg.queries import QueryDefinitionError, SavedQuery
from kg.results import Format
from kg.store import QueryResult
from kg.web.description import Description, describe, is_nary
from kg.web.display import href_of, label_of, slug_of
from kg.web.i18n import current_lang
from kg.web.node_status import node_status
from kg.web.picture import Picture, layout, short
from kg.web.state import SiteState, site

bp = Blueprint("entity", __name__)

#: A property with more linked nodes than this is drawn as one spot for all of them.
GROUP_ABOVE = 3
#: Beyond this many spots the picture stops being readable (the tables list everything).
MAX_SPOTS = 20

#: The RDF an entity's description comes in (writers from kg.results), by suffix.
FORMATS: dict[str, Format] = {f.name: f for f in (results.TURTLE, results.JSONLD, results.NTRIPLES)}
#: Media types by which a client asks for each; application/json stays JSON-LD's.
_BY_MEDIA = {offer: f.name for f in FORMATS.values() for offer in f.offers if offer != "text/plain"}


@bp.get("/id/<path:slug>")
def page(slug: str) -> Response | str:
    """An instance: https://dra.example.org/id/<slug>."""
    slug, suffix = split_suffix(slug)
    return answer(URIRef(str(ID) + slug), "entity.page", {"slug": slug}, suffix)


@bp.get("/ontology/<path:local>")
def term(local: str) -> Response | str:
    """A term of our vocabulary (a class, property or concept): dra:<local>."""
    local, suffix = split_suffix(local)
    return answer(URIRef(str(DRA._NS) + local), "entity.term", {"local": local}, suffix)


def split_suffix(name: str) -> tuple[str, str | None]:
    """("hongan-county", "ttl") for "hongan-county.ttl"; the suffix only if it is ours."""
    stem, dot, ext = name.rpartition(".")
    return (stem, ext) if dot and ext in FORMATS else (name, None)


def answer(node: URIRef, endpoint: str, args: dict[str, str], suffix: str | None) -> Response:
    state = site()
    description = describe(node, state.index)
    if not description.exists:
        abort(404)
    suffix = suffix or negotiate()
    if suffix is not None:
        return rdf_response(description, suffix)
    key = next(iter(args))
    downloads = {
        f.name: url_for(endpoint, **{key: args[key] + "." + f.name}) for f in FORMATS.values()
    }
    response = Response(
        render_template(
            "entity/page.html",
            d=description,
            downloads=downloads,
            in_ontology=endpoint == "entity.term",
            picture=picture(description),
            status=node_status(state, node, current_lang()),
            sentence=state.article.get(node),
            sources=[s for s in map(state.article.get, description.sentences) if s],
            queries=related_queries(state, node),
        ),
        mimetype="text/html",
    )
    response.headers["Vary"] = "Accept"
    return response


def related_queries(state: SiteState, node: URIRef) -> list[tuple[SavedQuery, str]]:
    """Saved queries with an IRI parameter this node may fill, each with its URL for it."""
    found = []
    value = slug_of(node) or str(node)
    try:
        catalog = state.catalog
    except QueryDefinitionError:
        return []  # the home and query pages say what is wrong with the catalogue
    for query in catalog:
        for p in query.parameters:
            if p.type == "iri" and (
                RDFS.Resource in p.classes or state.index.is_a(node, frozenset(p.classes))
            ):
                found.append((query, url_for("queries.page", query_id=query.id, **{p.name: value})))
                break
    return found


def negotiate() -> str | None:
    """The RDF suffix the client prefers, or None for HTML (browsers, and no Accept)."""
    accept = request.accept_mimetypes
    if not accept:
        return None
    best = accept.best_match(["text/html", *_BY_MEDIA], default=None)
    if best is None:
        abort(406)
    return _BY_MEDIA.get(best)


def rdf_response(description: Description, suffix: str) -> Response:
    fmt = FORMATS[suffix]
    # kg.results only writes (its JSON-LD context is inline): nothing is ever fetched.
    body = results.serialize(QueryResult("graph", graph=description.graph()), fmt)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def picture(description: Description) -> Picture:
    """One spot per linked node; a property with many values becomes one spot ("受益方 ×15")
    that points at its row of the table, so the picture stays readable."""
    state = site()
    neighbours = []
    for direction, i, group in description.links():
        nodes = [v.term for v in group.values if not isinstance(v.term, Literal)]
        if not nodes:
            continue
        prop = label_of(group.property)
        if len(nodes) > GROUP_ABOVE:
            text = f"{short(prop, 100)} ×{len(nodes)}"
            neighbours.append((text, text, f"#{direction}-{i}", "group", prop, direction))
            continue
        for node in nodes:
            kind = "nary" if is_nary(node, state.index) else "entity"
            text = label_of(node)
            if kind == "nary" and not state.index.labels(node):
                types = state.index.types(node)
                text = label_of(types[0]) if types else "…"
            neighbours.append((text, str(node), href_of(node), kind, prop, direction))
    center = (label_of(description.node), str(description.node))
    return layout(center, neighbours[:MAX_SPOTS])
