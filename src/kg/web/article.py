"""The article view: the source text sentence by sentence, each with what it states.

Each sentence has an anchor (its slug, e.g. `#zgjsb-2022-01-24-s22`) that entity pages
link to, and lists the nodes whose facts come from it (`dra:statedIn`).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from kg.internal import internal_query
from kg.web.state import run_query, site

bp = Blueprint("article", __name__)


@bp.get("/article")
def index() -> str:
    article = site().article
    meta = run_query(internal_query("page-article-meta")).dicts()
    return render_template("article/index.html", article=article, meta=meta[0] if meta else None)
