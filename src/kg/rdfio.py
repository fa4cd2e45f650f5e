"""Strict, offline RDF parsing and term conversion.

Every file the project reads goes through `parse_file`/`parse_text`: pyoxigraph's parser is
strict (an IRI with a space or a bad escape is an error, where rdflib's only warns) and it
reports line and column, which rdflib's Turtle parser does not. Only formats that cannot
fetch anything are accepted: JSON-LD may pull remote contexts and RDF/XML may expand
entities, so both are refused here rather than deep inside a parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: File endings we parse, and the pyoxigraph format for each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


class RdfInputError(Exception):
    """Unusable RDF input: a syntax error, an unsupported format, an unreadable file.

    Carries where (file, line, column, the offending source line) and what (message).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.source_line = source_line

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.source_line is not None:
            text += f"\n    {self.source_line}"
        return text


@dataclass(frozen=True)
class Quad:
    """One parsed statement as rdflib terms; `graph` is None for the default graph."""

    subject: Node
    predicate: URIRef
    object: Node
    graph: Node | None = None

    @property
    def triple(self) -> tuple[Node, URIRef, Node]:
        return (self.subject, self.predicate, self.object)


def format_for(name: str) -> ox.RdfFormat:
    """The parser format for a file name, or RdfInputError naming the accepted endings."""
    suffix = Path(name).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        accepted = ", ".join(sorted(FORMATS))
        raise RdfInputError(
            f"unsupported format {suffix or '(no extension)'!r}: accepted are {accepted} "
            "(JSON-LD and RDF/XML are refused: their parsers can fetch remote documents)",
            file=name,
        ) from None


def parse_text(text: str, name: str, fmt: ox.RdfFormat | None = None) -> list[Quad]:
    """Parse `text` (named `name` in errors) strictly; raise RdfInputError on bad input."""
    fmt = fmt or format_for(name)
    try:
        return [_quad(q) for q in ox.parse(text, format=fmt)]
    except SyntaxError as error:
        raise syntax_error(error, text, name) from None


def parse_file_native(path: Path, display_name: str | None = None) -> list[ox.Quad]:
    """Like `parse_file`, but pyoxigraph's own quads: no conversion, for fast bulk loads.

    Bytes that are not UTF-8 are a syntax error with their line and column.
    """
    name = display_name or str(path)
    fmt = format_for(name)
    try:
        return list(ox.parse(path=path, format=fmt))
    except SyntaxError as error:
        text = path.read_text(encoding="utf-8", errors="replace")
        raise syntax_error(error, text, name) from None
    except UnicodeDecodeError as error:
        raise RdfInputError(f"not UTF-8 text: {error.reason}", file=name) from None
    except OSError as error:
        raise RdfInputError(f"cannot read file: {error.strerror or error}", file=name) from None


def parse_file(path: Path, display_name: str | None = None) -> list[Quad]:
    """Parse one file strictly. `display_name` is how errors name it (default: the path)."""
    return [_quad(q) for q in parse_file_native(path, display_name)]


def syntax_error(error: SyntaxError, text: str, name: str) -> RdfInputError:
    """Turn pyoxigraph's SyntaxError into an RdfInputError with the offending line."""
    line = error.lineno
    column = error.offset
    message = error.msg
    # pyoxigraph prefixes its message with the position we report separately.
    if message.startswith("Parser error at line") and ": " in message:
        message = message.split(": ", 1)[1]
    source_line = None
    if line is not None:
        lines = text.splitlines()
        if 1 <= line <= len(lines):
            source_line = lines[line - 1]
    return RdfInputError(message, file=name, line=line, column=column, source_line=source_line)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node | None:
    """Convert one pyoxigraph term into the equivalent rdflib term (None: default graph)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # RDF 1.1: a simple literal is an xsd:string; rdflib spells it without a datatype.
            return Literal(term.value)
        # normalize=False keeps the lexical form as written ("01" stays "01"), so that
        # reading and writing a file never changes its triples.
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term into pyoxigraph's."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def _quad(quad: ox.Quad) -> Quad:
    return Quad(
        to_rdflib(quad.subject),
        to_rdflib(quad.predicate),  # type: ignore[arg-type]
        to_rdflib(quad.object),
        to_rdflib(quad.graph_name),
    )
