"""kg.guard: read-only, no SERVICE, no FROM, however the query is spelled."""

from __future__ import annotations

import contextlib
import socket
import threading

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from kg.guard import CheckedQuery, GuardError, check_query, expand_escapes
from kg.store import QueryError

ACCEPTED = {
    "select": ("SELECT ?s WHERE { ?s ?p ?o }", "select"),
    "ask": ("ASK { ?s ?p ?o }", "ask"),
    "construct": ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    "describe": ("DESCRIBE <https://dra.example.org/id/hongan-county>", "describe"),
    "graph-pattern": ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "select"),
    "service-in-a-string": ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }', "select"),
    "service-in-a-comment": ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}", "select"),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_read_only_queries_pass_with_their_kind(name: str) -> None:
    text, kind = ACCEPTED[name]
    checked = check_query(text)
    assert checked == CheckedQuery(text, kind)
    assert checked.returns_graph == (kind in ("construct", "describe"))


UPDATES = {
    "insert-data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://example.org/data.ttl>",
    "load-file": "LOAD <file:///etc/passwd> INTO GRAPH <urn:g>",
    "clear": "CLEAR ALL",
    "drop": "DROP DEFAULT",
    "several": "CREATE GRAPH <urn:g> ; INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }",
    "escaped-keyword": r"\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }",
}


@pytest.mark.parametrize("name", UPDATES)
def test_updates_are_refused_as_read_only(name: str) -> None:
    with pytest.raises(GuardError) as refused:
        check_query(UPDATES[name])
    assert refused.value.reason == "update"
    assert "read-only" in str(refused.value) and "只读" in str(refused.value)


SERVICES = {
    "plain": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "silent-variable": "SELECT * WHERE { ?x ?y ?svc SERVICE SILENT ?svc { ?s ?p ?o } }",
    "lower-case": "select * where { service <http://x/> { ?s ?p ?o } }",
    "nested-optional": (
        "SELECT * WHERE { ?a ?b ?c OPTIONAL { { ?a ?b ?c } UNION "
        "{ SERVICE <http://x/> { ?a ?b ?c } } } }"
    ),
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "filter-exists": (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }"
    ),
    "filter-not-exists-in-bind": (
        "SELECT * WHERE { ?s ?p ?o BIND(NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } AS ?b) }"
    ),
    "ask": "ASK { SERVICE <http://x/> { ?s ?p ?o } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "escaped-whole-keyword": (
        r"SELECT * WHERE { \u0053\u0045\u0052\u0056\u0049\u0043\u0045 <http://x/> { ?s ?p ?o } }"
    ),
    "escaped-letter": r"SELECT * WHERE { SERVI\u0043E <http://x/> { ?s ?p ?o } }",
    "long-escape": r"SELECT * WHERE { \U00000053ERVICE <http://x/> { ?s ?p ?o } }",
    "escaped-in-filter": (
        r"SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { s\u0065rvice <http://x/> { ?s ?p ?o } } }"
    ),
}


@pytest.mark.parametrize("name", SERVICES)
def test_service_is_refused_wherever_and_however_spelled(name: str) -> None:
    with pytest.raises(GuardError) as refused:
        check_query(SERVICES[name])
    assert refused.value.reason == "service"
    assert "SERVICE is not allowed" in str(refused.value)


DATASETS = {
    "from": "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ask-from": "ASK FROM <https://dra.example.org/id/> { ?s ?p ?o }",
    "construct-from": "CONSTRUCT { ?s ?p ?o } FROM <http://x/> WHERE { ?s ?p ?o }",
    "describe-from": "DESCRIBE ?s FROM <http://x/> WHERE { ?s ?p ?o }",
    "escaped": r"SELECT * \u0046ROM <http://x/> WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("name", DATASETS)
def test_from_and_from_named_are_refused(name: str) -> None:
    with pytest.raises(GuardError) as refused:
        check_query(DATASETS[name])
    assert refused.value.reason == "dataset"
    assert "FROM" in str(refused.value)


def test_a_syntax_error_carries_the_parsers_line_and_column() -> None:
    with pytest.raises(GuardError) as refused:
        check_query("SELECT ?s\nWHERE { ?s ?p }")
    error = refused.value
    assert error.reason == "syntax"
    # pyparsing points at the start of the triple that lacks its object.
    assert (error.line, error.column) == (2, 9)
    assert str(error).startswith("line 2, column 9:")
    assert "does not parse" in error.message


def test_an_unknown_prefix_is_refused_with_its_name() -> None:
    with pytest.raises(GuardError, match="nosuch"):
        check_query("SELECT * WHERE { nosuch:x ?p ?o }")


def test_a_guard_error_is_a_query_error() -> None:
    # Pages catch QueryError; a refusal must not escape them as a crash.
    with pytest.raises(QueryError):
        check_query("CLEAR ALL")


def test_escapes_are_expanded_once_by_the_spec() -> None:
    assert expand_escapes(r"\u0053ELECT") == "SELECT"
    assert expand_escapes(r"\U0001F600") == "\U0001f600"
    # \u takes exactly four hex digits: what follows is text (rdflib would read eight).
    assert expand_escapes(r'"\u000A1234"') == '"\n1234"'
    assert check_query(r"SELECT ?x WHERE { BIND(\u0022caf\u00E9\u0022 AS ?x) }").text == (
        'SELECT ?x WHERE { BIND("café" AS ?x) }'
    )


@pytest.mark.parametrize(
    "text",
    [r"SELECT * WHERE { ?s ?p '\u005Cu0041' }", r"SELECT * WHERE { ?s ?p '\U0041' }"],
    ids=["escape-making-an-escape", "short-long-escape"],
)
def test_text_that_engines_would_unescape_differently_is_refused(text: str) -> None:
    with pytest.raises(GuardError) as refused:
        check_query(text)
    assert refused.value.reason == "escape"


@pytest.mark.parametrize("escape", [r"\uD800", r"\U00110000", r"\u0000"])
def test_invalid_code_points_are_refused_with_their_position(escape: str) -> None:
    with pytest.raises(GuardError) as refused:
        check_query(f"SELECT * WHERE {{\n  ?s ?p '{escape}' }}")
    assert refused.value.reason == "escape"
    assert (refused.value.line, refused.value.column) == (2, 10)


# A query that reads differently to rdflib and to pyoxigraph: rdflib expands \u0022 into a
# quote everywhere, so to it SERVICE sits inside a string; pyoxigraph expands escapes only
# inside strings, so to it \u0022 is a quote *character* and SERVICE is a real pattern.
SMUGGLED = (
    r'SELECT * WHERE { VALUES ?v { "x\u0022 " } SERVICE <http://127.0.0.1:{port}/sparql> '
    r'{ ?a ?b ?c } VALUES ?w { " \u0022y" } }'
)


def test_a_service_smuggled_past_rdflib_never_reaches_the_network() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.settimeout(2)
        port = listener.getsockname()[1]
        text = SMUGGLED.replace("{port}", str(port))
        # The trap is real: rdflib alone sees no SERVICE, and pyoxigraph given the original
        # text connects to our socket.
        assert "ServiceGraphPattern" not in repr(parseQuery(text))
        assert _connections_during(listener, lambda: ox.Store().query(text)) == 1
        # What the guard hands back has no escapes left, so pyoxigraph reads it as rdflib
        # did: SERVICE is only text inside a string, and nothing connects.
        checked = check_query(text)
        assert "\\u" not in checked.text
        rows = []
        assert (
            _connections_during(listener, lambda: rows.extend(ox.Store().query(checked.text))) == 0
        )
        assert any("SERVICE" in str(row["v"].value) for row in rows if row["v"] is not None)


def _connections_during(listener: socket.socket, action) -> int:
    connections: list[socket.socket] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            connections.append(conn)
            conn.close()  # pyoxigraph's request then fails, which is all we need
        except TimeoutError:
            pass

    waiter = threading.Thread(target=accept)
    waiter.start()
    with contextlib.suppress(OSError, RuntimeError):  # the failed SERVICE call
        action()
    waiter.join()
    return len(connections)


def test_long_queries_are_checked_but_not_cached() -> None:
    from kg.guard import CACHED_TEXT_LIMIT, _check_cached

    padding = "#" + "x" * CACHED_TEXT_LIMIT + "\n"
    long_query = padding + "SELECT * WHERE { ?s ?p ?o }"
    before = _check_cached.cache_info().currsize
    assert check_query(long_query).kind == "select"
    with pytest.raises(GuardError):
        check_query(padding + "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert _check_cached.cache_info().currsize == before


def test_a_query_too_deep_for_the_parser_is_refused_not_crashed() -> None:
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(GuardError, match="nested too deeply"):
        check_query(deep)
