"""Search `/search?q=`: Chinese or English label or alias, by substring (see kg.web.index)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kg.web.display import href_of
from kg.web.state import site

bp = Blueprint("search", __name__)

#: Longer queries are cut: no name in the graph is anywhere near this long.
MAX_QUERY = 200


@bp.get("/search")
def index() -> str:
    q = (request.args.get("q") or "").strip()[:MAX_QUERY]
    index = site().index
    # Only nodes with a page of their own: instances, and our vocabulary's terms.
    hits = [h for h in index.search(q) if href_of(h.node)] if q else []
    return render_template("search/index.html", q=q, hits=hits, index=index)
