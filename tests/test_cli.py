"""The `kg` command through its real entry point (the installed console script)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"
KG = Path(sys.executable).with_name("kg")


def kg(*args: str, root: Path = MINI, engine: str = "oxigraph") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KG), "--root", str(root), "--engine", engine, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(params=["oxigraph", "memory"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    (root / "data" / "broken.ttl").write_text(
        "@prefix id: <https://dra.example.org/id/> .\n"
        "id:a id:b id:c .\n"
        "<https://dra.example.org/id/大通 县> id:b id:c .\n",
        encoding="utf-8",
    )
    return root


def test_info_reports_engine_triples_files_and_classes(engine: str) -> None:
    result = kg("info", engine=engine)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"engine: {engine}" in out
    assert "triples: 24" in out
    assert "data/places.ttl  15" in out
    assert "ontology/vocab.ttl  9" in out
    assert "2  dra:Village  村 / Village" in out
    assert "load time:" in out


def test_sparql_table_shows_labels_and_row_count(engine: str) -> None:
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX dra: <https://dra.example.org/ontology#> "
        "SELECT ?village ?name WHERE { ?village a dra:Village ; rdfs:label ?name "
        'FILTER(LANG(?name) = "zh") } ORDER BY ?name'
    )
    result = kg("sparql", query, engine=engine)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["village", "name"]
    # ORDER BY compares by code point: 寺 (U+5BFA) sorts before 庙 (U+5E99).
    assert "id:sigou-village" in lines[2] and "寺沟村@zh" in lines[2]
    assert "id:miaoziwan-village" in lines[3]
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_sparql_formats(engine: str, fmt: str, tmp_path: Path) -> None:
    query_file = tmp_path / "count.rq"
    query_file.write_text(
        "PREFIX dra: <https://dra.example.org/ontology#>\n"
        "SELECT (COUNT(?v) AS ?villages) WHERE { ?v a dra:Village }\n",
        encoding="utf-8",
    )
    result = kg("sparql", "-f", str(query_file), "--format", fmt, engine=engine)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["variables"] == ["villages"]
        assert data["rows"][0]["villages"]["value"] == "2"
    else:
        separator = "," if fmt == "csv" else "\t"
        assert result.stdout.splitlines() == ["villages", "2"]
        assert separator not in result.stdout  # one column: no separator at all


def test_sparql_construct_as_turtle(engine: str) -> None:
    query = (
        "PREFIX dra: <https://dra.example.org/ontology#> "
        "CONSTRUCT { ?v dra:inCounty ?c } WHERE { ?v dra:inCounty ?c }"
    )
    result = kg("sparql", query, "--format", "turtle", engine=engine)
    assert result.returncode == 0, result.stderr
    assert "id:sigou-village dra:inCounty id:datong-county ." in result.stdout


def test_sparql_syntax_error_is_exit_2_with_position(engine: str) -> None:
    result = kg("sparql", "SELECT * WHERE {\n  ?s ?p }", engine=engine)
    assert result.returncode == 2
    assert "line 2" in result.stderr


def test_sparql_refuses_updates() -> None:
    result = kg("sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert result.returncode == 2
    assert "error:" in result.stderr


def test_malformed_turtle_is_exit_2_naming_file_line_and_column(
    broken_root: Path, engine: str
) -> None:
    result = kg("info", root=broken_root, engine=engine)
    assert result.returncode == 2
    assert "data/broken.ttl:3:" in result.stderr
    # The offending line is shown as written, Chinese included.
    assert "<https://dra.example.org/id/大通 县>" in result.stderr
    assert result.stdout == ""


def test_fmt_check_names_non_canonical_files_and_fmt_fixes_them(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    assert kg("fmt", root=root).returncode == 0
    assert kg("fmt", "--check", root=root).returncode == 0

    # The same triples with the subject blocks in reverse order: not canonical.
    target = root / "data" / "places.ttl"
    prefixes, *blocks = target.read_text(encoding="utf-8").split("\n\n")
    target.write_text("\n\n".join([prefixes, *reversed(blocks)]) + "\n", encoding="utf-8")
    check = kg("fmt", "--check", root=root)
    assert check.returncode == 1
    assert "not canonical: data/places.ttl" in check.stdout
    assert "ontology/vocab.ttl" not in check.stdout

    assert kg("fmt", root=root).returncode == 0
    assert kg("fmt", "--check", root=root).returncode == 0


def test_serve_prints_url_and_answers_home(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(KG), "--root", str(MINI), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and url is None:
            line = process.stdout.readline()
            if line.startswith("Serving on "):
                url = line.removeprefix("Serving on ").strip()
        assert url == f"http://127.0.0.1:{port}/"
        page = None
        deadline = time.monotonic() + 30
        while page is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert page is not None, "the served home page did not answer within 30 s"
        assert ">24<" in page  # the fixture's triple count
        assert "Village" in page and "村" in page
    finally:
        process.terminate()
        process.wait(timeout=10)
