"""The `kg` command: a thin layer over the package.

Exit codes everywhere: 0 success, 1 a check failed, 2 unusable input (file, line, message).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from rdflib.term import Literal, Node

from kg import rdfio
from kg.store import ENGINES, QueryError, QueryResult, Store, open_store

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


@dataclass
class Context:
    """What every command gets: the project root and the engine to load it with."""

    root: Path
    engine: str | None

    def store(self) -> Store:
        """Load the graph, or exit 2 naming the file and line that does not parse."""
        try:
            return open_store(self.root, self.engine)
        except rdfio.RdfInputError as error:
            fail(str(error))


def fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds `ontology/` (else `start`)."""
    for folder in (start, *start.parents):
        if (folder / "ontology").is_dir() and (folder / "data").is_dir():
            return folder
    return start


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    envvar="KG_ENGINE",
    default=None,
    help="SPARQL engine (default: oxigraph; also $KG_ENGINE).",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_ROOT",
    default=None,
    help="Project folder holding ontology/ and data/ (default: found from the current folder).",
)
@click.pass_context
def main(ctx: click.Context, engine: str | None, root: Path | None) -> None:
    """Knowledge graph of designated rural assistance (住房和城乡建设部定点帮扶知识图谱)."""
    ctx.obj = Context(root=(root or find_root(Path.cwd())).resolve(), engine=engine)


@main.command()
@click.pass_obj
def info(obj: Context) -> None:
    """Engine, triples, files loaded, classes with instance counts, load time."""
    from kg.summary import summarize

    store = obj.store()
    summary = summarize(store)
    click.echo(f"engine: {store.engine}")
    click.echo(f"root: {store.root}")
    click.echo(f"triples: {summary.triples}")
    click.echo(f"load time: {store.load_seconds * 1000:.0f} ms")
    click.echo(f"files ({len(store.files)}):")
    for loaded in store.files:
        click.echo(f"  {loaded.path}  {loaded.statements}")
    click.echo(f"classes ({len(summary.classes)}):")
    for cls in summary.classes:
        click.echo(f"  {cls.count:>5}  {cls.qname}  {cls.label('zh')} / {cls.label('en')}")


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "turtle"]),
    default="table",
    show_default=True,
)
@click.pass_obj
def sparql(obj: Context, query: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a read-only SPARQL query (QUERY text or -f FILE.rq) and print the answer."""
    from kg.guard import GuardError, check_query

    if (query is None) == (query_file is None):
        fail("give a QUERY or -f FILE.rq (one of them)")
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except OSError as error:
            fail(f"{query_file}: cannot read: {error.strerror}")
    assert query is not None
    try:
        # Run the guard's text: it has SPARQL's \u escapes expanded, so the engine reads
        # exactly what the guard checked (see kg.guard).
        checked = check_query(query)
    except GuardError as error:
        fail(str(error))
    store = obj.store()
    try:
        result = store.query(checked.text)
    except QueryError as error:
        fail(f"{query_file or 'query'}: {error}")
    click.echo(render_result(result, fmt), nl=False)


def render_result(result: QueryResult, fmt: str, headers: list[str] | None = None) -> str:
    """Text for a query answer in one of the CLI's formats; `headers` (one per variable)
    replace the variable names in a table only: CSV, TSV and JSON keep the names."""
    if result.kind == "graph":
        assert result.graph is not None
        if fmt in ("turtle", "table"):
            from kg.fmt import canonical_turtle

            return canonical_turtle(result.graph)
        if fmt == "json":
            return result.graph.serialize(format="json-ld", auto_compact=False)
        return result.graph.serialize(format="nt")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return (
            json.dumps(
                {"variables": result.variables, "rows": [_json_row(r) for r in result.dicts()]},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return out.getvalue()
    if fmt == "turtle":
        fail("--format turtle is for CONSTRUCT and DESCRIBE queries")
    return _table(result, headers)


def _json_row(row: dict[str, Node | None]) -> dict[str, object]:
    return {k: _json_term(v) for k, v in row.items() if v is not None}


def _json_term(term: Node) -> object:
    if isinstance(term, Literal):
        out: dict[str, str] = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    kind = "uri" if term.__class__.__name__ == "URIRef" else "bnode"
    return {"type": kind, "value": str(term)}


def _table(result: QueryResult, headers: list[str] | None = None) -> str:
    from kg.labels import short

    names = headers or result.variables
    cells = [[short(t) if t is not None else "" for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(row[i]) for row in cells]) for i, v in enumerate(names)]
    lines = [
        "  ".join(_pad(v, w) for v, w in zip(names, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(cells)} rows{', truncated' if result.truncated else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.pass_obj
def serve(obj: Context, host: str, port: int, threads: int) -> None:
    """Serve the site on the embedded store with a production WSGI server (waitress)."""
    import waitress

    from kg.web import create_app

    try:
        app = create_app({"KG_ROOT": obj.root, "KG_ENGINE": obj.engine})
    except rdfio.RdfInputError as error:
        fail(str(error))
    store = app.extensions["kg"].store
    click.echo(
        f"Loaded {len(store)} triples with {store.engine} in {store.load_seconds * 1000:.0f} ms"
    )
    click.echo(f"Serving on http://{host}:{port}/", err=False)
    sys.stdout.flush()
    waitress.serve(app, host=host, port=port, threads=threads, ident="kg")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Only report files not in canonical form (exit 1).")
@click.pass_obj
def fmt(obj: Context, files: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle in data/ and ontology/ in one canonical, deterministic form."""
    from kg.fmt import format_file, project_turtle_files

    targets = list(files) or project_turtle_files(obj.root)
    changed = []
    for path in targets:
        try:
            if format_file(path, write=not check):
                changed.append(path)
        except rdfio.RdfInputError as error:
            fail(str(error))
    for path in changed:
        click.echo(f"{'not canonical' if check else 'formatted'}: {_shown(path, obj.root)}")
    if check and changed:
        sys.exit(EXIT_FAILED)
    if not changed:
        click.echo(f"{len(targets)} files already canonical")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


# --- saved queries (issue 5) ----------------------------------------------------------------


def _catalog(obj: Context):
    """The saved queries under `root/queries/`, or exit 2 naming the bad file and line."""
    from kg.queries import QueryDefinitionError, load_catalog

    try:
        return load_catalog(obj.root)
    except QueryDefinitionError as error:
        fail(str(error))


@main.command("queries")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.pass_obj
def queries_command(obj: Context, lang: str) -> None:
    """List the saved queries: id, title, parameters (已保存的查询)."""
    catalog = _catalog(obj)
    for query in catalog.queries:
        click.echo(f"{query.id}  {query.title[lang]}")
        for p in query.parameters:
            kind = " ".join([p.type, *(_qname(c) for c in p.classes)])
            click.echo(f"    --param {p.name}=…  {p.label[lang]} ({kind}; {_need(p)})")
    click.echo(f"({len(catalog.queries)} queries)")


@main.command("query")
@click.argument("query_id")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; IRI parameters take an IRI or an id: slug. Repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="en",
    show_default=True,
    help="Language of error messages and table headers.",
)
@click.pass_obj
def query_command(
    obj: Context, query_id: str, params: tuple[str, ...], fmt: str, lang: str
) -> None:
    """Run the saved query QUERY_ID (see `kg queries`) and print its answer."""
    import difflib

    from kg.queries import ParameterError, UnknownQuery

    raw: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--param {item!r}: write NAME=VALUE")
        if name.strip() in raw:
            fail(f"--param {name.strip()} given twice")
        raw[name.strip()] = value
    catalog = _catalog(obj)
    try:
        catalog.get(query_id)
    except UnknownQuery as error:
        close = difflib.get_close_matches(query_id, error.known, n=3)
        fail(f"{error}" + (f"; did you mean {', '.join(close)}?" if close else ""))
    store = obj.store()
    try:
        result = catalog.run(query_id, raw, store)
    except ParameterError as error:
        fail(f"{query_id}: parameter {error.parameter}: {error.message(lang)}")
    except QueryError as error:
        fail(f"{query_id}: {error}")
    query = catalog.get(query_id)
    headers = [query.column_label(v, lang) for v in result.variables]
    click.echo(render_result(result, fmt, headers), nl=False)


def _need(parameter) -> str:
    if parameter.required:
        return "required"
    return f"optional, default {parameter.default}" if parameter.default else "optional"


def _qname(iri) -> str:
    from kg.labels import qname

    return qname(iri)


# -- kg validate / kg merge (issue 4) ------------------------------------------------------


def _candidates(paths: tuple[Path, ...]) -> list:
    """Parse every candidate strictly, or exit 2 showing where the first one breaks."""
    from kg.candidates import Candidate

    try:
        return [
            # "-": Turtle on standard input, as a pasted candidate.
            Candidate.from_text(sys.stdin.read(), "stdin.ttl")
            if str(path) == "-"
            else Candidate.from_file(path)
            for path in paths
        ]
    except rdfio.RdfInputError as error:
        fail(_syntax_text(error))
    return []


def _syntax_text(error: rdfio.RdfInputError) -> str:
    """`file:line:column: message`, the offending line, and a caret under the column."""
    text = f"{error.location()}: {error.message}"
    if error.source_line is not None:
        text += f"\n    {error.source_line}"
        if error.column:
            # Chinese characters take two columns in a terminal.
            before = error.source_line[: max(error.column - 1, 0)]
            text += "\n    " + " " * _width(before) + "^"
    return text


@main.command()
@click.argument(
    "candidates", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--full", is_flag=True, help="Validate the whole graph, not the neighbourhood.")
@click.option("--hide-pre-existing", is_flag=True, help="Do not list problems data/ already has.")
@click.pass_obj
def validate(
    obj: Context,
    candidates: tuple[Path, ...],
    lang: str,
    fmt: str,
    strict: bool,
    full: bool,
    hide_pre_existing: bool,
) -> None:
    """Check CANDIDATE files ("-": Turtle on stdin) against the graph; with none, data/ itself.

    Reports only what the candidates introduce (problems data/ already has are listed
    apart), each with its file:line. Exit 0 conforms (warnings allowed unless --strict),
    1 violations, 2 unusable input.
    """
    from kg.findings import render_json, render_text, render_turtle
    from kg.validation import Validator

    parsed = _candidates(candidates)
    try:
        validator = Validator.for_root(obj.root)
        if parsed:
            report = validator.validate(parsed, lang=lang, full=full)
        else:
            report = validator.validate_data(obj.root, lang=lang)
    except rdfio.RdfInputError as error:
        fail(_syntax_text(error))
    if hide_pre_existing:
        report.pre_existing = []
    if fmt == "json":
        click.echo(render_json(report), nl=False)
    elif fmt == "turtle":
        click.echo(render_turtle(report), nl=False)
    else:
        click.echo(render_text(report), nl=False)
    sys.exit(report.exit_code(strict=strict))


@main.command()
@click.argument("candidate", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every new triple into this data/ file.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show the triples each file would get; write nothing."
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--strict", is_flag=True, help="Refuse candidates with warnings too.")
@click.pass_obj
def merge(
    obj: Context, candidate: Path, into: Path | None, dry_run: bool, lang: str, strict: bool
) -> None:
    """Validate CANDIDATE and, if it conforms, write its new triples into data/ (canonical).

    Exit 0 merged (or nothing new), 1 refused (violations), 2 unusable input or busy.
    """
    from kg.findings import render_text, term_text
    from kg.merge import MergeBusy, MergeTargetError
    from kg.merge import merge as merge_candidates

    en = lang == "en"
    parsed = _candidates((candidate,))
    try:
        result = merge_candidates(
            obj.root, parsed, into=into, dry_run=dry_run, strict=strict, lang=lang
        )
    except rdfio.RdfInputError as error:
        fail(_syntax_text(error))
    except (MergeBusy, MergeTargetError) as error:
        fail(str(error))
    if result.report.exit_code(strict=strict) != 0:
        click.echo(render_text(result.report), nl=False)
        click.echo("refused: nothing written" if en else "拒绝合并：未写入任何内容")
        sys.exit(EXIT_FAILED)
    if result.report.findings:  # warnings do not stop a merge, but the curator should see them
        click.echo(render_text(result.report, show_pre_existing=False), nl=False)
    for change in result.changes:
        state = (" (new file)" if en else "（新文件）") if change.created else ""
        click.echo(f"{change.path}{state}: +{len(change.added)}")
        for s, p, o in sorted(change.added, key=lambda t: tuple(map(str, t))):
            click.echo(f"  + {term_text(s)} {term_text(p)} {term_text(o)}")
    repeated = len(result.report.repeated)
    merged = sum(len(c.added) for c in result.changes)
    if not result.changes:
        click.echo(
            f"nothing to add ({repeated} triples already in data/)"
            if en
            else f"无可添加内容（{repeated} 个三元组已在 data/ 中）"
        )
    elif dry_run:
        click.echo("dry run: nothing written" if en else "试运行：未写入任何内容")
    else:
        click.echo(
            f"merged {merged} triples ({repeated} already in data/)"
            if en
            else f"已合并 {merged} 个三元组（{repeated} 个已在 data/ 中）"
        )
