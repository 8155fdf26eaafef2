"""Feed URLs → articles (storyfuse.ingest.remote), with no network: the fetcher is a stub, or the
guarded fetcher over httpx's MockTransport with a stub resolver."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Callable

import httpx
import pytest

import storyfuse.ingest
from storyfuse.errors import FetchRefused, MissingDependency
from storyfuse.ingest.remote import feed_bytes, feed_fetcher, feed_ids, is_url, read_feeds, split_urls
from tests.network import resolver

PUBLIC = "93.184.215.14"
# Invented for this test: the outlet, the town and the event are fictional.
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Brackwater Gazette</title>
    <link>https://brackwater.example/</link>
    <item>
      <title>Brackwater ferry pier closes for repairs</title>
      <link>https://brackwater.example/news/pier-closes</link>
      <pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate>
      <content:encoded><![CDATA[<p>The Brackwater ferry pier closed on Monday for six weeks of repairs
      to its timber piles, the town council said.</p>]]></content:encoded>
    </item>
    <item>
      <title>Only a link here</title>
      <link>https://brackwater.example/news/link-only</link>
    </item>
  </channel>
</rss>
"""


def stub(pages: dict[str, bytes | FetchRefused]) -> Callable[[str], bytes]:
    def fetch_feed(url: str) -> bytes:
        page = pages[url]
        if isinstance(page, FetchRefused):
            raise page
        return page

    return fetch_feed


def test_urls_are_told_from_paths() -> None:
    assert is_url("https://a.example/feed.rss") and is_url("HTTP://a.example/")
    assert not is_url("ftp://a.example/x") and not is_url("feeds/a.rss") and not is_url("-")
    urls, others = split_urls(["a.rss", "http://a.example/rss", "b/", "http://a.example/rss"])
    assert urls == ["http://a.example/rss"] and others == ["a.rss", "b/"]


def test_feed_ids_are_short_and_distinct() -> None:
    ids = feed_ids(["https://a.example/world.rss", "https://b.example/", "https://a.example/x/rss",
                    "https://b.example/y/rss", "https://c.example/feed.xml.gz"])
    assert ids == {"https://a.example/world.rss": "world", "https://b.example/": "b.example",
                   "https://a.example/x/rss": "a.example/rss", "https://b.example/y/rss": "b.example/rss",
                   "https://c.example/feed.xml.gz": "feed"}


def test_a_feed_url_reads_like_a_feed_file() -> None:
    url = "https://brackwater.example/gazette.rss"
    result = read_feeds([url, url], stub({url: FEED}), 1_000_000)
    [article] = result.articles
    assert article.id == "gazette/1" and article.path == f"{url}:1"
    assert article.url == "https://brackwater.example/news/pier-closes" and article.source == "Brackwater Gazette"
    assert article.published == "2026-03-02T08:00:00Z"
    # An entry with only a link stays what it is in a file: a rejection, never fetched.
    assert [(r.path, r.reason) for r in result.rejected] == [
        (f"{url}:2", "feed entry 2 ('Only a link here') has no text")]


def test_a_failed_fetch_is_one_rejection_and_the_rest_goes_on() -> None:
    good, bad, moved = "https://a.example/rss", "https://b.example/rss", "https://c.example/rss"
    pages: dict[str, bytes | FetchRefused] = {
        good: FEED, bad: FetchRefused(bad, "HTTP 404 Not Found"),
        moved: FetchRefused("http://intranet.example/", "host 'intranet.example' resolves to 10.0.0.1, "
                                                         "a private address; not fetched")}
    result = read_feeds([bad, good, moved], stub(pages), 1_000_000)
    assert len(result.articles) == 1
    reasons = {r.path: r.reason for r in result.rejected}
    assert reasons[bad] == "HTTP 404 Not Found"
    assert reasons[moved].endswith("not fetched (redirected to http://intranet.example/)")


def test_feed_bodies_empty_gzipped_or_not_a_feed() -> None:
    url = "https://a.example/rss"
    assert feed_bytes(url, b"  \n", "rss", 1000).rejected[0].reason == "empty feed"
    assert len(feed_bytes(url, gzip.compress(FEED), "rss", 1_000_000).articles) == 1
    assert "expands to more than" in feed_bytes(url, gzip.compress(b" " * 5000), "rss", 1000).rejected[0].reason
    assert feed_bytes(url, b"<html><body>news</body></html>", "rss", 1000).rejected[0].reason.startswith(
        "not an RSS or Atom feed")


def feed_response(body: bytes = FEED, content_type: str = "application/rss+xml; charset=utf-8") -> httpx.Response:
    return httpx.Response(200, stream=httpx.ByteStream(body), headers={"content-type": content_type})


def test_the_guarded_fetcher_takes_feeds_and_refuses_the_rest() -> None:
    resolve = resolver({"a.example": [PUBLIC], "me.example": ["127.0.0.1"]})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        kinds = {"/rss": "application/rss+xml", "/atom": "application/atom+xml", "/xml": "text/xml",
                 "/pdf": "application/pdf"}
        return feed_response(content_type=kinds[request.url.path])

    fetch_feed = feed_fetcher(len(FEED) + 10, resolve, httpx.MockTransport(handler))
    for path in ("/rss", "/atom", "/xml"):
        assert fetch_feed(f"https://a.example{path}") == FEED
    assert "application/rss+xml" in seen[0].headers["accept"] and seen[0].url.host == PUBLIC
    with pytest.raises(FetchRefused, match=r"not an RSS or Atom feed \(content type application/pdf\)"):
        fetch_feed("https://a.example/pdf")
    with pytest.raises(FetchRefused, match="a loopback address; not fetched"):
        fetch_feed("http://me.example/rss")
    small = feed_fetcher(100, resolve, httpx.MockTransport(handler))
    with pytest.raises(FetchRefused, match="feed is over the 0.0001 MB fetch limit"):
        small("https://a.example/rss")
    assert len(seen) == 5  # never a request to the loopback host


def test_without_httpx_the_fetcher_is_a_one_line_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)  # import httpx now raises ImportError
    monkeypatch.delitem(sys.modules, "storyfuse.ingest.fetch", raising=False)
    monkeypatch.delattr(storyfuse.ingest, "fetch", raising=False)
    with pytest.raises(MissingDependency) as missing:
        feed_fetcher(1000)
    assert "httpx is not installed" in str(missing.value) and "[fetch]" in str(missing.value)
    assert "\n" not in str(missing.value)
