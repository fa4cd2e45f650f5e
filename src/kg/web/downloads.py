"""Saved-query answers as files, written by `kg.results` (SPARQL 1.1 results formats).

Chosen by suffix (`/queries/<id>.csv`, `.json`, `.tsv`, `.xml`) or by `Accept`; the
parameters travel in the query string as on the page, so a download URL is a permalink.
"""

from __future__ import annotations

from flask import request

from kg import results
from kg.results import Format

DOWNLOADS: tuple[Format, ...] = (results.CSV, results.JSON, results.TSV, results.XML)
_OFFERS = {offer: fmt for fmt in DOWNLOADS for offer in fmt.offers}


def by_suffix(suffix: str) -> Format | None:
    return results.by_name(suffix, DOWNLOADS)


def negotiated() -> Format | None:
    """The download format a client asks for ahead of HTML, else None (the page)."""
    accept = request.accept_mimetypes
    if not accept:
        return None
    best = accept.best_match(["text/html", *_OFFERS], default="text/html")
    return _OFFERS.get(best or "")
