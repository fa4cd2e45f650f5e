"""kg.merge and `kg merge`: only conforming candidates, canonical files, all or nothing, locked."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg import rdfio
from kg.candidates import Candidate
from kg.cli import main
from kg.fmt import format_file
from kg.merge import MergeBusy, merge, merge_lock, plan
from kg.namespaces import DRA, ID
from kg.validation import Validator

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = Path(__file__).parent / "candidates"
GOOD = CANDIDATES / "good"
BAD = CANDIDATES / "bad"

#: Touches two files: an existing place (places.ttl) and a new policy (by class).
TWO_FILES = """\
@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

id:hongan-county skos:altLabel "Hongan"@en .
id:one-to-one-assistance a dra:Policy ;
    rdfs:label "精准“一对一”帮扶"@zh, "targeted “one-to-one” assistance"@en ;
    dra:statedIn id:zgjsb-2022-01-24-s21 .
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of ontology/ and data/ to merge into."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "data", root / "data")
    return root


def data_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def triples_of(path: Path) -> set:
    return {q.triple for q in rdfio.parse_file(path)}


def good(name: str) -> Candidate:
    return Candidate.from_file(GOOD / name, name)


def test_new_entity_goes_to_the_file_holding_its_class(project: Path) -> None:
    result = merge(project, [good("one-to-one-assistance.ttl")])
    assert result.written and not result.refused
    [change] = result.changes
    assert not change.created
    written = triples_of(project / change.path)
    assert (ID["one-to-one-assistance"], RDF.type, DRA.Policy) in written
    assert set(change.added) <= written
    # The class's home is the file where most dra:Policy instances already were.
    counts = {
        path.relative_to(project).as_posix(): sum(
            1 for t in triples_of(path) if t[1:] == (RDF.type, DRA.Policy)
        )
        for path in (project / "data").glob("*.ttl")
    }
    counts[change.path] -= 1
    assert counts[change.path] == max(counts.values()) > 0


def test_merged_data_is_canonical_and_still_conforms(project: Path) -> None:
    lines = (project / "data" / "documents.ttl").read_text(encoding="utf-8").splitlines()
    opening = lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    result = merge(project, [good("teach-to-fish-short-name.ttl")])
    [change] = result.changes
    assert change.path == "data/documents.ttl"  # where the subject already lives
    assert change.added == [
        (ID["teach-to-fish-philosophy"], SKOS.altLabel, Literal("授人以渔", lang="zh"))
    ]
    assert format_file(project / change.path, write=False) is False
    text = (project / change.path).read_text(encoding="utf-8")
    assert opening and text.splitlines()[: len(opening)] == opening  # the file's own header
    report = Validator.for_root(project).validate_data(project)
    assert report.violations == []


def test_merging_twice_adds_nothing(project: Path) -> None:
    first = merge(project, [good("one-to-one-assistance.ttl")])
    assert first.written
    before = data_hashes(project)
    second = merge(project, [good("one-to-one-assistance.ttl")])
    assert second.changes == [] and not second.written
    assert len(second.report.repeated) == len(first.report.added)
    assert data_hashes(project) == before


def test_dry_run_lists_the_triples_and_writes_nothing(project: Path) -> None:
    before = data_hashes(project)
    result = merge(project, [Candidate.from_text(TWO_FILES)], dry_run=True)
    assert not result.written
    assert {c.path for c in result.changes} == {"data/places.ttl", "data/documents.ttl"}
    assert data_hashes(project) == before


def test_refused_candidate_writes_nothing(project: Path) -> None:
    before = data_hashes(project)
    result = merge(project, [Candidate.from_file(BAD / "negative-amount.ttl")])
    assert result.refused and not result.written and result.changes == []
    assert data_hashes(project) == before


def test_warnings_refuse_only_when_strict(project: Path) -> None:
    duplicate = Candidate.from_file(BAD / "likely-duplicate-entity.ttl")
    assert not merge(project, [duplicate], strict=True, dry_run=True).changes
    assert merge(project, [duplicate], dry_run=True).changes


def test_failure_mid_merge_leaves_data_byte_identical(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = data_hashes(project)
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the first file is already in place: it must be put back
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr("kg.merge.os.replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        merge(project, [Candidate.from_text(TWO_FILES)])
    assert len(calls) >= 3  # the restore ran
    assert data_hashes(project) == before
    assert not [p for p in (project / "data").rglob("*.tmp")]


def test_into_a_new_file(project: Path) -> None:
    result = merge(
        project, [good("one-to-one-assistance.ttl")], into=project / "data" / "extra.ttl"
    )
    [change] = result.changes
    assert change.path == "data/extra.ttl" and change.created
    assert set(change.added) == triples_of(project / "data" / "extra.ttl")


def test_a_class_no_file_holds_gets_a_file_named_for_it(project: Path) -> None:
    brewery = (ID["x"], RDF.type, URIRef("https://schema.org/BreweryOrWinery"))
    [change] = plan(project, [brewery], Validator.for_root(project).graph)
    assert change.path == "data/brewery-or-winery.ttl" and change.created


def test_a_held_lock_makes_a_merge_wait_then_give_up(project: Path) -> None:
    before = data_hashes(project)
    with merge_lock(project), pytest.raises(MergeBusy, match="another kg merge"):
        merge(project, [good("one-to-one-assistance.ttl")], lock_timeout=0.2)
    assert data_hashes(project) == before


def test_two_merges_at_once_are_both_applied_or_one_refused(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.ttl"
    second = tmp_path / "second.ttl"
    first.write_text(TWO_FILES, encoding="utf-8")
    shutil.copy(GOOD / "teach-to-fish-short-name.ttl", second)
    kg = [sys.executable, "-c", "from kg.cli import main; main()"]
    runs = [
        subprocess.Popen(
            [*kg, "--root", str(project), "merge", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first, second)
    ]
    outcomes = [(run.wait(timeout=120), run.communicate()) for run in runs]
    codes = [code for code, _out in outcomes]
    assert sorted(codes) in ([0, 0], [0, 2]), outcomes
    data = set()
    for path in (project / "data").glob("*.ttl"):
        data |= triples_of(path)  # every file still parses
    for (code, (_stdout, stderr)), path in zip(outcomes, (first, second), strict=True):
        if code == 0:
            assert set(Candidate.from_file(path).triples) <= data
        else:
            assert "another kg merge" in stderr
    for name in ("places.ttl", "documents.ttl"):
        assert format_file(project / "data" / name, write=False) is False
    assert Validator.for_root(project).validate_data(project).violations == []


def test_cli_dry_run_prints_each_file(project: Path) -> None:
    before = data_hashes(project)
    candidate = project / "candidate.ttl"
    candidate.write_text(TWO_FILES, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--root", str(project), "merge", "--dry-run", "--lang", "en", str(candidate)]
    )
    assert result.exit_code == 0, result.output
    assert "data/places.ttl: +1" in result.output
    assert '+ id:hongan-county skos:altLabel "Hongan"@en' in result.output
    assert "data/documents.ttl: +" in result.output and "dry run" in result.output
    assert data_hashes(project) == before
    chinese = CliRunner().invoke(
        main, ["--root", str(project), "merge", "--dry-run", str(candidate)]
    )
    assert "试运行：未写入任何内容" in chinese.output


def test_cli_refuses_a_bad_candidate_with_exit_1(project: Path) -> None:
    before = data_hashes(project)
    result = CliRunner().invoke(
        main, ["--root", str(project), "merge", "--lang", "en", str(BAD / "negative-amount.ttl")]
    )
    assert result.exit_code == 1
    assert "negative-amount.ttl:10" in result.output and "refused" in result.output
    assert data_hashes(project) == before


def test_cli_syntax_error_is_exit_2(project: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(project), "merge", str(BAD / "syntax-error-at-line-6.ttl")]
    )
    assert result.exit_code == 2
    assert "syntax-error-at-line-6.ttl:6:55" in result.output


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.ttl")), ids=lambda p: p.stem)
def test_every_good_candidate_merges(project: Path, path: Path) -> None:
    result = merge(project, [Candidate.from_file(path, path.name)])
    assert not result.refused and result.written
    for change in result.changes:
        assert set(change.added) <= triples_of(project / change.path)
        assert format_file(project / change.path, write=False) is False
    assert Validator.for_root(project).validate_data(project).violations == []
