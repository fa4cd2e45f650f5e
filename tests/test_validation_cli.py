"""`kg validate`: exit codes, formats, languages, and what a syntax error shows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "candidates" / "bad"
GOOD = Path(__file__).parent / "candidates" / "good"


def kg(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


def test_conforming_candidate_exits_0_and_says_what_it_adds() -> None:
    result = kg("validate", "--lang", "en", str(GOOD / "one-to-one-assistance.ttl"))
    assert result.exit_code == 0, result.output
    assert "triples added 4, repeated (already in data/) 0" in result.output
    assert "+ id:one-to-one-assistance 「targeted “one-to-one” assistance」" in result.output
    assert "conforms: 0 violations" in result.output


def test_violation_exits_1_with_file_line_and_message() -> None:
    path = BAD / "village-without-place.ttl"
    result = kg("validate", "--lang", "en", str(path))
    assert result.exit_code == 1
    assert f"{path}:6: violation: a village is schema:containedInPlace its town" in result.output
    assert "id:example-village 「Example Village」" in result.output  # grouped by focus node


def test_chinese_is_the_default_language() -> None:
    result = kg("validate", str(BAD / "village-without-place.ttl"))
    assert "违规: 村须用 schema:containedInPlace 连到其乡镇或县" in result.output


def test_warnings_pass_unless_strict() -> None:
    path = str(BAD / "missing-en-label.ttl")
    assert kg("validate", path).exit_code == 0
    assert kg("validate", "--strict", path).exit_code == 1


def test_syntax_error_exits_2_showing_the_line_in_chinese() -> None:
    result = kg("validate", str(BAD / "syntax-error-at-line-6.ttl"))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].endswith("syntax-error-at-line-6.ttl:6:55: Invalid IRI code point ' '")
    assert lines[1].strip().startswith('id:example-village rdfs:label "示例村"@zh')
    # The caret stands under the IRI, counting each Chinese character as two columns.
    assert lines[2].index("^") == lines[1].index("<") + 3  # "示例村" is 3 wide characters


def test_refused_formats_exit_2() -> None:
    result = kg("validate", str(ROOT / "pyproject.toml"))
    assert result.exit_code == 2 and "unsupported format '.toml'" in result.output


def test_json_format() -> None:
    result = kg("validate", "--format", "json", "--lang", "en", str(BAD / "malformed-date.ttl"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    [finding] = data["findings"]
    assert finding["location"].endswith("malformed-date.ttl:10")
    assert finding["value"] == '"2021-02-30"^^xsd:date'
    assert finding["shape"] == "shapes:Date-date"


def test_turtle_format_is_a_shacl_report() -> None:
    result = kg("validate", "--format", "turtle", str(BAD / "count-without-unit.ttl"))
    graph = Graph().parse(data=result.output, format="turtle")
    [report] = graph.subjects(RDF.type, SH.ValidationReport)
    [one] = graph.objects(report, SH.result)
    assert graph.value(one, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent
    assert "计量单位" in str(graph.value(one, SH.resultMessage))


def test_without_candidates_data_is_validated(tmp_path: Path) -> None:
    assert kg("validate").exit_code == 0
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "data", project / "data")
    with (project / "data" / "places.ttl").open("a", encoding="utf-8") as out:
        out.write('\nid:hongan-county rdfs:label "Hong\'an again"@en .\n')
    result = CliRunner().invoke(main, ["--root", str(project), "validate", "--lang", "en"])
    assert result.exit_code == 1
    assert "data/places.ttl:" in result.output and "one rdfs:label per language" in result.output


def test_a_candidate_on_standard_input() -> None:
    text = (BAD / "village-without-place.ttl").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--root", str(ROOT), "validate", "--lang", "en", "-"], input=text
    )
    assert result.exit_code == 1
    assert "stdin.ttl:6: violation: a village is schema:containedInPlace" in result.output
