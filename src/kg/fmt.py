"""One canonical, deterministic Turtle form for `data/` and `ontology/` (`kg fmt`).

Why our own writer: rdflib's Turtle serializer binds prefixes as it meets them and names
blank nodes by their random ids, so the same triples give different bytes from run to run
and a diff of a data file shows noise. Here the output depends only on the set of triples:

- the fixed prefix set of `kg.namespaces.PREFIXES`, always all of it, in name order;
- subjects in IRI order, then labelled blank nodes, then unreferenced blank nodes;
- `a` first, then labels, then the other predicates by prefixed name; objects sorted;
- a blank node used once as an object is written inline as `[ … ]` (an RDF list as
  `( … )`); any other blank node gets a label derived from its place in that order;
- text with line breaks is written as a triple-quoted string (the SPARQL of shapes reads as
  written); lexical forms are written exactly as parsed (never normalized), so the set of triples
  never changes; comments other than the file's opening comment block are not kept
  (put notes into the graph as `rdfs:comment` or `skos:editorialNote`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import rdfio
from kg.namespaces import PREFIXES

Triple = tuple[Node, Node, Node]

INDENT = "    "
LINE_WIDTH = 100
# Predicates shown first, in this order, before the rest sorted by prefixed name.
LEADING_PREDICATES = [RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel]

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def canonical_turtle(graph: Graph | Iterable[Triple], header: str = "") -> str:
    """The canonical Turtle text for a set of triples (`header`: comment lines kept on top)."""
    return _Writer(list(graph)).write(header)


def project_turtle_files(root: Path) -> list[Path]:
    """The Turtle files `kg fmt` looks after: everything under ontology/ and data/."""
    files = list((root / "ontology").rglob("*.ttl")) + list((root / "data").rglob("*.ttl"))
    return sorted(files)


def format_file(path: Path, *, write: bool = True) -> bool:
    """Canonicalize one Turtle file; True when its bytes were (or would be) changed."""
    original = path.read_bytes()
    quads = rdfio.parse_file(path)
    if any(q.graph is not None for q in quads):
        raise rdfio.RdfInputError(
            "kg fmt writes Turtle: named graphs are not allowed", file=str(path)
        )
    text = canonical_turtle((q.triple for q in quads), header=_opening_comments(original))
    formatted = text.encode("utf-8")
    if formatted == original:
        return False
    if write:
        path.write_bytes(formatted)
    return True


def _opening_comments(original: bytes) -> str:
    lines = []
    for line in original.decode("utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.rstrip())
    return "\n".join(lines)


class _Writer:
    def __init__(self, triples: list[Triple]) -> None:
        self.by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        references: dict[BNode, int] = defaultdict(int)
        for s, p, o in set(triples):
            self.by_subject[s].append((p, o))
            if isinstance(o, BNode):
                references[o] += 1
        self.inline = self._inline_nodes(references)
        self.lists = {b for b in self.inline if self._list_items(b) is not None}
        self.labels: dict[BNode, str] = {}
        self._label_shared_nodes(references)

    # -- which blank nodes are written inline ------------------------------------------
    def _inline_nodes(self, references: dict[BNode, int]) -> set[BNode]:
        candidates = {b for b, n in references.items() if n == 1}
        # A cycle of blank nodes cannot be nested; those keep labels.
        inline: set[BNode] = set()
        for node in candidates:
            if not self._reaches_itself(node, candidates):
                inline.add(node)
        return inline

    def _reaches_itself(self, start: BNode, candidates: set[BNode]) -> bool:
        seen: set[Node] = set()
        stack = [o for _, o in self.by_subject.get(start, []) if o in candidates]
        while stack:
            node = stack.pop()
            if node == start:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(o for _, o in self.by_subject.get(node, []) if o in candidates)
        return False

    def _list_items(self, node: Node) -> list[Node] | None:
        items = []
        seen = set()
        while node != RDF.nil:
            if node in seen or not isinstance(node, BNode):
                return None
            seen.add(node)
            props = self.by_subject.get(node, [])
            firsts = [o for p, o in props if p == RDF.first]
            rests = [o for p, o in props if p == RDF.rest]
            if len(props) != 2 or len(firsts) != 1 or len(rests) != 1:
                return None
            if items and node not in self.inline:
                return None  # a list cell referenced from elsewhere too
            items.append(firsts[0])
            node = rests[0]
        return items

    def _label_shared_nodes(self, references: dict[BNode, int]) -> None:
        shared = [
            b
            for b in {*references, *(s for s in self.by_subject if isinstance(s, BNode))}
            if b not in self.inline and references.get(b, 0) > 0
        ]
        # Order by content, so labels do not depend on the parser's random ids.
        shared.sort(key=lambda b: self._body(b, 0, for_sorting=True))
        for index, node in enumerate(shared, start=1):
            self.labels[node] = f"b{index}"

    # -- writing -------------------------------------------------------------------------
    def write(self, header: str) -> str:
        out = [header + "\n"] if header else []
        out += [f"@prefix {name}: <{iri}> ." for name, iri in sorted(PREFIXES.items())]
        out.append("")
        for subject in self._subjects():
            name = "[]" if subject not in self.labels and isinstance(subject, BNode) else None
            parts = self._parts(subject, 1)
            out.append((name or self._term(subject)) + " " + (" ;\n" + INDENT).join(parts) + " .")
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def _subjects(self) -> list[Node]:
        iris = sorted((s for s in self.by_subject if not isinstance(s, BNode)), key=str)
        labelled = sorted((s for s in self.by_subject if s in self.labels), key=self.labels.get)
        loose = [
            s
            for s in self.by_subject
            if isinstance(s, BNode) and s not in self.labels and s not in self.inline
        ]
        loose.sort(key=lambda b: self._body(b, 0, for_sorting=True))
        return [*iris, *labelled, *loose]

    def _parts(self, subject: Node, depth: int) -> list[str]:
        """One `predicate objects` text per predicate, for lines indented `depth` levels."""
        groups: dict[Node, list[Node]] = defaultdict(list)
        for p, o in self.by_subject.get(subject, []):
            groups[p].append(o)
        indent = INDENT * depth
        parts = []
        for predicate in sorted(groups, key=self._predicate_key):
            objects = sorted((self._object(o, depth) for o in groups[predicate]), key=_sort_key)
            name = "a" if predicate == RDF.type else self._term(predicate)
            one_line = f"{name} " + ", ".join(objects)
            if "\n" in one_line or len(indent) + len(one_line) <= LINE_WIDTH:
                # Short objects on one line; nested nodes follow each other as `], [`.
                parts.append(one_line)
            else:
                parts.append(f"{name} " + (",\n" + indent + INDENT).join(objects))
        return parts

    def _predicate_key(self, predicate: Node) -> tuple[int, str]:
        if predicate in LEADING_PREDICATES:
            return (LEADING_PREDICATES.index(predicate), "")
        return (len(LEADING_PREDICATES), self._term(predicate))

    def _object(self, node: Node, depth: int) -> str:
        if isinstance(node, BNode) and node in self.inline:
            return self._body(node, depth)
        return self._term(node)

    def _body(self, node: BNode, depth: int, for_sorting: bool = False) -> str:
        """An inline blank node whose opening line is indented `depth` levels."""
        if node in self.lists:
            items = self._list_items(node) or []
            if not items:
                return "()"
            return "( " + " ".join(self._object(i, depth) for i in items) + " )"
        parts = self._parts(node, depth + 1)
        if not parts:
            return "[]"
        if for_sorting:
            return "[ " + " ; ".join(parts) + " ]"
        inner = INDENT * (depth + 1)
        return "[\n" + inner + (" ;\n" + inner).join(parts) + "\n" + INDENT * depth + "]"

    def _term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return qname_or_iri(node)
        if isinstance(node, BNode):
            return "_:" + self.labels.get(node, "x")
        if isinstance(node, Literal):
            return literal(node)
        raise TypeError(f"cannot write {node!r}")


def qname_or_iri(iri: URIRef) -> str:
    text = str(iri)
    for prefix, namespace in _NAMESPACES:
        if text.startswith(namespace):
            local = text[len(namespace) :]
            if local == "" or _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return "<" + "".join(_iri_char(c) for c in text) + ">"


def _iri_char(c: str) -> str:
    # Characters Turtle forbids inside <…> are written as \u escapes.
    if c in '<>"{}|^`\\' or ord(c) <= 0x20:
        return f"\\u{ord(c):04X}"
    return c


def literal(node: Literal) -> str:
    lexical = str(node)
    if node.language:
        return _quoted(lexical) + "@" + node.language
    datatype = node.datatype
    if datatype is None or datatype == XSD.string:
        return _quoted(lexical)
    if datatype == XSD.integer and _INTEGER.match(lexical):
        return lexical
    if datatype == XSD.decimal and _DECIMAL.match(lexical):
        return lexical
    if datatype == XSD.boolean and lexical in ("true", "false"):
        return lexical
    return _quoted(lexical) + "^^" + qname_or_iri(URIRef(datatype))


def _quoted(text: str) -> str:
    if "\n" in text:
        return _long_quoted(text)
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _long_quoted(text: str) -> str:
    """A triple-quoted string, so multi-line text (the SPARQL of shapes) reads as written."""
    out = []
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\\\")
        elif c == "\r":
            out.append("\\r")
        elif c == '"' and (i + 1 == len(text) or text[i + 1] == '"'):
            # A quote before another quote, or before the closing delimiter, could close it.
            out.append('\\"')
        else:
            out.append(c)
    return '"""' + "".join(out) + '"""'


def _sort_key(rendered: str) -> tuple[int, str]:
    # IRIs and prefixed names, then literals, then nested nodes; each group by its text.
    if rendered.startswith("[") or rendered.startswith("("):
        return (2, rendered)
    if rendered.startswith('"') or rendered[:1].isdigit() or rendered[:1] in "+-":
        return (1, rendered)
    return (0, rendered)
