"""The home page: what the graph holds."""

from __future__ import annotations

from flask import Blueprint, render_template

from kg.summary import summarize
from kg.web.state import site

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    state = site()
    return render_template("home/index.html", summary=summarize(state.store), store=state.store)
