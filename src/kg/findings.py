"""What a validation found, as typed objects, and the three ways of showing it.

`kg.validation` builds a `ValidationReport`; the CLI and the site render it with
`render_text` (grouped by focus node, in the report's language), `render_json` or
`render_turtle` (a standard `sh:ValidationReport`, https://www.w3.org/TR/shacl/#validation-report).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg.labels import qname, short
from kg.namespaces import SHAPES

Severity = TypingLiteral["Violation", "Warning", "Info"]
SEVERITIES: dict[URIRef, Severity] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}
_SEVERITY_WORDS = {
    "zh": {"Violation": "违规", "Warning": "警告", "Info": "提示"},
    "en": {"Violation": "violation", "Warning": "warning", "Info": "info"},
}
Triple = tuple[Node, URIRef, Node]


@dataclass(frozen=True)
class Location:
    """Where a statement is written: a candidate (or data) file and, when known, a line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """One problem: which node, along which path, which value, why, and where it is written."""

    focus: Node
    focus_label: str | None
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    component: Node | None
    severity: Severity
    location: Location | None
    suggestion: URIRef | None = None  # "did you mean …" for a near-miss vocabulary term
    constraint: Node | None = None  # the SPARQL constraint, when the shape has several

    @property
    def key(self) -> tuple:
        """Identity across validation runs (same node, path, value and constraint)."""
        return (self.focus, self.path, self.value, self.shape, self.component, self.constraint)


@dataclass(frozen=True)
class Statement:
    """A candidate triple and where it is written."""

    triple: Triple
    location: Location | None


@dataclass(frozen=True)
class Entity:
    node: Node
    label: str | None
    location: Location | None


@dataclass
class ValidationReport:
    """Everything one validation run tells a curator."""

    lang: str
    mode: TypingLiteral["neighbourhood", "full"]
    candidates: list[str]
    findings: list[Finding]  # introduced by the candidates
    pre_existing: list[Finding] = field(default_factory=list)
    added: list[Statement] = field(default_factory=list)
    repeated: list[Statement] = field(default_factory=list)  # already in data/: no-ops
    new_entities: list[Entity] = field(default_factory=list)
    seconds: float = 0.0
    checked_nodes: int = 0
    checked_triples: int = 0
    whole_data: bool = False  # a check of data/ itself, not of candidates

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def likely_duplicates(self) -> list[Finding]:
        """New IRIs whose @zh label an existing entity of the same class already has."""
        return [f for f in self.findings if f.shape == SHAPES.LikelyDuplicateShape]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def exit_code(self, *, strict: bool = False) -> int:
        """0 conforms (warnings allowed unless `strict`), 1 otherwise."""
        if self.violations or (strict and self.warnings):
            return 1
        return 0


def render_text(report: ValidationReport, *, show_pre_existing: bool = True) -> str:
    """Human text: a summary, then findings grouped by focus node."""
    zh = report.lang == "zh"
    words = _SEVERITY_WORDS["zh" if zh else "en"]
    lines: list[str] = []
    if report.whole_data:
        lines.append(
            f"data/：检查三元组 {report.checked_triples}"
            if zh
            else f"data/: {report.checked_triples} triples checked"
        )
    elif zh:
        lines.append(
            f"候选 {', '.join(report.candidates)}: 新增三元组 {len(report.added)}，"
            f"重复（已存在）{len(report.repeated)}，新实体 {len(report.new_entities)}"
        )
    else:
        lines.append(
            f"candidate {', '.join(report.candidates)}: triples added {len(report.added)}, "
            f"repeated (already in data/) {len(report.repeated)}, "
            f"new entities {len(report.new_entities)}"
        )
    for entity in report.new_entities:
        label = f" 「{entity.label}」" if entity.label else ""
        where = f"  ({entity.location})" if entity.location else ""
        lines.append(f"  + {short(entity.node)}{label}{where}")
    lines.append("")
    lines += _grouped(report.findings, words, zh)
    if show_pre_existing and report.pre_existing:
        lines.append(
            f"已有问题（data/ 中原本存在，不计入本候选）: {len(report.pre_existing)}"
            if zh
            else f"pre-existing problems (already in data/, not counted): "
            f"{len(report.pre_existing)}"
        )
        lines += ["  " + line for line in _grouped(report.pre_existing, words, zh)]
    verdict = (
        ("符合" if report.conforms else "不符合")
        if zh
        else ("conforms" if report.conforms else "does not conform")
    )
    counts = (
        f"{words['Violation']} {len(report.violations)}，{words['Warning']} {len(report.warnings)}"
        if zh
        else f"{len(report.violations)} violations, {len(report.warnings)} warnings"
    )
    lines.append(
        f"{verdict}: {counts}  ({report.mode}, {report.checked_triples} triples, "
        f"{report.seconds * 1000:.0f} ms)"
    )
    return "\n".join(lines) + "\n"


def _grouped(findings: list[Finding], words: dict[str, str], zh: bool) -> list[str]:
    lines: list[str] = []
    by_focus: dict[Node, list[Finding]] = {}
    for finding in findings:
        by_focus.setdefault(finding.focus, []).append(finding)
    for focus, group in by_focus.items():
        label = f" 「{group[0].focus_label}」" if group[0].focus_label else ""
        lines.append(f"{short(focus)}{label}")
        for f in group:
            where = f"{f.location}: " if f.location else ""
            lines.append(f"  {where}{words[f.severity]}: {f.message}")
            details = []
            if f.path is not None:
                details.append(f"path {_path_text(f.path)}")
            if f.value is not None:
                details.append(f"value {short(f.value)}")
            if f.shape is not None:
                rule = f" ({shape_name(f.constraint)})" if isinstance(f.constraint, URIRef) else ""
                details.append(f"shape {shape_name(f.shape)}{rule}")
            if details:
                lines.append("      " + ", ".join(details))
        lines.append("")
    return lines


def shape_name(shape: Node) -> str:
    """`shapes:VillageShape` for our shapes, else the usual short form."""
    if isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES)):
        return "shapes:" + str(shape)[len(str(SHAPES)) :]
    return short(shape)


def _path_text(path: Node) -> str:
    return short(path) if isinstance(path, URIRef) else "(complex path)"


def report_dict(report: ValidationReport) -> dict[str, object]:
    """The report as plain JSON-ready data (terms as N-Triples-like strings and qnames)."""
    return {
        "conforms": report.conforms,
        "lang": report.lang,
        "mode": report.mode,
        "candidates": report.candidates,
        "findings": [_finding_dict(f) for f in report.findings],
        "pre_existing": [_finding_dict(f) for f in report.pre_existing],
        "likely_duplicates": [_finding_dict(f) for f in report.likely_duplicates],
        "added": [_statement_dict(s) for s in report.added],
        "repeated": [_statement_dict(s) for s in report.repeated],
        "new_entities": [
            {
                "node": term_text(e.node),
                "label": e.label,
                "location": None if e.location is None else str(e.location),
            }
            for e in report.new_entities
        ],
        "seconds": round(report.seconds, 4),
        "checked_triples": report.checked_triples,
        "whole_data": report.whole_data,
    }


def render_json(report: ValidationReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


def _finding_dict(f: Finding) -> dict[str, object]:
    return {
        "severity": f.severity,
        "focus": term_text(f.focus),
        "focus_label": f.focus_label,
        "path": None if f.path is None else term_text(f.path),
        "value": None if f.value is None else term_text(f.value),
        "message": f.message,
        "shape": None if f.shape is None else shape_name(f.shape),
        "constraint": shape_name(f.constraint) if isinstance(f.constraint, URIRef) else None,
        "component": None if f.component is None else term_text(f.component),
        "location": None if f.location is None else str(f.location),
        "suggestion": None if f.suggestion is None else qname(f.suggestion),
    }


def _statement_dict(s: Statement) -> dict[str, object]:
    return {
        "triple": [term_text(t) for t in s.triple],
        "location": None if s.location is None else str(s.location),
    }


def term_text(term: Node) -> str:
    """A term as a curator reads it: a literal in Turtle form, an IRI as a prefixed name."""
    if isinstance(term, Literal):
        from kg.fmt import literal

        return literal(term)
    return short(term)


def render_turtle(report: ValidationReport) -> str:
    """A standard sh:ValidationReport (findings introduced by the candidates only)."""
    from kg.fmt import canonical_turtle

    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for f in report.findings:
        result = BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, f.focus))
        graph.add((result, SH.resultSeverity, SH[f.severity]))
        graph.add((result, SH.resultMessage, Literal(f.message, lang=report.lang)))
        if isinstance(f.path, URIRef):
            graph.add((result, SH.resultPath, f.path))
        if f.value is not None:
            graph.add((result, SH.value, f.value))
        if isinstance(f.shape, URIRef):
            graph.add((result, SH.sourceShape, f.shape))
        if isinstance(f.constraint, URIRef):
            graph.add((result, SH.sourceConstraint, f.constraint))
        if f.component is not None:
            graph.add((result, SH.sourceConstraintComponent, f.component))
    return canonical_turtle(graph)
