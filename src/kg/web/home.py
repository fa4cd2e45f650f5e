"""The home page: what the graph holds, a search box, the saved queries by tag."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, render_template
from rdflib import URIRef
from rdflib.term import Node

from kg.internal import internal_query
from kg.namespaces import DRA
from kg.queries import QueryDefinitionError
from kg.summary import summarize
from kg.web.queries import by_tag
from kg.web.state import run_query, site

bp = Blueprint("home", __name__)


@dataclass
class Group:
    node: Node
    place: Node | None = None
    members: list[tuple[Node, Node | None]] = field(default_factory=list)  # (unit, role)


@bp.get("/")
def index() -> str:
    state = site()
    places = [row["place"] for row in run_query(internal_query("page-home-places")).dicts()]
    try:
        query_groups, catalog_error = by_tag(state.catalog), None
    except QueryDefinitionError as error:
        # A broken .rq file must not take the home page down; it says which and where.
        query_groups, catalog_error = [], error
    return render_template(
        "home/index.html",
        summary=summarize(state.store),
        store=state.store,
        places=places,
        groups=groups(),
        query_groups=query_groups,
        catalog_error=catalog_error,
    )


def groups() -> list[Group]:
    found: dict[Node, Group] = {}
    for row in run_query(internal_query("page-home-groups")).dicts():
        group = found.setdefault(row["group"], Group(row["group"]))
        group.place = group.place or row["place"]
        member = (row["member"], row["role"])
        if row["member"] is not None and member not in group.members:
            group.members.append(member)
    for group in found.values():
        # The leader unit first, as the article lists them ("1+1+1").
        group.members.sort(key=lambda m: (m[1] != URIRef(DRA.RoleGroupLeaderUnit), str(m[0])))
    return list(found.values())
