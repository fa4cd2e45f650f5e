"""Response headers every page gets, and friendly error pages (zh/en, never a stack trace).

The Content-Security-Policy allows only this site's own files: no inline script, no inline
style attribute, no CDN, no frame. Inline SVG built by our templates needs no exemption.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable
from werkzeug.wrappers import Response

from kg.store import QueryError
from kg.web.i18n import translate

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

#: Codes with a message of their own in kg.web.i18n; others fall back to 400 or 500.
_KNOWN = (400, 404, 405, 406, 413, 500, 503)

log = logging.getLogger(__name__)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        # The page's language comes from the `lang` cookie: caches must keep them apart.
        response.vary.add("Cookie")
    return response


def wants_json() -> bool:
    """API clients (the /validate JSON API, `.json` downloads) get errors as JSON."""
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes.accept_html


def error_page(error: HTTPException) -> tuple[Response | str | dict, int]:
    code = error.code or 500
    key = code if code in _KNOWN else (500 if code >= 500 else 400)
    accept = request.accept_mimetypes
    if accept and not accept.accept_html and not wants_json():
        # A SPARQL or download client: plain text it can show, in both languages.
        text = f"{code} {translate(f'error.{key}', 'en')} / {translate(f'error.{key}', 'zh')}\n"
        return Response(text, mimetype="text/plain"), code
    if wants_json():
        return {
            "error": {
                "code": code,
                "zh": translate(f"error.{key}", "zh"),
                "en": translate(f"error.{key}", "en"),
            }
        }, code
    return render_template("error.html", code=code, message=translate(f"error.{key}")), code


def query_failed(error: QueryError) -> tuple[Response | str | dict, int]:
    """A page's own query stopped by the gate (time limit, overload): 503, try again."""
    log.warning("page query failed on %s: %s", request.path, error)
    return error_page(ServiceUnavailable())


def unexpected(error: Exception) -> tuple[Response | str | dict, int]:
    # Logged for us with the traceback; the user sees only the friendly page.
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_page(InternalServerError())


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.register_error_handler(HTTPException, error_page)
    app.register_error_handler(QueryError, query_failed)
    app.register_error_handler(Exception, unexpected)
