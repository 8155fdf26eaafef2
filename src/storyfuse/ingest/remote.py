"""Feeds given as http(s) URLs → articles, fetched by the guarded fetcher.

Fetching reaches out from this machine, so it happens only when asked (``storyfuse ingest
--allow-fetch``) and only through :mod:`storyfuse.ingest.fetch` (public addresses only,
redirects re-checked, timeouts and a byte cap). The bytes a URL gives go through the same feed
parser as a ``.rss`` file, with the URL standing for the file: entry ``n`` of a feed is
article ``<feed id>/<n>`` at ``<url>:<n>``, and an entry that carries only a link is
rejected, as in a file. A URL that cannot be fetched is one rejection naming it and why; the
other sources go on.

httpx (the ``fetch`` extra) is imported only when a fetcher is made, so this module, like the
rest of the readers, works without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from storyfuse.errors import FetchRefused, InputError, MissingDependency
from storyfuse.ingest import BYTES_PARSERS
from storyfuse.ingest.decode import describe_size, gunzip, is_gzip
from storyfuse.model import Article, Notice, ReadResult, Rejection

if TYPE_CHECKING:
    from storyfuse.ingest.fetch import Resolver

# url -> the feed's bytes; raises FetchRefused (refused address, timeout, too large, HTTP error).
FeedFetcher = Callable[[str], bytes]

_SCHEMES = ("http://", "https://")
# What servers call an RSS or Atom feed; text/plain for servers that name no XML type.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/x-rss+xml", "application/x-atom+xml", "text/plain")
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
_FEED_SUFFIXES = frozenset((".rss", ".atom", ".xml", ".rdf", ".gz"))


def is_url(source: str | Path) -> bool:
    """An http(s) URL, not a path (a Path object never is one)."""
    return isinstance(source, str) and source[:8].lower().startswith(_SCHEMES)


def split_urls(sources: Iterable[str | Path]) -> tuple[list[str], list[str | Path]]:
    """(the URLs, each once, in order; every other source, untouched)."""
    urls: list[str] = []
    others: list[str | Path] = []
    for source in sources:
        if not is_url(source):
            others.append(source)
        elif source not in urls:
            urls.append(str(source))
    return urls, others


def feed_fetcher(max_bytes: int, resolve: Resolver | None = None, transport: Any = None,
                 timeout: float = 10.0) -> FeedFetcher:
    """A fetcher of feeds of at most ``max_bytes``; ``resolve`` and ``transport`` (an httpx
    transport) replace DNS and the network in tests. Without httpx: a one-line install hint."""
    try:
        from storyfuse.ingest import fetch as guarded
    except ImportError as exc:
        raise MissingDependency(exc.name or "httpx", "fetch") from exc
    policy = guarded.FetchPolicy(timeout=timeout, max_bytes=max_bytes, kinds=FEED_TYPES, accept=_ACCEPT,
                                 noun="feed", what="an RSS or Atom feed")

    def fetch_feed(url: str) -> bytes:
        return guarded.fetch(url, policy, resolve or guarded.system_resolver, transport).data

    return fetch_feed


def read_feeds(urls: Iterable[str], fetch_feed: FeedFetcher, max_bytes: int) -> ReadResult:
    """Fetch and parse each feed URL: its entries as articles, every failure a rejection."""
    listed = list(dict.fromkeys(urls))
    ids = feed_ids(listed)
    articles: list[Article] = []
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    for url in listed:
        try:
            result = feed_bytes(url, fetch_feed(url), ids[url], max_bytes)
        except FetchRefused as exc:
            result = ReadResult((), (Rejection(url, _refusal(url, exc)),))
        articles += result.articles
        rejected += result.rejected
        notices += result.notices
    return ReadResult(tuple(articles), tuple(rejected), tuple(notices))


def feed_bytes(url: str, data: bytes, article_id: str, max_bytes: int) -> ReadResult:
    """What a feed URL gave, read as a ``.rss`` file would be (a gzipped body undone first)."""
    try:
        if len(data) > max_bytes:
            raise InputError(url, f"feed is over the {describe_size(max_bytes)} limit")
        if is_gzip(data):
            data = gunzip(data, url, max_bytes)
        if not data.strip():
            raise InputError(url, "empty feed")
    except InputError as exc:
        return ReadResult((), (Rejection(exc.path, exc.reason),))
    return BYTES_PARSERS[".rss"](data, url, article_id, max_bytes)


def feed_ids(urls: list[str]) -> dict[str, str]:
    """Short ids for feed URLs: the last path segment without a feed suffix (``world`` for
    ``…/world.rss``), else the host; widened to ``host/name``, then the URL, when they clash."""
    ids = {url: _base_id(url) for url in urls}
    for widen in (lambda url: f"{_host(url)}/{_base_id(url)}", lambda url: url):
        counts: dict[str, int] = {}
        for value in ids.values():
            counts[value] = counts.get(value, 0) + 1
        ids.update({url: widen(url) for url, value in ids.items() if counts[value] > 1})
    return ids


def _base_id(url: str) -> str:
    try:
        segments = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:  # a malformed URL (the fetcher names what is wrong with it)
        return "feed"
    if not segments:
        return _host(url)
    name = segments[-1]
    while Path(name).suffix.lower() in _FEED_SUFFIXES and Path(name).stem:
        name = Path(name).stem
    return name


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "feed"
    except ValueError:
        return "feed"


def _refusal(url: str, exc: FetchRefused) -> str:
    """The reason, naming the redirect's target when that is where the fetch failed."""
    return exc.reason if exc.path == url else f"{exc.reason} (redirected to {exc.path})"


__all__ = ["FEED_TYPES", "FeedFetcher", "feed_bytes", "feed_fetcher", "feed_ids", "is_url", "read_feeds",
           "split_urls"]
