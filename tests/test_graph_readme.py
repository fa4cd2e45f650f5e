"""Every id: and dra: name the model pages mention exists in the graph, so the examples the
query and site engineers copy from stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
BASES = {"id": "https://dra.example.org/id/", "dra": "https://dra.example.org/ontology#"}
PAGES = [ROOT / "ontology" / "README.md", ROOT / "data" / "README.md"]
NAME = re.compile(r"\b(id|dra):([A-Za-z][A-Za-z0-9-]*[A-Za-z0-9])\b")


@pytest.fixture(scope="module")
def subjects() -> set:
    return set(open_store(ROOT, engine="memory").graph().subjects())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_names_in_page_exist(page: Path, subjects: set) -> None:
    names = set(NAME.findall(page.read_text(encoding="utf-8")))
    assert names
    missing = sorted(f"{p}:{n}" for p, n in names if URIRef(BASES[p] + n) not in subjects)
    assert missing == []
