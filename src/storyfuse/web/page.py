"""The app's pages and the security headers of everything HTML the app serves.

The paste page is rendered once per app (it only shows the app's limits); the story store's
pages (:mod:`storyfuse.web.store_pages`) once per request. Each is sent with a
Content-Security-Policy that allows exactly its own inline script and style (by hash),
requests to its own origin, and frames from its own origin (the brief): nothing external.
Briefs are sent sandboxed (``CSP: sandbox allow-scripts``), so even opened directly they
run in an opaque origin that cannot reach the app or the network.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

import jinja2
from fastapi.responses import HTMLResponse

from storyfuse.web.config import WebConfig

_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The brief's own template carries its inline script and style; ours only tightens the rest.
BRIEF_HEADERS = {
    **COMMON_HEADERS,
    "Content-Security-Policy": "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
}


def page_response(config: WebConfig, csrf_token: str) -> HTMLResponse:
    """The page, with its CSP and the app's CSRF token (which its form sends back)."""
    html, csp = _page(config, csrf_token)
    return _html(html, csp, 200)


def template_response(template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    """A page rendered now from ``template`` (every value autoescaped), with its own CSP."""
    html = _environment().get_template(template).render(**context)
    return _html(html, page_csp(html), status_code)


def _html(html: str, csp: str, status_code: int) -> HTMLResponse:
    headers = {**COMMON_HEADERS, "Content-Security-Policy": csp, "Cache-Control": "no-store"}
    return HTMLResponse(html, status_code=status_code, headers=headers)


@functools.lru_cache(maxsize=8)
def _page(config: WebConfig, csrf_token: str) -> tuple[str, str]:
    html = _environment().get_template("index.html.j2").render(
        words=config.words, min_words=config.min_words, max_words=config.max_words,
        max_mb=f"{config.max_request_bytes / 1_000_000:g}", max_articles=config.max_articles,
        allow_fetch=config.allow_fetch, csrf_token=csrf_token, stories=config.db is not None,
    )
    return html, page_csp(html)


def page_csp(html: str) -> str:
    """A CSP allowing the page's inline scripts and styles by their SHA-256, nothing else inline."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes[kind].append(f"'sha256-{digest}'")
    return (f"default-src 'none'; script-src {_sources(hashes['script'])}; style-src {_sources(hashes['style'])}; "
            "connect-src 'self'; frame-src 'self'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _sources(hashes: list[str]) -> str:
    return " ".join(hashes) if hashes else "'none'"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("storyfuse.web", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)
