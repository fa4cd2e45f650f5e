"""Parameters of saved queries: their types, and turning a raw text into a bound term.

A value is never formatted into query text: `Parameter.convert` returns an rdflib term that
the store binds (rdflib initBindings, pyoxigraph substitutions), so a value holding quotes,
braces or `} UNION {` is just an odd literal, or a refused IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import RDFS, XSD, Literal, URIRef
from rdflib.term import Node

from kg.internal import internal_query
from kg.labels import qname
from kg.namespaces import ID, PREFIXES
from kg.store import Store

PARAMETER_TYPES = ("iri", "literal", "langliteral", "integer", "date")


class ParameterError(Exception):
    """A parameter value that was refused, with a message for the user in zh and en."""

    def __init__(self, parameter: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.parameter = parameter
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def __str__(self) -> str:
        return f"{self.parameter}: {self.message_en} / {self.message_zh}"


@dataclass(frozen=True)
class Choice:
    """One value an IRI parameter may take, with its labels for a form's drop-down."""

    iri: URIRef
    label_zh: str | None
    label_en: str | None


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    label: dict[str, str]
    #: The value must have one of these classes (or a subclass); `rdfs:Resource`: any IRI
    #: the graph describes.
    classes: tuple[URIRef, ...] = ()
    required: bool = False
    default: str | None = None
    lang: str | None = None
    description: dict[str, str] = field(default_factory=dict)

    @property
    def cls(self) -> URIRef | None:
        """The one class of an IRI parameter (None if it has several, or is not an IRI)."""
        return self.classes[0] if len(self.classes) == 1 else None

    def convert(self, raw: str, store: Store) -> Node:
        """The term for one raw value, or ParameterError saying why it was refused."""
        if self.type == "iri":
            return self._iri(raw, store)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", raw):
                raise ParameterError(self.name, f"“{raw}”不是整数", f"{raw!r} is not an integer")
            return Literal(int(raw), datatype=XSD.integer)
        if self.type == "date":
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                day = None
            if day is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ParameterError(
                    self.name,
                    f"“{raw}”不是日期（应为 YYYY-MM-DD）",
                    f"{raw!r} is not a date (expected YYYY-MM-DD)",
                )
            return Literal(day.isoformat(), datatype=XSD.date)
        if self.type == "langliteral":
            return Literal(raw, lang=self.lang)
        return Literal(raw)

    def _iri(self, raw: str, store: Store) -> URIRef:
        iri = parse_iri(raw)
        if iri is None:
            raise ParameterError(
                self.name,
                f"“{raw}”不是 IRI 或 id: 短名",
                f"{raw!r} is not an IRI or an id: slug",
            )
        if not any(self._has_class(iri, cls, store) for cls in self.classes):
            classes = " / ".join(qname(c) for c in self.classes)
            raise ParameterError(
                self.name,
                f"图中没有类型为 {classes} 的 {qname(iri)}",
                f"{qname(iri)} is not a {classes} in the graph",
            )
        return iri

    @staticmethod
    def _has_class(iri: URIRef, cls: URIRef, store: Store) -> bool:
        if cls == RDFS.Resource:
            found = store.query(internal_query("parameter-exists"), {"value": iri}, max_rows=1)
        else:
            found = store.query(
                internal_query("parameter-check"), {"value": iri, "class": cls}, max_rows=1
            )
        return bool(found.rows)

    def choices(self, store: Store) -> list[Choice]:
        """The values this IRI parameter may take, from the data, sorted by zh label."""
        found: dict[URIRef, Choice] = {}
        for cls in self.classes:
            if cls == RDFS.Resource:
                result = store.query(internal_query("parameter-choices-any"))
            else:
                result = store.query(internal_query("parameter-choices"), {"class": cls})
            for row in result.dicts():
                if isinstance(row["item"], URIRef):
                    found[row["item"]] = Choice(
                        row["item"],
                        None if row["labelZh"] is None else str(row["labelZh"]),
                        None if row["labelEn"] is None else str(row["labelEn"]),
                    )
        return sorted(found.values(), key=lambda c: (c.label_zh or c.label_en or "", str(c.iri)))


def parse_iri(raw: str) -> URIRef | None:
    """A full IRI, a prefixed name (`id:slug`, `dra:UnitHousehold`) or a bare `id:` slug.

    None if it is none of these: the value is refused before any query runs.
    """
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        return _full_iri(text[1:-1])
    if re.fullmatch(_LOCAL, text):
        return ID[text]
    return expand_name(text) or _full_iri(text)


_LOCAL = r"[A-Za-z0-9_][A-Za-z0-9._-]*"


def _full_iri(text: str) -> URIRef | None:
    # RFC 3987 in brief: a scheme, then no characters that Turtle/SPARQL IRIREFs forbid.
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", text):
        return URIRef(text)
    return None


def expand_name(text: str) -> URIRef | None:
    """`dra:County` (a known prefix) or `<full IRI>` as a URIRef; None otherwise."""
    if text.startswith("<") and text.endswith(">"):
        return _full_iri(text[1:-1])
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(_LOCAL, local) and not local.endswith("."):
        return URIRef(PREFIXES[prefix] + local)
    return None
