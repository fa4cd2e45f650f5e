"""The site's own SPARQL (src/kg/sparql/page-*.rq): each runs standalone on both engines,
and the entity page's bound ?node is in every projection that needs it (pyoxigraph binds
by substitution, which requires it)."""

from __future__ import annotations

from importlib import resources

import pytest

from kg.internal import internal_query
from kg.namespaces import ID
from kg.store import open_store
from kg.web import checkout_root

NAMES = sorted(
    p.name.removesuffix(".rq")
    for p in resources.files("kg").joinpath("sparql").iterdir()
    if p.name.startswith("page-") and p.name.endswith(".rq")
)
BOUND = {"page-entity-around", "page-entity-out", "page-entity-in"}


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def store(request):
    return open_store(checkout_root(), request.param)


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_both_engines(store, name):
    text = internal_query(name)
    assert text.lstrip().startswith("#"), "each file says what it is for"
    bindings = {"node": ID["hongan-group"]} if name in BOUND else None
    result = store.query(text, bindings)
    assert result.kind == "select"
    assert result.rows, f"{name} finds something in the project's graph"


def test_bound_queries_answer_only_about_their_node(store):
    result = store.query(internal_query("page-entity-out"), {"node": ID["hongan-group"]})
    assert {row["node"] for row in result.dicts()} == {ID["hongan-group"]}
