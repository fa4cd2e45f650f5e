"""Saved-query answers as files: CSV and SPARQL 1.1 Query Results JSON.

Chosen by suffix (`/queries/<id>.csv`, `.json`) or by `Accept`; the parameters travel in
the query string as on the page, so a download URL is also a permalink.
"""

from __future__ import annotations

import csv
import io
import json

from flask import request
from rdflib import BNode, Literal
from rdflib.term import Node

from kg.store import QueryResult

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/sparql-results+json",
}
_ACCEPTED = {
    "text/html": None,
    "text/csv": "csv",
    "application/sparql-results+json": "json",
    "application/json": "json",
}


def negotiated() -> str | None:
    """ "csv" or "json" when the client asks for one of them first, else None (HTML)."""
    accept = request.accept_mimetypes
    if not accept:
        return None
    return _ACCEPTED.get(accept.best_match(list(_ACCEPTED), default="text/html") or "")


def as_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results (https://www.w3.org/TR/sparql11-results-csv-tsv/): values only."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return out.getvalue()


def as_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {var: _json_term(term) for var, term in row.items() if term is not None}
        for row in result.dicts()
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )


def _csv_value(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}
