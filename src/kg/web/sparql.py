"""The SPARQL endpoint, `/sparql`: the SPARQL 1.1 Protocol for programs, an editor for people.

Protocol (https://www.w3.org/TR/sparql11-protocol/): ``GET ?query=``, ``POST`` with an
``application/sparql-query`` body, or ``POST`` form-encoded ``query=``. Answers by
``Accept`` (SPARQL JSON, XML, CSV, TSV; Turtle, JSON-LD, N-Triples, RDF/XML for graphs) or
by ``?format=json|xml|csv|tsv|ttl|jsonld|nt|rdf``; a browser (``text/html`` first) gets
the editor page with the answer as a table. ``GET /sparql`` without a query gives programs
the endpoint's SPARQL 1.1 Service Description (Turtle by default).

Read-only and closed: updates (``update=`` or ``application/sparql-update``, or an update
in ``query``) are a 400 "read-only endpoint"; ``default-graph-uri`` and ``named-graph-uri``
are refused like ``FROM``/``FROM NAMED`` (every query runs on the one union graph; for
rdflib's SPARQLStore use ``context_aware=False``). Every query goes through the gate
(`kg.gate`): the guards, a time limit (503 when passed) and a row cap (the
``KG-Truncated: true`` header, and a notice on the page).
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, g, render_template, request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID

from kg import results
from kg.gate import GateBusy, GateClosed, QueryTimeout
from kg.guard import GuardError
from kg.namespaces import SD
from kg.query_header import QueryDefinitionError
from kg.store import QueryError, QueryResult
from kg.web.i18n import current_lang
from kg.web.state import site

bp = Blueprint("sparql", __name__)

HTML = "text/html"
#: Every media type the endpoint can answer with, for telling browsers from programs.
_MACHINE_TYPES = [o for f in results.RESULT_FORMATS + results.GRAPH_FORMATS for o in f.offers]
_FORMAT_NAMES = {f.name for f in results.RESULT_FORMATS + results.GRAPH_FORMATS}

MESSAGES: dict[str, tuple[str, str]] = {
    "heading": ("SPARQL 查询", "SPARQL query"),
    "intro": (
        "只读端点（SPARQL 1.1 协议，GET 或 POST）。不接受更新、SERVICE 和 FROM。",
        "A read-only endpoint (SPARQL 1.1 Protocol, GET or POST). Updates, SERVICE and FROM "
        "are refused.",
    ),
    "limits": (
        "每个查询最多运行 {s} 秒、返回 {n} 行。",
        "Each query may run {s} s and return {n} rows.",
    ),
    "address": ("程序访问地址", "Endpoint URL for programs"),
    "query": ("查询", "Query"),
    "run": ("运行", "Run"),
    "hint": ("Ctrl+Enter 运行", "Ctrl+Enter runs the query"),
    "examples": ("示例：保存的查询", "Examples: the saved queries"),
    "no_examples": ("暂无保存的查询。", "No saved queries yet."),
    "error": ("查询出错", "The query failed"),
    "refused": ("查询被拒绝", "The query was refused"),
    "timeout": ("查询超时", "The query ran out of time"),
    "position": ("第 {line} 行，第 {column} 列", "line {line}, column {column}"),
    "triples": ("条三元组", "triples"),
    "download": ("下载", "Download"),
    "missing": ("请提供 query 参数。", "Give a query (the `query` parameter)."),
    "dataset": (
        "不接受 default-graph-uri / named-graph-uri：查询总是在整个图谱上运行",
        "default-graph-uri and named-graph-uri are refused: every query runs on the whole graph",
    ),
    "read_only": (
        "这是只读端点，不接受 SPARQL 更新",
        "read-only endpoint: SPARQL updates are refused",
    ),
    "one_query": ("只能提交一个查询。", "Give exactly one query."),
    "not_acceptable": (
        "无法提供所要求的格式；可用：{types}",
        "none of the requested formats is available; available: {types}",
    ),
}


def t(key: str, **values: object) -> str:
    """This blueprint's interface string in the request's language."""
    zh, en = MESSAGES[key]
    return (zh if current_lang() == "zh" else en).format(**values)


def both(key: str, **values: object) -> str:
    """Both languages, for programs: they carry no language choice."""
    zh, en = MESSAGES[key]
    return f"{zh.format(**values)} / {en.format(**values)}"


@bp.context_processor
def _strings() -> dict[str, object]:
    return {"t": t}


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | tuple[str, int]:
    params = request.args if request.method == "GET" else request.form
    # Refusals look at the URL and the form alike: a POST body may come with URL parameters.
    every = request.values
    browser = _wants_html()
    if request.mimetype == "application/sparql-update" or "update" in every:
        kept = every.get("update") or every.get("query") or ""
        return _refuse(browser, kept, "read_only", 400)
    if "default-graph-uri" in every or "named-graph-uri" in every:
        return _refuse(browser, every.get("query", ""), "dataset", 400)
    queries = params.getlist("query")
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        queries.append(request.get_data(as_text=True))
    if len(queries) > 1:
        return _refuse(browser, queries[0], "one_query", 400)
    if not queries:
        if browser:
            return _page("", None, None)
        if request.method == "GET":
            # SPARQL 1.1 Service Description §2: the endpoint URL without a query describes
            # the service.
            return _document(_service_description())
        return _refuse(browser, "", "missing", 400)
    text = queries[0]

    started = time.perf_counter()
    try:
        result = site().gate.query(text)
    except GuardError as error:
        kind = "error" if error.reason in ("syntax", "escape") else "refused"
        return _failed(browser, text, error, kind, 400)
    except (QueryTimeout, GateBusy, GateClosed) as error:
        return _failed(browser, text, error, "timeout", 503)
    except QueryError as error:
        return _failed(browser, text, error, "error", 400)
    milliseconds = (time.perf_counter() - started) * 1000
    g.query_ms = milliseconds  # the footer's "queries took"

    if browser:
        return _page(text, result, milliseconds)
    return _document(result)


def _wants_html() -> bool:
    """A browser: names text/html and prefers it to every results type (or ?format=html)."""
    asked = request.values.get("format")
    if asked:
        return asked == "html"
    accept = request.accept_mimetypes
    # `*/*` alone (curl, most libraries) would match HTML too: a browser names it.
    names_html = any(value in (HTML, "application/xhtml+xml") and q > 0 for value, q in accept)
    return names_html and accept.best_match([HTML, *_MACHINE_TYPES]) == HTML


def _document(result: QueryResult) -> Response:
    formats = results.formats_for(result)
    asked = request.values.get("format")
    if asked and asked in _FORMAT_NAMES:
        fmt = results.by_name(asked, formats)
    else:
        fmt = results.negotiate(request.headers.get("Accept"), formats)
    if fmt is None:
        types = ", ".join(f.media_type for f in formats)
        return _plain(both("not_acceptable", types=types) + "\n", 406)
    response = Response(results.serialize(result, fmt), content_type=fmt.content_type)
    response.vary.add("Accept")
    if result.truncated:
        response.headers["KG-Truncated"] = "true"
    return response


def _failed(browser: bool, text: str, error: QueryError, kind: str, status: int):
    if browser:
        return _page(text, None, None, error=error, error_kind=kind, status=status)
    message = error.message
    if error.line is not None:
        message = f"{both('position', line=error.line, column=error.column)}: {message}"
    return _plain(f"{both(kind)}: {message}\n\n{_marked(text, error.line)}", status)


def _refuse(browser: bool, text: str, key: str, status: int):
    if browser:
        refusal = QueryError(t(key))
        return _page(text, None, None, error=refusal, error_kind="refused", status=status)
    return _plain(f"{both('refused')}: {both(key)}\n", status)


def _plain(body: str, status: int) -> Response:
    return Response(body, status=status, content_type="text/plain; charset=utf-8")


def _marked(text: str, line: int | None) -> str:
    """The query back, numbered, with the line the error is on marked."""
    lines = text.splitlines() or [""]
    width = len(str(len(lines)))
    return (
        "\n".join(
            f"{'>' if number == line else ' '} {number:>{width}} | {content}"
            for number, content in enumerate(lines, start=1)
        )
        + "\n"
    )


def _page(
    text: str,
    result: QueryResult | None,
    milliseconds: float | None,
    *,
    error: QueryError | None = None,
    error_kind: str = "error",
    status: int = 200,
) -> tuple[str, int]:
    state = site()
    gate = state.gate
    shown = _as_table(result) if result is not None and result.kind == "graph" else result
    return (
        render_template(
            "sparql/index.html",
            text=text,
            result=result,
            shown=shown,
            milliseconds=milliseconds,
            error=error,
            error_kind=error_kind,
            error_lines=text.splitlines() if error is not None else [],
            examples=_examples(),
            headers=_example_headers(text, shown),
            timeout=gate.timeout_seconds if gate else None,
            max_rows=gate.max_rows if gate else None,
            downloads=[f.name for f in results.formats_for(result)] if result else [],
        ),
        status,
    )


def _service_description() -> QueryResult:
    """What this endpoint is (https://www.w3.org/TR/sparql11-service-description/)."""
    graph = Graph()
    service = URIRef(request.base_url)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in results.RESULT_FORMATS + results.GRAPH_FORMATS:
        if fmt.iri is not None:
            graph.add((service, SD.resultFormat, fmt.iri))
    dataset, default_graph = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, VOID.triples, Literal(len(site().store))))
    return QueryResult("graph", graph=graph)


def _as_table(result: QueryResult) -> QueryResult:
    """A graph answer shown as a subject–predicate–object table, in a stable order."""
    assert result.graph is not None
    rows = sorted(result.graph, key=lambda triple: tuple(t.n3() for t in triple))
    return QueryResult(
        "select",
        variables=["subject", "predicate", "object"],
        rows=rows,
        truncated=result.truncated,
    )


def _example_headers(text: str, result: QueryResult | None) -> dict[str, str]:
    """A saved query run here unchanged keeps its column headers (`columns:`); an edited
    one shows the variable names, since its columns may no longer mean the same."""
    if result is None or result.kind != "select":
        return {}
    # A browser's textarea sends CRLF line ends: compare the lines, not the bytes.
    asked = text.strip().splitlines()
    for query in _examples():
        if query.text.strip().splitlines() == asked:
            lang = current_lang()
            return {
                v: label for v in result.variables if (label := query.column_label(v, lang)) != v
            }
    return {}


def _examples() -> list[object]:
    """The saved queries, offered as examples; none when the catalogue does not load."""
    try:
        return list(site().catalog)
    except QueryDefinitionError:  # a broken queries/ file must not take the endpoint down
        current_app.logger.exception("the saved queries could not be loaded as examples")
        return []
