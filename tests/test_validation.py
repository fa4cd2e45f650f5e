"""kg.validation: the bad-candidate corpus (one file per rule), good candidates, data/ itself,
the fast path against full validation, and what the report lists besides findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg import rdfio
from kg.candidates import Candidate
from kg.findings import SHAPES, render_json, render_text, render_turtle
from kg.namespaces import DRA, ID
from kg.validation import Validator

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = Path(__file__).parent / "candidates"
BAD = CANDIDATES / "bad"
GOOD = CANDIDATES / "good"

#: Each bad candidate → the findings it must produce, exactly: (shape, severity, line).
EXPECTED: dict[str, set[tuple[str, str, int]]] = {
    "count-without-unit": {("Quantity-unit", "Violation", 7)},
    "dangling-reference": {("DanglingReferenceShape", "Violation", 11)},
    "group-leader-not-a-department": {("AssistanceGroupShape", "Violation", 7)},
    "group-with-two-leaders": {("AssistanceGroupShape", "Violation", 7)},
    # Found on id:hongan-group, which the file never mentions (shapes that look backwards).
    "group-with-two-associations": {("AssistanceGroupShape", "Violation", 6)},
    "likely-duplicate-entity": {("LikelyDuplicateShape", "Warning", 8)},
    "malformed-date": {("Date-date", "Violation", 10)},
    "missing-en-label": {("Labelled-en", "Warning", 7)},
    "missing-zh-label": {("Labelled-zh", "Violation", 7)},
    "negative-amount": {("MonetaryAmount-value", "Violation", 10)},
    "sentence-that-does-not-exist": {
        ("DanglingReferenceShape", "Violation", 11),
        ("StatedIn-sentence", "Violation", 11),
    },
    "unknown-class-typo": {("DeclaredTermShape", "Violation", 7)},
    # The typo also leaves the village without dra:statedIn: two findings, both true.
    "unknown-property-typo": {
        ("DeclaredPredicateShape", "Violation", 10),
        ("FactBearing-statedIn", "Violation", 7),
    },
    "village-without-place": {("Village-place", "Violation", 6)},
    "vocabulary-minted-by-a-candidate": {("DeclaredPredicateShape", "Violation", 9)},
    "text-without-language-tag": {("Text-description", "Violation", 6)},
    "wrong-class-of-object": {("Range-amount", "Violation", 12)},
    "wrong-datatype": {("MonetaryAmount-value", "Violation", 9)},
    "wrong-language-tag": {("Label-language", "Violation", 9)},
}
SYNTAX_ERRORS = {"syntax-error-at-line-6": "syntax-error-at-line-6.ttl:6:55"}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator.for_root(ROOT)


def candidate(path: Path) -> Candidate:
    return Candidate.from_file(path, path.name)


def summary(report) -> set[tuple[str, str, int | None]]:
    return {
        (
            str(f.shape).removeprefix(str(SHAPES)),
            f.severity,
            f.location.line if f.location else None,
        )
        for f in report.findings
    }


def test_the_corpus_has_one_expectation_per_file() -> None:
    stems = {p.stem for p in BAD.glob("*.ttl")}
    assert stems == set(EXPECTED) | set(SYNTAX_ERRORS)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_bad_candidate_gives_exactly_its_finding(validator: Validator, stem: str) -> None:
    report = validator.validate([candidate(BAD / f"{stem}.ttl")], lang="en")
    assert summary(report) == EXPECTED[stem]
    assert all(f.location is not None and f.location.file == f"{stem}.ttl" for f in report.findings)
    violations = any(s == "Violation" for _shape, s, _line in EXPECTED[stem])
    assert report.conforms is not violations


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_fast_path_agrees_with_full_validation(validator: Validator, stem: str) -> None:
    cand = [candidate(BAD / f"{stem}.ttl")]
    fast = validator.validate(cand, lang="en")
    full = validator.validate(cand, lang="en", full=True)
    assert fast.mode == "neighbourhood" and full.mode == "full"
    assert sorted(f.key for f in fast.findings) == sorted(f.key for f in full.findings)
    assert [str(f.location) for f in fast.findings] == [str(f.location) for f in full.findings]
    # The fast path looked at a neighbourhood, not at the graph.
    assert fast.checked_triples < full.checked_triples / 2


@pytest.mark.parametrize("stem", sorted(SYNTAX_ERRORS))
def test_syntax_error_names_file_line_and_column(stem: str) -> None:
    with pytest.raises(rdfio.RdfInputError) as caught:
        candidate(BAD / f"{stem}.ttl")
    assert caught.value.location() == SYNTAX_ERRORS[stem]
    assert caught.value.source_line is not None and "示例村" in caught.value.source_line


def test_findings_carry_the_details_a_curator_needs(validator: Validator) -> None:
    [finding] = validator.validate([candidate(BAD / "negative-amount.ttl")], lang="en").findings
    assert finding.focus == ID["example-amount"]
    assert finding.focus_label == "example amount"
    assert finding.path == URIRef("https://schema.org/value")
    assert finding.value == Literal("-4420000.0", datatype=URIRef(str(finding.value.datatype)))
    assert finding.component == SH.MinInclusiveConstraintComponent
    assert str(finding.location) == "negative-amount.ttl:10"
    assert "non-negative" in finding.message and "-4420000.0" in finding.message


def test_messages_follow_the_chosen_language(validator: Validator) -> None:
    cand = [candidate(BAD / "missing-zh-label.ttl")]
    [zh] = validator.validate(cand, lang="zh").findings
    [en] = validator.validate(cand, lang="en").findings
    assert "缺少中文名称" in zh.message and "id:example-village" in zh.message
    assert en.message.startswith("missing Chinese name")
    with pytest.raises(ValueError, match="unknown language"):
        validator.validate(cand, lang="fr")


def test_near_miss_terms_get_a_suggestion(validator: Validator) -> None:
    findings = validator.validate([candidate(BAD / "unknown-property-typo.ttl")]).findings
    [predicate] = [f for f in findings if f.shape == SHAPES.DeclaredPredicateShape]
    assert predicate.path == URIRef(str(DRA._NS) + "statedin")
    assert predicate.suggestion == DRA.statedIn
    assert "dra:statedIn" in predicate.message
    [term] = validator.validate([candidate(BAD / "unknown-class-typo.ttl")], lang="en").findings
    assert term.suggestion == DRA.Village and "did you mean dra:Village?" in term.message
    assert validator.suggestion(URIRef(str(DRA._NS) + "zzzzzz")) is None
    assert validator.suggestion(URIRef(str(DRA._NS) + "locatedIn")) is None  # not a near miss


def test_group_rules_say_which_rule_broke(validator: Validator) -> None:
    [two] = validator.validate([candidate(BAD / "group-with-two-leaders.ttl")], lang="en").findings
    assert two.constraint == SHAPES["AssistanceGroup-oneLeader"]
    assert two.value == Literal(2) and "it has 2" in two.message
    [dept] = validator.validate(
        [candidate(BAD / "group-leader-not-a-department.ttl")], lang="en"
    ).findings
    assert dept.constraint == SHAPES["AssistanceGroup-leaderIsDepartment"]
    assert dept.value == ID["science-technology-industrialization-center"]


def test_a_change_to_a_member_is_found_on_its_group(validator: Validator) -> None:
    report = validator.validate([candidate(BAD / "group-with-two-associations.ttl")], lang="en")
    [finding] = report.findings
    assert finding.focus == ID["hongan-group"] and finding.focus_label == "Hong'an Assistance Group"
    assert finding.constraint == SHAPES["AssistanceGroup-oneAssociation"]
    assert finding.value == Literal(2)
    assert report.added and not report.new_entities


def test_likely_duplicate_names_the_existing_entity(validator: Validator) -> None:
    report = validator.validate([candidate(BAD / "likely-duplicate-entity.ttl")], lang="en")
    [warning] = report.findings
    assert warning.severity == "Warning" and "id:hongan-county" in warning.message
    assert report.likely_duplicates == [warning]
    assert json.loads(render_json(report))["likely_duplicates"][0]["focus"] == "id:hongan"
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.ttl")), ids=lambda p: p.stem)
def test_good_candidates_conform(validator: Validator, path: Path) -> None:
    report = validator.validate([candidate(path)])
    assert report.violations == [], render_text(report)
    assert report.exit_code() == 0


def test_report_lists_added_repeated_and_new(validator: Validator) -> None:
    report = validator.validate([candidate(GOOD / "teach-to-fish-short-name.ttl")])
    added = [s.triple for s in report.added]
    repeated = [s.triple for s in report.repeated]
    fish = ID["teach-to-fish-philosophy"]
    assert (
        fish,
        URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
        Literal("授人以渔", lang="zh"),
    ) in added
    assert repeated == [(fish, DRA.statedIn, ID["zgjsb-2022-01-24-s50"])]
    assert [str(s.location) for s in report.repeated] == ["teach-to-fish-short-name.ttl:7"]
    assert report.new_entities == []
    new = validator.validate([candidate(GOOD / "one-to-one-assistance.ttl")])
    assert [e.node for e in new.new_entities] == [ID["one-to-one-assistance"]]
    assert new.new_entities[0].label == "精准“一对一”帮扶"


def test_pasted_text_is_a_candidate(validator: Validator) -> None:
    text = (BAD / "village-without-place.ttl").read_text(encoding="utf-8")
    report = validator.validate([Candidate.from_text(text)], lang="en")
    assert [str(f.location) for f in report.findings] == ["pasted.ttl:6"]
    with pytest.raises(rdfio.RdfInputError, match="unsupported format"):
        Candidate.from_text(text, "pasted.jsonld")


def test_data_conforms(validator: Validator) -> None:
    report = validator.validate_data(ROOT, lang="en")
    assert report.violations == [], render_text(report)
    assert report.checked_triples > 1000


def test_data_findings_point_into_data_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with (project / "data" / "places.ttl").open("a", encoding="utf-8") as out:
        out.write("\nid:hongan-county dra:locatedln id:hubei-province .\n")
    lines = (project / "data" / "places.ttl").read_text(encoding="utf-8").splitlines()
    report = Validator.for_root(project).validate_data(project, lang="en")
    [finding] = report.violations
    assert finding.shape == SHAPES.DeclaredPredicateShape
    assert str(finding.location) == f"data/places.ttl:{len(lines)}"


def test_pre_existing_problems_are_listed_apart(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with (project / "data" / "places.ttl").open("a", encoding="utf-8") as out:
        out.write("\nid:gonghe-town dcterms:relation id:nowhere-at-all .\n")
    validator = Validator.for_root(project)
    # The candidate touches id:gonghe-town (its village sits there) and breaks a rule itself.
    report = validator.validate([candidate(BAD / "missing-zh-label.ttl")], lang="en")
    assert summary(report) == EXPECTED["missing-zh-label"]
    [old] = report.pre_existing
    assert old.focus == ID["gonghe-town"] and old.value == ID["nowhere-at-all"]
    full = validator.validate([candidate(BAD / "missing-zh-label.ttl")], lang="en", full=True)
    assert summary(full) == EXPECTED["missing-zh-label"]
    assert old.key in {f.key for f in full.pre_existing}
    assert "pre-existing problems" in render_text(report)
    assert "pre-existing problems" not in render_text(report, show_pre_existing=False)


def test_json_and_turtle_reports(validator: Validator) -> None:
    report = validator.validate([candidate(BAD / "dangling-reference.ttl")], lang="en")
    data = json.loads(render_json(report))
    assert data["conforms"] is False
    [finding] = data["findings"]
    assert finding["location"] == "dangling-reference.ttl:11"
    assert finding["value"] == "id:gonghe-twon" and finding["severity"] == "Violation"
    graph = Graph().parse(data=render_turtle(report), format="turtle")
    [node] = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    [result] = graph.objects(node, SH.result)
    assert graph.value(result, SH.focusNode) == ID["example-village"]
    assert graph.value(result, SH.value) == ID["gonghe-twon"]
    assert graph.value(result, SH.resultSeverity) == SH.Violation


def copy_project(tmp_path: Path) -> Path:
    """A throwaway copy of ontology/ and data/ to break or merge into."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "data", project / "data")
    return project


def test_hierarchies_of_reused_vocabularies_reach_the_neighbourhood(tmp_path: Path) -> None:
    """sh:class reads rdfs:subClassOf whoever states it, in the fast path as in the full one."""
    project = copy_project(tmp_path)
    text = """@prefix dra: <https://dra.example.org/ontology#> .
@prefix id: <https://dra.example.org/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
id:example-brewery a schema:Brewery ;
    rdfs:label "示例酒厂"@zh, "Example Brewery"@en ;
    dra:statedIn id:zgjsb-2022-01-24-s48 .
id:post-example-brewery-head a org:Post ;
    rdfs:label "示例酒厂厂长"@zh, "head of the example brewery"@en ;
    org:postIn id:example-brewery ;
    dra:statedIn id:zgjsb-2022-01-24-s48 .
"""
    cand = [Candidate.from_text(text, "brewery.ttl")]
    before = Validator.for_root(project).validate(cand, lang="en")
    assert ("Post-postIn", "Violation", 11) in summary(before)
    (project / "ontology" / "extra.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "schema:Brewery rdfs:subClassOf schema:FoodEstablishment .\n"
        "schema:FoodEstablishment rdfs:subClassOf schema:Organization .\n",
        encoding="utf-8",
    )
    validator = Validator.for_root(project)
    fast = validator.validate(cand, lang="en")
    full = validator.validate(cand, lang="en", full=True)
    assert ("Post-postIn", "Violation", 11) not in summary(fast)
    assert sorted(f.key for f in fast.findings) == sorted(f.key for f in full.findings)


def test_validation_opens_no_connection(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Graphs are passed in and owl:imports is not followed: nothing is fetched."""
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    text = (GOOD / "one-to-one-assistance.ttl").read_text(encoding="utf-8") + (
        "<https://dra.example.org/id/one-to-one-assistance> "
        "<http://www.w3.org/2002/07/owl#imports> <http://example.org/remote.ttl> .\n"
    )
    report = validator.validate([Candidate.from_text(text, "imports.ttl")], lang="en")
    assert report.added and report.violations == []


def test_one_shot_validate_takes_a_store_or_a_graph(validator: Validator) -> None:
    from kg.store import open_store
    from kg.validation import load_shapes, validate

    cand = [candidate(BAD / "village-without-place.ttl")]
    from_store = validate(open_store(ROOT, "memory"), cand, lang="en")
    from_graph = validate(validator.graph, cand, lang="en", shapes=load_shapes(ROOT))
    assert summary(from_store) == summary(from_graph) == EXPECTED["village-without-place"]
    with pytest.raises(ValueError, match="needs shapes"):
        validate(validator.graph, cand)
