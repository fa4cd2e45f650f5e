"""How RDF terms appear on a page: entities by label with a link, amounts readably.

Views and templates never print a raw term: `show(term)` gives a `Shown` (text, link,
hover title) that the `macros/terms.html` macro renders, escaped by Jinja like any text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from flask import Flask, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.labels import qname, short
from kg.namespaces import DRA, ID, XSD
from kg.web.i18n import current_lang, pick, translate
from kg.web.state import site

T = TypeVar("T")

NUMERIC = frozenset(
    {
        XSD.decimal,
        XSD.integer,
        XSD.int,
        XSD.long,
        XSD.double,
        XSD.float,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
    }
)


DATES = frozenset({XSD.date, XSD.dateTime, XSD.gYearMonth, XSD.gYear})
_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


@dataclass(frozen=True)
class Shown:
    text: str
    href: str | None = None
    title: str = ""  # shown on hover: the IRI, or the exact value of a rounded amount
    kind: str = "literal"  # iri | bnode | literal | number | amount | date
    lang: str | None = None


def slug_of(iri: Node) -> str | None:
    """`hongan-county` for <https://dra.example.org/id/hongan-county>, else None."""
    text = str(iri)
    if isinstance(iri, URIRef) and text.startswith(str(ID)) and len(text) > len(str(ID)):
        return text[len(str(ID)) :]
    return None


def href_of(iri: Node) -> str | None:
    """This site's page for a node the graph knows: /id/<slug> for instances,
    /ontology/<name> for our vocabulary's terms; None otherwise (a candidate's new IRI on
    /validate has no page yet)."""
    if not isinstance(iri, URIRef):
        return None
    slug = slug_of(iri)
    vocabulary = str(DRA._NS)
    local = str(iri)[len(vocabulary) :] if str(iri).startswith(vocabulary) else ""
    if slug is None and not local:
        return None
    known = site().index.names(iri)
    if not (known.labels or known.types):
        return None
    if slug is not None:
        return url_for("entity.page", slug=slug)
    return url_for("entity.term", local=local)


def label_of(node: Node, lang: str | None = None) -> str:
    """The node's label in `lang` (falling back to the other language), else its short name."""
    if isinstance(node, BNode):
        return pick(site().index.labels(node), "…", lang)
    return pick(site().index.labels(node), qname(node) if isinstance(node, URIRef) else "", lang)


def show(term: Node | None, *, amount: bool = False) -> Shown:
    """A term for a page; `amount=True` reads a number as money (亿/万 in Chinese)."""
    if term is None:
        return Shown("")
    if isinstance(term, Literal):
        return _show_literal(term, amount)
    if isinstance(term, BNode):
        return Shown(label_of(term), None, "", "bnode")
    return Shown(label_of(term), href_of(term), str(term), "iri")


def _show_literal(term: Literal, amount: bool) -> Shown:
    if term.datatype == XSD.boolean and str(term) in ("true", "false", "1", "0"):
        # 是 / 否 for a reader; the lexical form (true, false) on hover, as in downloads.
        yes = str(term) in ("true", "1")
        return Shown(translate("value.true" if yes else "value.false"), None, str(term))
    if term.datatype in NUMERIC:
        try:
            value = Decimal(str(term))
        except InvalidOperation:
            return Shown(str(term))
        if amount:
            return Shown(readable_amount(value, current_lang()), None, str(term), "amount")
        text = grouped(value)
        # Hover the exact lexical form only where the shown text differs from it (9,517).
        return Shown(text, None, str(term) if text != str(term) else "", "number")
    if term.datatype in DATES or (
        term.datatype is None and not term.language and _ISO_DATE.fullmatch(str(term))
    ):
        # Kept on one line (2021-02-25); queries often give dates as text, via STR().
        return Shown(str(term), None, "", "date")
    return Shown(str(term), None, "", "literal", term.language)


def in_language_order(values: Sequence[T]) -> list[tuple[T, bool]]:
    """Values of one property as the page lists them: those in the interface language first,
    then the other language's, marked muted (True) when the interface language has one too,
    so a Chinese reader meets 目的 in Chinese before its English twin. Order is kept
    otherwise; values are anything with a `.term` (description values) or terms."""
    lang = current_lang()

    def language(value: T) -> str | None:
        term = getattr(value, "term", value)
        return term.language if isinstance(term, Literal) else None

    languages = [language(v) for v in values]
    has_own = lang in languages
    ranked = sorted(
        zip(values, languages, strict=True), key=lambda pair: pair[1] not in (None, lang)
    )
    return [(value, has_own and found not in (None, lang)) for value, found in ranked]


def money_in_row(variables: Sequence[str], row: Sequence[Node | None]) -> set[str]:
    """Columns of one row that hold yuan because the row says so: a `?value` beside the
    currency code CNY (schema:currency "CNY", as observations state money), while the
    same column in other rows holds persons or percent."""
    if "value" in variables and any(isinstance(c, Literal) and str(c) == "CNY" for c in row):
        return {"value"}
    return set()


#: English property labels ending in one of these already read as a relation ("post in",
#: "unit of", "was associated with"): "is post in of" would be wrong, so they get an arrow.
_RELATION_ENDINGS = frozenset(
    {"of", "in", "with", "by", "to", "for", "at", "on", "from", "under", "about"}
)
#: Labels that start with a verb ("assists", "has part") read as a relation too.
_RELATION_STARTS = frozenset({"is", "was", "has", "holds", "assists", "involves", "created"})


def inverse_wording(prop: Node, lang: str | None = None) -> tuple[str, str]:
    """What goes before and after a property's label to read it backwards, for the
    "referenced by" table: 受益方（反向）; "is beneficiary of"; "← post in"."""
    lang = lang or current_lang()
    if lang == "zh":
        return "", "（反向）"
    words = label_of(prop, "en").split()
    if words and (words[-1].lower() in _RELATION_ENDINGS or words[0].lower() in _RELATION_STARTS):
        return "← ", ""
    return "is ", " of"


def grouped(value: Decimal) -> str:
    """1234567 → "1,234,567" (decimals kept as given)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def readable_amount(value: Decimal, lang: str) -> str:
    """190000000 → "1.9亿" / "190 million"; 4500000 → "450万" / "4.5 million"."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if lang == "zh":
        for unit, size in (("亿", Decimal(10**8)), ("万", Decimal(10**4))):
            if value >= size:
                return f"{sign}{_trim(value / size)}{unit}元"
        return f"{sign}{grouped(value)}元"
    for unit, size in (("billion", Decimal(10**9)), ("million", Decimal(10**6))):
        if value >= size:
            return f"{sign}¥{_trim(value / size)} {unit}"
    return f"{sign}¥{grouped(value)}"


def _trim(value: Decimal) -> str:
    """At most four significant decimals, trailing zeros dropped: 1.9, 46.14, 0.0442."""
    text = f"{value.quantize(Decimal('0.0001')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        show=show,
        in_language_order=in_language_order,
        inverse_wording=inverse_wording,
        money_in_row=money_in_row,
        label_of=label_of,
        href_of=href_of,
        qname=qname,
        short=short,
        index_labels=lambda node: site().index.labels(node),
    )
