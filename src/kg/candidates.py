"""A candidate: a small RDF file a curator wants to add, parsed strictly, with a line per triple.

`Candidate.from_file(path)` and `Candidate.from_text(text, "pasted.ttl")` parse through
`kg.rdfio` (strict, offline; a syntax error raises `RdfInputError` with file:line:column).
pyoxigraph does not say where each triple was written, so a light Turtle/TriG/N-Triples
tokenizer walks the same (already valid) text again and records the line of each triple's
object term (the subject's line for triples whose object is a `[ … ]` or `( … )`); triples
are matched to the parser's by their terms, blank nodes being wildcards. `line_of(triple)`
and `subject_line(node)` answer the report's "file:line".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg import rdfio

Triple = tuple[Node, URIRef, Node]

# rdflib logs a traceback for each ill-typed literal it builds ("2021-02-30"^^xsd:date);
# the shapes report those with file and line, so the traceback is only noise to a curator.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


@dataclass
class Candidate:
    """Parsed candidate statements plus where each was written."""

    name: str
    text: str
    quads: list[rdfio.Quad]
    _lines: dict[tuple, int] = field(default_factory=dict, repr=False)
    _subject_lines: dict[Node, int] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, name: str = "pasted.ttl") -> Candidate:
        """Parse pasted text; `name`'s ending picks the format (.ttl, .trig, .nt)."""
        quads = rdfio.parse_text(text, name)
        candidate = cls(name, text, quads)
        candidate._locate()
        return candidate

    @classmethod
    def from_file(cls, path: Path, display_name: str | None = None) -> Candidate:
        name = display_name or str(path)
        rdfio.format_for(name)  # refuse JSON-LD, RDF/XML … before reading anything
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise rdfio.RdfInputError(f"not UTF-8 text: {error.reason}", file=name) from None
        except OSError as error:
            raise rdfio.RdfInputError(f"cannot read file: {error.strerror}", file=name) from None
        return cls.from_text(text, name)

    @property
    def triples(self) -> list[Triple]:
        return [q.triple for q in self.quads]

    def graph(self) -> Graph:
        graph = Graph()
        for quad in self.quads:
            graph.add(quad.triple)
        return graph

    def line_of(self, triple: Triple) -> int | None:
        """The line where `triple` is written (its object's line), if it is in the file."""
        return self._lines.get(_key(triple))

    def subject_line(self, node: Node) -> int | None:
        """The first line where `node` is described as a subject, if anywhere."""
        return self._subject_lines.get(node)

    def _locate(self) -> None:
        try:
            located = _TurtleWalker(self.text).walk()
        except _WalkError:
            # Valid RDF our light walker does not follow: findings then carry the file only.
            return
        for s, p, o, line, s_line in located:
            self._lines.setdefault(_key((s, p, o)), line)
            if not isinstance(s, BNode):
                self._subject_lines.setdefault(s, s_line)


def _key(triple: Triple) -> tuple:
    return tuple(_term_key(t) for t in triple)


def _term_key(term: Node) -> object:
    if isinstance(term, BNode):
        return "_"  # labels differ between parsers: any blank node matches
    if isinstance(term, Literal):
        return ("L", str(term), term.datatype, (term.language or "").lower())
    return term


class _WalkError(Exception):
    pass


# One regex per token kind; the text is already known to be valid, so the walker can be lax.
_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+|\#[^\n]*)
  | (?P<iri><[^>]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<number>[+-]?(?:\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+|\d*\.\d+|\d+))
  | (?P<bnode>_:[^\s;,.\[\]()<>"{}]+(?:\.[^\s;,.\[\]()<>"{}]+)*)
  | (?P<pname>(?:[^\s:;,\[\]()<>"'{}\#^@]*):(?:[^\s;,\[\]()<>"'{}\#^\\]|\\.)*)
  | (?P<word>[A-Za-z]+)
  | (?P<punct>[.;,\[\]()\{\}])
    """,
    re.VERBOSE,
)

_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_STRING_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


@dataclass
class _Token:
    kind: str
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    position, line = 0, 1
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _WalkError(f"line {line}")
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "pname" and value.endswith(".") and value != ":":
            value = value.rstrip(".")  # a local name cannot end with '.': that is the full stop
        if kind != "ws":
            tokens.append(_Token(kind, value, line))
        line += value.count("\n")
        position += len(value)
    return tokens


def _typed(lexical: str, datatype: Node) -> Literal:
    # As kg.rdfio builds them: the lexical form as written ("1e3" stays "1e3").
    return Literal(lexical, datatype=datatype, normalize=False)


def _unescape_string(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _STRING_ESCAPE.sub(replace, body)


class _TurtleWalker:
    """Re-reads valid Turtle/TriG/N-Triples and yields (s, p, o, object line, subject line)."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.prefixes: dict[str, str] = {}
        self.base = ""
        self.out: list[tuple[Node, URIRef, Node, int, int]] = []

    def walk(self) -> list[tuple[Node, URIRef, Node, int, int]]:
        while not self._done():
            self._statement()
        return self.out

    # -- token access
    def _done(self) -> bool:
        return self.position >= len(self.tokens)

    def _peek(self) -> _Token:
        if self._done():
            raise _WalkError("unexpected end")
        return self.tokens[self.position]

    def _next(self) -> _Token:
        token = self._peek()
        self.position += 1
        return token

    def _accept(self, text: str) -> bool:
        if not self._done() and self._peek().text == text:
            self.position += 1
            return True
        return False

    # -- grammar
    def _statement(self) -> None:
        token = self._peek()
        lowered = token.text.lower()
        if lowered in ("@prefix", "prefix"):
            self._next()
            name = self._next().text
            self.prefixes[name[:-1]] = self._iri(self._next().text)
            self._accept(".")
            return
        if lowered in ("@base", "base"):
            self._next()
            self.base = self._iri(self._next().text)
            self._accept(".")
            return
        if lowered == "graph":
            self._next()
        if token.text == "{":
            self._graph_block()
            return
        start = self.position
        subject, line = self._subject()
        if not self._done() and self._peek().text == "{":  # TriG: "label { … }"
            self._graph_block()
            return
        if self._done() or self._peek().text == ".":
            # "[ … ] ." is a statement on its own.
            if self.position == start:
                raise _WalkError("empty statement")
        else:
            self._predicate_objects(subject, line)
        self._accept(".")

    def _graph_block(self) -> None:
        self._next()  # {
        while not self._accept("}"):
            subject, line = self._subject()
            if self._peek().text not in (".", "}"):
                self._predicate_objects(subject, line)
            self._accept(".")

    def _subject(self) -> tuple[Node, int]:
        token = self._peek()
        if token.text == "[":
            return self._blank_node_list(token.line), token.line
        if token.text == "(":
            return self._collection(), token.line
        self._next()
        return self._term(token), token.line

    def _predicate_objects(self, subject: Node, subject_line: int) -> None:
        while True:
            token = self._next()
            predicate = RDF.type if token.text == "a" else self._term(token)
            if not isinstance(predicate, URIRef):
                raise _WalkError("predicate")
            while True:
                self._object(subject, predicate, subject_line)
                if not self._accept(","):
                    break
            if not self._accept(";"):
                return
            while self._accept(";"):
                pass
            if self._done() or self._peek().text in (".", "]", "}"):
                return

    def _object(self, subject: Node, predicate: URIRef, subject_line: int) -> None:
        token = self._peek()
        if token.text == "[":
            value: Node = self._blank_node_list(token.line)
        elif token.text == "(":
            value = self._collection()
        else:
            self._next()
            value = self._term(token)
        self.out.append((subject, predicate, value, token.line, subject_line))

    def _blank_node_list(self, line: int) -> BNode:
        self._next()  # [
        node = BNode()
        if not self._accept("]"):
            self._predicate_objects(node, line)
            if not self._accept("]"):
                raise _WalkError("]")
        return node

    def _collection(self) -> Node:
        self._next()  # (
        head: Node = RDF.nil
        previous: BNode | None = None
        while not self._accept(")"):
            cell = BNode()
            token = self._peek()
            if previous is None:
                head = cell
            else:
                self.out.append((previous, RDF.rest, cell, token.line, token.line))
            self._object(cell, RDF.first, token.line)
            previous = cell
        if previous is not None:
            closing = self.tokens[self.position - 1].line  # the ")" just accepted
            self.out.append((previous, RDF.rest, RDF.nil, closing, closing))
        return head

    def _term(self, token: _Token) -> Node:
        if token.kind == "iri":
            return URIRef(self._iri(token.text))
        if token.kind == "pname":
            prefix, local = token.text.split(":", 1)
            if prefix not in self.prefixes:
                raise _WalkError(f"prefix {prefix}")
            return URIRef(self.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local))
        if token.kind == "bnode":
            return BNode()
        if token.kind == "string":
            return self._literal(token)
        if token.kind == "number":
            if re.search("[eE]", token.text):
                return _typed(token.text, XSD.double)
            if "." in token.text:
                return _typed(token.text, XSD.decimal)
            return _typed(token.text, XSD.integer)
        if token.kind == "word" and token.text in ("true", "false"):
            return _typed(token.text, XSD.boolean)
        raise _WalkError(f"term {token.text}")

    def _literal(self, token: _Token) -> Literal:
        quote = 3 if token.text[:3] in ('"""', "'''") else 1
        body = _unescape_string(token.text[quote:-quote])
        if not self._done() and self._peek().kind == "lang":
            return Literal(body, lang=self._next().text[1:])
        if self._accept("^^"):
            datatype = self._term(self._next())
            if str(datatype) == str(XSD.string):
                return Literal(body)
            return _typed(body, datatype)
        return Literal(body)

    def _iri(self, text: str) -> str:
        iri = _STRING_ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)), text[1:-1])
        return urljoin(self.base, iri) if self.base else iri
