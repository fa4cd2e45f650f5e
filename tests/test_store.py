"""The store: both engines load the same files and give the same answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kg import rdfio
from kg.namespaces import ID
from kg.store import ENGINES, QueryError, data_files, open_store

MINI = Path(__file__).parent / "fixtures" / "mini"
LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dra: <https://dra.example.org/ontology#>
SELECT ?village ?county ?name WHERE {
  ?village a dra:Village ; dra:inCounty ?county ; rdfs:label ?name .
  FILTER(LANG(?name) = "zh")
} ORDER BY ?name
"""


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest):
    return open_store(MINI, request.param)


def test_loads_ontology_and_data_files(store) -> None:
    assert [f.path for f in store.files] == ["data/places.ttl", "ontology/vocab.ttl"]
    assert len(store) == 24
    assert store.load_seconds >= 0


def test_select_returns_rdflib_terms_in_order(store) -> None:
    result = store.query(LABELS)
    assert result.kind == "select"
    assert result.variables == ["village", "county", "name"]
    # ORDER BY compares strings by code point: 寺 (U+5BFA) before 庙 (U+5E99).
    assert result.rows == [
        (ID["sigou-village"], ID["datong-county"], Literal("寺沟村", lang="zh")),
        (ID["miaoziwan-village"], ID["hongan-county"], Literal("庙咀湾村", lang="zh")),
    ]


def test_bindings_restrict_the_answer(store) -> None:
    result = store.query(LABELS, {"county": ID["datong-county"]})
    assert [row[0] for row in result.rows] == [ID["sigou-village"]]


def test_binding_text_is_a_term_never_query_text(store) -> None:
    hostile = Literal('x" } UNION { ?village ?p ?o } #')
    assert store.query(LABELS, {"name": hostile}).rows == []


def test_max_rows_truncates_and_says_so(store) -> None:
    result = store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert len(result.rows) == 5 and result.truncated
    assert not store.query(LABELS, max_rows=5).truncated


def test_ask_and_construct(store) -> None:
    assert store.query("ASK { ?s ?p ?o FILTER(?o = 100000.0) }").boolean is True
    graph = store.query(
        "PREFIX dra: <https://dra.example.org/ontology#> "
        "CONSTRUCT { ?v dra:inCounty ?c } WHERE { ?v dra:inCounty ?c }"
    ).graph
    assert len(graph) == 2
    assert set(graph.subjects()) == {ID["sigou-village"], ID["miaoziwan-village"]}


def test_query_syntax_error_has_line_and_column(store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT * WHERE {\n  ?s ?p }")
    assert caught.value.line == 2
    assert caught.value.column is not None


def test_graph_copy_holds_everything_and_engines_agree() -> None:
    graphs = [open_store(MINI, engine).graph() for engine in ENGINES]
    assert len(graphs[0]) == 24
    assert isomorphic(graphs[0], graphs[1])


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'sqlite'"):
        open_store(MINI, "sqlite")


def test_engine_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_ENGINE", "memory")
    assert open_store(MINI).engine == "memory"
    monkeypatch.delenv("KG_ENGINE")
    assert open_store(MINI).engine == "oxigraph"


def test_shapes_are_not_part_of_the_graph(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / "ontology" / "shapes.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert "ontology/shapes.ttl" not in [p.relative_to(root).as_posix() for p in data_files(root)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bad_iri_is_an_error_with_its_position(tmp_path: Path, engine: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / "data" / "bad.ttl").write_text("<urn:a> <urn:b> <http://x/a b> .\n")
    with pytest.raises(rdfio.RdfInputError) as caught:
        open_store(root, engine)
    assert (caught.value.file, caught.value.line) == ("data/bad.ttl", 1)


def test_memory_engine_never_loads_from_graphs(tmp_path: Path) -> None:
    # rdflib would otherwise read `FROM <file:…>` from disk on a user's behalf.
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> <urn:here> .\n")
    store = open_store(MINI, "memory")
    result = store.query(f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert (URIRef("urn:secret"),) not in [row[:1] for row in result.rows]


@pytest.mark.parametrize("engine", ENGINES)
def test_trig_named_graphs_are_merged_into_the_one_graph(tmp_path: Path, engine: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / "data" / "extra.trig").write_text(
        "<urn:g> { <https://dra.example.org/id/x> <urn:p> 1 . }\n", encoding="utf-8"
    )
    store = open_store(root, engine)
    assert len(store) == 25
    assert store.query("ASK { ?s <urn:p> 1 }").boolean is True


def test_unreadable_and_non_utf8_files_say_where_and_what(tmp_path: Path) -> None:
    with pytest.raises(rdfio.RdfInputError, match="cannot read file: No such file"):
        rdfio.parse_file(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.nt"
    bad.write_bytes(b'<urn:a> <urn:b> "\xff" .\n')
    with pytest.raises(rdfio.RdfInputError) as caught:
        rdfio.parse_file(bad)
    assert (caught.value.line, "UTF-8" in caught.value.message) == (1, True)
