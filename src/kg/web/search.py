"""Search `/search?q=`: Chinese or English label or alias, by substring (see kg.web.index).
`/search.json?q=` gives the same hits as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from kg.labels import qname
from kg.web.display import href_of
from kg.web.index import Hit
from kg.web.state import site

bp = Blueprint("search", __name__)

#: Longer queries are cut: no name in the graph is anywhere near this long.
MAX_QUERY = 200


def hits(q: str) -> list[Hit]:
    # Only nodes with a page of their own: instances, and our vocabulary's terms.
    return [h for h in site().index.search(q) if href_of(h.node)] if q else []


def query_text() -> str:
    return (request.args.get("q") or "").strip()[:MAX_QUERY]


@bp.get("/search")
def index() -> str:
    q = query_text()
    return render_template("search/index.html", q=q, hits=hits(q), index=site().index)


@bp.get("/search.json")
def as_json() -> Response:
    q = query_text()
    index = site().index
    return jsonify(
        query=q,
        hits=[
            {
                "iri": str(h.node),
                "page": href_of(h.node),
                "labels": index.labels(h.node),
                "types": [qname(t) for t in index.types(h.node)],
                "matched": h.matched,
            }
            for h in hits(q)
        ],
    )
