"""Fetching article URLs for the web app, only where the server allows it, never into the
server's own network.

The guarded fetcher itself (public addresses only, the connection pinned to the address
checked, redirects followed by hand and re-checked, timeouts, a deadline and a byte cap) is
:mod:`storyfuse.ingest.fetch`, shared with ``storyfuse ingest --allow-fetch``; this module sets
its limits from :class:`WebConfig` and turns a page into an article.
"""

from __future__ import annotations

from dataclasses import replace

import httpx

from storyfuse.ingest.decode import decode
from storyfuse.ingest.fetch import (
    Address,
    FetchedPage,
    FetchPolicy,
    Resolver,
    blocked_reason,
    fetch,
    public_addresses,
    system_resolver,
)
from storyfuse.model import Article
from storyfuse.web.config import WebConfig

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def page_policy(config: WebConfig) -> FetchPolicy:
    """The server's limits on one article page: HTML or plain text, within its byte cap."""
    return FetchPolicy(timeout=config.fetch_timeout, max_bytes=config.fetch_max_bytes,
                       max_redirects=config.fetch_max_redirects, kinds=_HTML_TYPES + _TEXT_TYPES,
                       accept="text/html, text/plain;q=0.8", noun="page", what="a web page or text")


def fetch_page(
    url: str, config: WebConfig, resolve: Resolver = system_resolver, transport: httpx.BaseTransport | None = None
) -> FetchedPage:
    """GET ``url`` under the server's limits; ``transport`` replaces the network in tests."""
    return fetch(url, page_policy(config), resolve, transport)


def page_article(page: FetchedPage, article: Article) -> Article:
    """The fetched page as the article's ``html`` (or ``text`` for plain text)."""
    kind = page.content_type.split(";")[0].strip().lower()
    text = decode(page.data, page.url)
    if kind in _TEXT_TYPES:
        return replace(article, text=text, html=None)
    return replace(article, html=text, text=None)


__all__ = ["Address", "FetchedPage", "Resolver", "blocked_reason", "fetch_page", "page_article", "page_policy",
           "public_addresses", "system_resolver"]
