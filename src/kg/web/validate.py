"""Validate in the browser `/validate`, and as a JSON API `POST /api/validate`.

The same report as `kg validate` (kg.validation): only what the candidate introduces,
with labels and line numbers. Nothing is ever written: this page has no merge button, and
the validator works on copies of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from kg import rdfio
from kg.candidates import Candidate
from kg.findings import ValidationReport, report_dict
from kg.web.i18n import current_lang, translate
from kg.web.state import site

bp = Blueprint("validate", __name__)

#: Names a pasted candidate is given; an upload keeps its own (its suffix picks the format).
PASTED = "pasted.ttl"


@dataclass
class Outcome:
    report: ValidationReport | None = None
    syntax: rdfio.RdfInputError | None = None
    empty: bool = False


@bp.get("/validate")
def index() -> str:
    return render_template("validate/index.html", text="", outcome=None)


@bp.post("/validate")
def check() -> tuple[str, int] | str:
    text, name = submitted()
    outcome = validate(text, name, current_lang())
    status = 400 if outcome.syntax or outcome.empty else 200
    return render_template("validate/index.html", text=text, name=name, outcome=outcome), status


@bp.post("/api/validate")
def api() -> tuple[Response, int]:
    """JSON in, JSON out: the body is the candidate (text/turtle …) or a form like the page's."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        text, name = submitted()
    else:
        text = request.get_data(as_text=True)
        name = request.args.get("name") or PASTED
    lang = request.args.get("lang") or current_lang()
    outcome = validate(text, name, lang)
    if outcome.empty:
        return jsonify(
            error={"zh": translate("validate.empty", "zh"), "en": translate("validate.empty", "en")}
        ), 400
    if outcome.syntax is not None:
        e = outcome.syntax
        return jsonify(
            error={
                "message": e.message,
                "file": e.file,
                "line": e.line,
                "column": e.column,
                "source_line": e.source_line,
                "location": e.location(),
            }
        ), 400
    assert outcome.report is not None
    return jsonify(report_dict(outcome.report)), 200


def submitted() -> tuple[str, str]:
    """The pasted text, or the uploaded file when there is one (size capped by Flask)."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read()
        try:
            return data.decode("utf-8"), upload.filename.rsplit("/", 1)[-1]
        except UnicodeDecodeError:
            return data.decode("utf-8", errors="replace"), upload.filename
    return request.form.get("candidate", ""), PASTED


def validate(text: str, name: str, lang: str) -> Outcome:
    if not text.strip():
        return Outcome(empty=True)
    try:
        candidate = Candidate.from_text(text, name)
    except rdfio.RdfInputError as error:
        return Outcome(syntax=error)
    return Outcome(report=site().validator.validate([candidate], lang=lang))
