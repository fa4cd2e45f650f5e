"""`kg queries` and `kg query`: listing, running, formats, and exit 2 on unusable input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "queries"


def kg(*args: str, root: Path = FIXTURE, engine: str = "oxigraph"):
    return CliRunner().invoke(main, ["--root", str(root), "--engine", engine, *args])


def test_queries_lists_ids_titles_and_parameters() -> None:
    result = kg("queries")
    assert result.exit_code == 0, result.output
    assert "villages-in-county  Villages of a county" in result.output
    assert "--param county=…  County (iri dra:County; required)" in result.output
    assert "--param min=…  Minimum households (integer; optional, default 0)" in result.output
    assert "(7 queries)" in result.output


def test_queries_lists_titles_in_chinese() -> None:
    result = kg("queries", "--lang", "zh")
    assert "villages-in-county  某县的村" in result.output
    assert "县 (iri dra:County; required)" in result.output


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
@pytest.mark.parametrize("value", ["macheng-city", "https://dra.example.org/id/macheng-city"])
def test_query_prints_a_table(engine: str, value: str) -> None:
    result = kg("query", "villages-in-county", "--param", f"county={value}", engine=engine)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["county", "village", "name"]
    assert lines[2].split() == ["id:macheng-city", "id:balishi-village", "八磊石村@zh"]
    assert lines[3].split() == ["id:macheng-city", "id:futianhe-village", "福田河村@zh"]
    assert lines[-1] == "(2 rows)"


def test_query_prints_json() -> None:
    result = kg("query", "villages-in-county", "-p", "county=id:macheng-city", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["variables"] == ["county", "village", "name"]
    assert [row["name"]["value"] for row in answer["rows"]] == ["八磊石村", "福田河村"]
    assert answer["rows"][0]["name"]["xml:lang"] == "zh"


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_query_prints_csv_and_tsv(fmt: str, delimiter: str) -> None:
    result = kg("query", "measures-filtered", "-p", "min=200", "--format", fmt)
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.output), delimiter=delimiter))
    assert table == [
        ["min", "since", "measure", "households"],
        ["200", "", "https://dra.example.org/id/old-compounds", "9517"],
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["query", "no-such-query"], "no saved query 'no-such-query'"),
        (["query", "villages-in-countyy"], "did you mean villages-in-county"),
        (["query", "villages-in-county"], "missing required parameter 'county'"),
        (["query", "villages-in-county", "-p", "county=sigou-village"], "is not a dra:County"),
        (["query", "villages-in-county", "-p", "county=a b"], "not an IRI"),
        (["query", "villages-in-county", "-p", "county"], "write NAME=VALUE"),
        (["query", "villages-in-county", "-p", "contry=macheng-city"], "no parameter 'contry'"),
        (["query", "measures-filtered", "-p", "min=many"], "not an integer"),
        (["query", "measures-filtered", "-p", "since=2021-13-01"], "not a date"),
        (["query", "measures-filtered", "-p", "min=1", "-p", "min=2"], "given twice"),
    ],
)
def test_unusable_input_exits_2_with_a_clear_message(args: list[str], words: str) -> None:
    result = kg(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_parameter_errors_can_be_shown_in_chinese() -> None:
    result = kg("query", "villages-in-county", "--lang", "zh")
    assert result.exit_code == 2
    assert "缺少必填参数 county（县）" in result.output


def test_a_broken_query_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    for folder in ("ontology", "data", "queries"):
        (tmp_path / folder).mkdir()
    (tmp_path / "queries" / "broken.rq").write_text(
        "#+ title: {zh: 坏, en: Broken}\n#+ sumary: typo\nSELECT * WHERE { ?s ?p ?o }\n"
    )
    for args in (["queries"], ["query", "broken"]):
        result = kg(*args, root=tmp_path)
        assert result.exit_code == 2
        assert "queries/broken.rq:2: unknown key 'sumary'" in result.output


def test_query_runs_on_the_project_graph() -> None:
    root = Path(__file__).resolve().parents[1]
    result = kg(
        "query", "group-composition", "-p", "group=hongan-group", "--format", "json", root=root
    )
    assert result.exit_code == 0, result.output
    units = {row["unitLabel"]["value"] for row in json.loads(result.output)["rows"]}
    assert units == {"住房保障司", "中国城市规划设计研究院", "中国建筑业协会"}  # line 22


def test_a_table_header_reads_the_query_column_labels(tmp_path: Path) -> None:
    # The fixture graph, with a copy of villages-in-county whose columns are labelled.
    root = tmp_path / "project"
    (root / "queries").mkdir(parents=True)
    for folder in ("ontology", "data"):
        if (FIXTURE / folder).is_dir():
            (root / folder).symlink_to(FIXTURE / folder)
    text = (FIXTURE / "queries" / "villages-in-county.rq").read_text(encoding="utf-8")
    labelled = text.replace(
        "\nPREFIX", "\n#+ columns:\n#+   village: {zh: 村, en: Village}\nPREFIX", 1
    )
    assert labelled != text
    (root / "queries" / "villages-in-county.rq").write_text(labelled, encoding="utf-8")
    args = ("query", "villages-in-county", "-p", "county=macheng-city")
    zh = kg(*args, "--lang", "zh", root=root)
    assert zh.exit_code == 0, zh.output
    assert zh.output.splitlines()[0].split() == ["county", "村", "name"]
    en = kg(*args, root=root)
    assert en.output.splitlines()[0].split() == ["county", "Village", "name"]
    csv_out = kg(*args, "--format", "csv", root=root)
    assert csv_out.output.splitlines()[0] == "county,village,name"
