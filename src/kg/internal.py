"""The package's own SPARQL, kept in `.rq` files beside the code and read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def internal_query(name: str) -> str:
    """The text of `src/kg/sparql/<name>.rq`."""
    return resources.files("kg").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
