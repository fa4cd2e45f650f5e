"""Saved-query pages: `/queries` (by tag) and `/queries/<id>` (form, table, chart, files).

The parameters are the URL's query string, so the page URL is its own permalink and
`/queries/<id>.csv?…` / `.json?…` (or the same URL with `Accept: text/csv`) downloads the
very answer shown. Values are bound by `kg.queries` (checked, typed), never pasted in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from flask import Blueprint, abort, render_template, request
from rdflib import URIRef
from rdflib.term import Node
from werkzeug.wrappers import Response

from kg import results
from kg.gate import GateBusy, QueryTimeout
from kg.labels import qname
from kg.queries import (
    Catalog,
    ParameterError,
    QueryDefinitionError,
    SavedQuery,
    UnknownQuery,
    parse_iri,
)
from kg.store import QueryError, QueryResult
from kg.web.display import slug_of
from kg.web.downloads import by_suffix, negotiated
from kg.web.i18n import current_lang, pick, translate
from kg.web.state import run_query, site
from kg.web.tables import (
    aggregate_columns,
    as_year,
    chart,
    money_columns,
    visible_columns,
    year_columns,
)

bp = Blueprint("queries", __name__)

#: Query-string keys that belong to the page, not to the saved query.
PAGE_KEYS = frozenset({"lang", "sparql"})


@dataclass
class Answer:
    result: QueryResult | None
    milliseconds: float
    error: str | None = None


def catalog() -> Catalog:
    return site().catalog


@bp.errorhandler(QueryDefinitionError)
def broken_catalogue(error: QueryDefinitionError) -> tuple[str, int]:
    """A saved query that does not load: say which file and line, not a stack trace."""
    return render_template("error.html", code=500, message=str(error)), 500


@bp.get("/queries")
def index() -> str:
    return render_template("queries/index.html", groups=by_tag(catalog()))


def by_tag(queries: Catalog) -> list[tuple[str, list[SavedQuery]]]:
    """Tags in first-seen order, each with its queries; untagged queries under "other"."""
    groups: dict[str, list[SavedQuery]] = {}
    for query in queries:
        for tag in query.tags or [translate("query.tag.other")]:
            groups.setdefault(tag, []).append(query)
    return list(groups.items())


@bp.get("/queries/<query_id>")
def page(query_id: str) -> Response | str:
    fmt = None
    stem, dot, ext = query_id.rpartition(".")
    if dot and by_suffix(ext) is not None:
        query_id, fmt = stem, by_suffix(ext)
    try:
        query = catalog().get(query_id)
    except UnknownQuery:
        abort(404)
    raw = {k: v for k, v in request.args.items() if k not in PAGE_KEYS}
    fmt = fmt or negotiated()
    bound, problem = bind(query, raw)
    answer = Answer(None, 0.0, problem)
    if problem is None:
        answer = run(query, bound)
    if fmt is not None:
        if answer.result is None:
            return Response((answer.error or "") + "\n", status=400, mimetype="text/plain")
        response = Response(results.serialize(answer.result, fmt), content_type=fmt.content_type)
        name = f"{query.id}.{fmt.name}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Vary"] = "Accept"
        return response
    lang = current_lang()
    result = answer.result
    money = money_columns(result.variables, query.tags) if result is not None else set()
    figures = aggregate_columns(query.text)
    drawn = chart(result, lang, money, figures) if result is not None and figures else None
    if drawn is not None:
        drawn = replace(drawn, title=query.column_label(drawn.title, lang))
    response = Response(
        render_template(
            "queries/page.html",
            query=query,
            form=form_fields(query, raw),
            answer=answer,
            money=money,
            shown=folded(result),
            headers=column_headers(query, result, lang),
            codes=code_names(query, lang),
            chart=drawn,
            args=raw,
            show_sparql=request.args.get("sparql") == "1",
        ),
        mimetype="text/html",
    )
    response.headers["Vary"] = "Accept"
    return response


def column_headers(query: SavedQuery, result: QueryResult | None, lang: str) -> dict[str, str]:
    """Variable → the header people read, in the page's language (the query's `columns:`);
    downloads keep the variable names, which programs rely on."""
    if result is None or result.kind != "select":
        return {}
    return {v: label for v in result.variables if (label := query.column_label(v, lang)) != v}


def code_names(query: SavedQuery, lang: str) -> dict[str, dict[str, str]]:
    """Variable → {code value → its name in `lang`} (a column's `values:`)."""
    return {
        variable: {code: names[lang] for code, names in values.items()}
        for variable, values in query.column_values.items()
    }


def folded(result: QueryResult | None) -> QueryResult | None:
    """The answer with `?xLabel` twins left out and years shown as years (2021, not 2,021),
    for the shared results-table macro; downloads keep the terms as the query gave them."""
    if result is None or result.kind != "select":
        return result
    keep = visible_columns(result.variables)
    years = year_columns(result.variables)
    variables = [result.variables[i] for i in keep]
    return QueryResult(
        "select",
        variables=variables,
        rows=[
            tuple(
                as_year(row[i]) if v in years else row[i]
                for i, v in zip(keep, variables, strict=True)
            )
            for row in result.rows
        ],
        truncated=result.truncated,
    )


def bind(query: SavedQuery, raw: dict[str, str]) -> tuple[dict[str, Node], str | None]:
    try:
        return catalog().bind(query.id, raw, site().store), None
    except ParameterError as error:
        return {}, error.message(current_lang())


def run(query: SavedQuery, bindings: dict[str, Node]) -> Answer:
    started = time.perf_counter()
    try:
        result = run_query(query.text, bindings, max_rows=site_max_rows())
    except (QueryTimeout, GateBusy):
        return Answer(None, _ms(started), translate("query.timeout"))
    except QueryError as error:
        return Answer(None, _ms(started), str(error))
    return Answer(result, _ms(started))


def site_max_rows() -> int | None:
    from flask import current_app

    return current_app.config.get("KG_MAX_ROWS")


@dataclass
class Field:
    name: str
    label: str
    description: str
    type: str
    required: bool
    value: str
    choices: list[tuple[str, str]]  # (value, shown text) for IRI parameters


def form_fields(query: SavedQuery, raw: dict[str, str]) -> list[Field]:
    store = site().store
    fields = []
    for p in query.parameters:
        choices = []
        if p.type == "iri":
            for c in p.choices(store):
                text = pick({k: v for k, v in (("zh", c.label_zh), ("en", c.label_en)) if v})
                choices.append((short_value(c.iri), text or str(c.iri)))
        value = raw.get(p.name, p.default or "")
        if p.type == "iri" and value:
            # The URL may say `hongan-group`, `id:hongan-group` or the full IRI.
            iri = parse_iri(value)
            value = short_value(iri) if iri is not None else value
        fields.append(
            Field(
                p.name,
                pick(p.label, p.name),
                pick(p.description),
                p.type,
                p.required,
                value,
                choices,
            )
        )
    return fields


def short_value(iri: URIRef) -> str:
    """How a form and its permalink spell an IRI value: the bare slug for our instances
    (`hongan-group`), a prefixed name for vocabulary terms, else the full IRI."""
    slug = slug_of(iri)
    if slug is not None:
        return slug
    name = qname(iri)
    return str(iri) if name.startswith("<") else name


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
