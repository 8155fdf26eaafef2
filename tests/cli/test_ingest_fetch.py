"""`storyfuse ingest --allow-fetch URL`: feed URLs fetched by the guarded fetcher, never over the
network here (a stub resolver and httpx's MockTransport stand in for DNS and HTTP)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from storyfuse.cli import commands, stream
from storyfuse.cli.commands import run
from storyfuse.ingest.remote import FeedFetcher, feed_fetcher
from storyfuse.pipeline.stream import content_hash
from storyfuse.store import Store
from tests.cli.test_workers import RecordingPool
from tests.network import resolver

PUBLIC = "93.184.215.14"
FEED_URL = "https://brackwater.example/news/gazette.rss"
# Invented for this test: the outlet, the town, its people and the events are fictional.
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Brackwater Gazette</title>
    <link>https://brackwater.example/</link>
    <language>en</language>
    <item>
      <title>Brackwater ferry pier closes for six weeks of repairs</title>
      <link>https://brackwater.example/news/pier-closes</link>
      <pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate>
      <content:encoded><![CDATA[
<p>The Brackwater ferry pier closed on Monday for six weeks of repairs to its timber piles, the town council said.</p>
<p>Council engineer Marta Quill said divers had found rot in eleven of the forty piles during a survey in February.</p>
<p>Ferries to Gull Island will leave from the fishing harbour while the pier is shut, the operator Skerry Lines said.</p>
]]></content:encoded>
    </item>
    <item>
      <title>Brackwater library wins grant for a new reading room</title>
      <link>https://brackwater.example/news/library-grant</link>
      <pubDate>Tue, 03 Mar 2026 10:30:00 +0000</pubDate>
      <description><![CDATA[
<p>Brackwater's public library has won a grant of 120,000 pounds to build a reading room for children, its director said on Tuesday.</p>
<p>Director Owen Pike said building work would begin in May and the room should open before the end of the year.</p>
]]></description>
    </item>
    <item>
      <title>Tide tables for March</title>
      <link>https://brackwater.example/news/tides</link>
    </item>
  </channel>
</rss>
"""
# A plain-text report on disk, ingested beside the feed.
REPORT = ("Gull Island ferries move to the fishing harbour\n\nSkerry Lines said on Monday that its ferries to "
          "Gull Island would sail from Brackwater's fishing harbour for six weeks while the town's ferry pier is "
          "repaired. The operator said timetables would not change and that passengers should allow ten more "
          "minutes to reach the new berth.\n")


def fake_network(monkeypatch: pytest.MonkeyPatch, handler: Callable[[httpx.Request], httpx.Response],
                 table: dict[str, list[str]] | None = None) -> list[httpx.Request]:
    """The CLI's fetcher over a stub resolver (``table``; None: the system's) and ``handler``."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    transport = httpx.MockTransport(record)
    resolve = resolver(table) if table is not None else None

    def make(max_bytes: int) -> FeedFetcher:
        return feed_fetcher(max_bytes, resolve, transport)

    monkeypatch.setattr(stream, "feed_fetcher", make)
    return seen


def feed_response(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, stream=httpx.ByteStream(FEED), headers={"content-type": "application/rss+xml"})


def no_connection(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no connection may be made ({request.url})")


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


def test_without_allow_fetch_a_url_is_rejected_with_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.setattr(stream, "feed_fetcher", lambda max_bytes: pytest.fail("nothing may be fetched"))
    assert run(["ingest", FEED_URL, str(tmp_path / "report.txt"), "--db", str(tmp_path / "s.db")]) == 0
    lines = errors(capsys)
    assert f"storyfuse: rejected {FEED_URL}: a feed URL is fetched only with --allow-fetch " \
           "(pass --allow-fetch; public addresses only)" in lines
    assert any("added 1 article(s)" in line for line in lines)


def test_a_loopback_url_is_refused_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    fake_network(monkeypatch, no_connection)  # the system's resolver: an address literal needs no DNS
    urls = ["http://127.0.0.1:8000/feed.rss", "http://[::1]/rss", "http://169.254.169.254/latest/meta-data/"]
    assert run(["ingest", "--allow-fetch", *urls, str(tmp_path / "report.txt"), "--db", str(tmp_path / "s.db")]) == 0
    lines = errors(capsys)
    assert f"storyfuse: rejected {urls[0]}: host '127.0.0.1' resolves to 127.0.0.1, a loopback address; " \
           "not fetched" in lines
    assert any(line.startswith(f"storyfuse: rejected {urls[1]}: ") and "loopback address" in line for line in lines)
    assert any(line.startswith(f"storyfuse: rejected {urls[2]}: ") and "link-local address" in line
               for line in lines)
    assert any("added 1 article(s)" in line for line in lines)


def test_a_fetched_feed_is_ingested_with_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    seen = fake_network(monkeypatch, feed_response, {"brackwater.example": [PUBLIC]})
    db = tmp_path / "s.db"
    argv = ["ingest", "--allow-fetch", FEED_URL, str(tmp_path / "report.txt"), "--db", str(db)]
    assert run(argv) == 0
    lines = errors(capsys)
    assert [r.headers["host"] for r in seen] == ["brackwater.example"] and seen[0].url.host == PUBLIC
    # The entry with only a link is rejected as in a feed file (it is not fetched).
    assert f"storyfuse: rejected {FEED_URL}:3: feed entry 3 ('Tide tables for March') has no text" in lines
    assert any("added 3 article(s)" in line for line in lines)
    with Store.open(db, readonly=True) as store:
        assert sorted(store.article_ids()) == ["gazette/1", "gazette/2", "report"]
        assert store.has_article("https://brackwater.example/news/pier-closes", content_hash("-"))
        rows = store.stories()
        documents = [doc for row in rows for doc in store.documents(row.id)]
    pier = next(doc for doc in documents if doc.id == "gazette/1")
    assert pier.path == f"{FEED_URL}:1" and pier.source == "Brackwater Gazette"
    assert pier.published == "2026-03-02T08:00:00Z"
    # The ferry report and the pier story are one story; the library is another.
    assert len(rows) == 2
    assert run(argv) == 0
    assert any("added 0 article(s)" in line and "3 already stored" in line for line in errors(capsys))


def test_each_fetch_failure_is_one_line_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        host = request.headers["host"]
        if host == "slow.example":
            raise httpx.ReadTimeout("timed out", request=request)
        if host == "gone.example":
            return httpx.Response(404)
        if host == "page.example":
            return httpx.Response(200, stream=httpx.ByteStream(b"<html></html>"), headers={"content-type": "text/html"})
        if host == "big.example":
            return httpx.Response(200, stream=httpx.ByteStream(FEED + b" " * 1_000_000), headers={"content-type": "text/xml"})
        if host == "moved.example":
            return httpx.Response(302, headers={"location": "http://intranet.example/feed"})
        return feed_response(request)

    hosts = ["slow", "gone", "page", "big", "moved", "brackwater"]
    table = {f"{h}.example": [PUBLIC] for h in hosts} | {"intranet.example": ["10.0.0.8"]}
    fake_network(monkeypatch, handler, table)
    urls = [f"https://{h}.example/rss" for h in hosts] + ["https://nowhere.example/rss"]
    assert run(["ingest", "--allow-fetch", "--max-mb", "1", *urls, "--db", str(tmp_path / "s.db")]) == 0
    lines = errors(capsys)
    rejected = [line.removeprefix("storyfuse: rejected ") for line in lines if line.startswith("storyfuse: rejected")]
    reasons = dict(line.split(": ", 1) for line in rejected)
    assert reasons[urls[0]] == "fetch failed: ReadTimeout timed out"
    assert reasons[urls[1]] == "HTTP 404 Not Found"
    assert reasons[urls[2]] == "not an RSS or Atom feed (content type text/html)"
    assert reasons[urls[3]] == "feed is over the 1 MB fetch limit"
    assert reasons[urls[4]] == ("host 'intranet.example' resolves to 10.0.0.8, a private address; not fetched "
                                "(redirected to http://intranet.example/feed)")
    assert reasons[urls[6]].startswith("cannot resolve host 'nowhere.example'")
    assert any("added 2 article(s)" in line for line in lines)


def test_fetched_feeds_are_cleaned_by_the_workers_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    fake_network(monkeypatch, feed_response, {"brackwater.example": [PUBLIC]})
    pools: list[RecordingPool] = []

    def executor_for(workers: int, kind: str = "local", scheduler: str | None = None) -> RecordingPool:
        assert (kind, scheduler) == ("local", None)
        pools.append(RecordingPool(workers))
        return pools[-1]

    monkeypatch.setattr(commands, "executor_for", executor_for)
    argv = ["ingest", "--allow-fetch", FEED_URL, str(tmp_path / "report.txt"), "--db", str(tmp_path / "s.db")]
    assert run([*argv, "-q", "--workers", "2"]) == 0
    # Reading maps over the one file; cleaning (twice) and segmenting over its article and the feed's two.
    assert pools[0].workers == 2 and pools[0].mapped == [1, 3, 3, 3]
