"""WARC archives: HTML responses become articles; the rest of a crawl is skipped; damage,
truncation and decompression bombs end reading with a rejection, keeping what came before.

Every page here is written for these tests (invented sites and events).
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfuse.cli.commands import run
from storyfuse.ingest import ReadConfig, read, read_bytes, read_file
from storyfuse.ingest.warc import expand, iso_utc
from storyfuse.model import Article, ReadResult

REPO = Path(__file__).resolve().parents[2]
STREAM = REPO / "examples" / "stream"
SITE = "https://lanterns.example"


def _page(title: str, words: str, head: str = "", lang: str = "en") -> bytes:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>{head}</head>'
            f"<body><article><h1>{title}</h1><p>{words}</p></article></body></html>").encode()


PAGE_A = _page("Lantern festival moves indoors", "Rain moved the Tarrow lantern festival into the corn exchange.",
               '<meta property="article:published_time" content="2026-02-10T19:30:00+01:00">')
PAGE_B = _page("Festival draws record crowd", "About 4,000 people visited the lanterns on Saturday.")
PAGE_C = _page("Lanterns go on tour", "The lanterns will be shown in three more towns this spring.")


def _headers(status: str, content_type: str, extra: Sequence[tuple[str, str]] = ()) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def _warc(records: Sequence[tuple[str, ...] | tuple[str, str, str, str, bytes, Sequence[tuple[str, str]]]],
          gz: bool = True) -> bytes:
    """A WARC of (type, path, status, content type, body, extra headers) records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, (kind, path, status, content_type, body, *extra) in enumerate(records):
        url, date = SITE + path, f"2026-02-1{n % 10}T08:00:00Z"
        fields = {"WARC-Date": date}
        if kind in ("response", "revisit"):
            http = _headers(status, content_type, extra[0] if extra else ())
            if kind == "revisit":
                record = writer.create_revisit_record(url, "sha1:AAAA", SITE + "/", date, http_headers=http)
            else:
                record = writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=http,
                                                   warc_headers_dict=fields)
        elif kind == "request":
            http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "lanterns.example")], is_http_request=True)
            record = writer.create_warc_record(url, kind, http_headers=http, warc_headers_dict=fields)
        elif kind == "warcinfo":
            record = writer.create_warcinfo_record("t.warc", {"software": "tests"})
        else:  # resource, metadata
            record = writer.create_warc_record(url, kind, payload=io.BytesIO(body), warc_content_type=content_type,
                                               warc_headers_dict=fields)
        writer.write_record(record)
    return out.getvalue()


def _html(path: str, body: bytes, *extra: tuple[str, str]) -> tuple[str, str, str, str, bytes, Sequence[tuple[str, str]]]:
    return ("response", path, "200 OK", "text/html; charset=utf-8", body, extra)


# A whole gzip header, then a deflate block of a type that does not exist.
CORRUPT_GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 20
THREE = [("warcinfo", "", "", "", b""), _html("/a", PAGE_A), _html("/b", PAGE_B), _html("/c", PAGE_C)]


def _by_id(result: ReadResult) -> dict[str, Article]:
    return {a.id: a for a in result.articles}


def _reasons(result: ReadResult) -> list[str]:
    return [r.reason for r in result.rejected]


def test_html_responses_become_articles_and_the_rest_of_the_crawl_is_skipped(put) -> None:
    archive = _warc([
        ("warcinfo", "", "", "", b""),
        ("request", "/a", "", "", b""),
        _html("/a", PAGE_A),
        ("metadata", "/a", "", "application/warc-fields", b"outlinks: /b\r\n"),
        ("response", "/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("response", "/gone", "404 Not Found", "text/html", _page("Not found", "No such page.")),
        ("response", "/old", "301 Moved Permanently", "text/html", b""),
        ("resource", "/b", "", "text/html", PAGE_B),
        ("revisit", "/a", "200 OK", "text/html", b""),
        ("resource", "/notes.pdf", "", "application/pdf", b"%PDF-1.4"),
    ])
    path = put("crawl.warc.gz", archive, gz=False)
    result = read_file(str(path))
    got = _by_id(result)
    assert sorted(got) == ["crawl/3", "crawl/8"]
    page = got["crawl/3"]
    assert (page.path, page.url, page.language) == (f"{path}:3", f"{SITE}/a", "en")
    assert page.html == PAGE_A.decode() and page.text is None
    assert page.published == "2026-02-10T18:30:00Z"  # the page's own date, in UTC
    assert got["crawl/8"].published == "2026-02-17T08:00:00Z"  # no date on the page: WARC-Date
    assert {r.path: r.reason for r in result.rejected} == {
        f"{path}:9": "WARC revisit record: it repeats an earlier capture and holds no page",
        f"{path}:10": "WARC resource record of type 'application/pdf', not an HTML page",
    }


def test_uncompressed_warc_and_charset_from_headers(put) -> None:
    latin = "<html><body><p>Caf\u00e9 owners cheer the festival.</p></body></html>".encode("latin-1")
    archive = _warc([("response", "/cafe", "200 OK", "text/html; charset=ISO-8859-1", latin)], gz=False)
    result = read_file(str(put("plain.warc", archive)))
    assert "Café owners" in (_by_id(result)["plain/1"].html or "")


def test_truncated_warc_gz_keeps_earlier_records(put) -> None:
    archive = _warc(THREE)
    cut = archive[:-200]  # inside the last record's gzip member
    result = read_file(str(put("cut.warc.gz", cut, gz=False)))
    assert sorted(_by_id(result)) == ["cut/2", "cut/3"]
    [reason] = _reasons(result)
    assert reason == "truncated gzip data; read the 2 page(s) before it"


def test_truncated_uncompressed_warc_keeps_earlier_records(put) -> None:
    archive = _warc(THREE, gz=False)
    cut = archive[: archive.index(b"Lanterns go on tour") + 5]
    result = read_file(str(put("cut.warc", cut)))
    assert sorted(_by_id(result)) == ["cut/2", "cut/3"]
    [reason] = _reasons(result)
    assert reason.startswith("truncated archive: record 4 is cut short (")
    assert reason.endswith(" of its bytes missing); read the 2 page(s) before it")


@pytest.mark.parametrize("gz", [True, False])
def test_every_truncation_keeps_whole_pages_only(gz: bool) -> None:
    archive = _warc(THREE, gz=gz)
    full = {a.id: a.html for a in read_bytes("t.warc", archive).articles}
    assert len(full) == 3
    for cut in range(1, len(archive), 13):
        result = read_bytes("t.warc", archive[:cut])
        for article in result.articles:
            assert article.html == full[article.id]
        if len(result.articles) < 3 and archive[cut:].strip(b"\r\n") and not _at_member_end(archive, cut, gz):
            assert result.rejected, cut
        assert all("\n" not in reason for reason in _reasons(result))


def _at_member_end(archive: bytes, cut: int, gz: bool) -> bool:
    """A cut exactly between two records leaves a shorter archive that is whole."""
    if gz:
        return archive[cut:cut + 2] == b"\x1f\x8b"
    return archive[cut:].lstrip(b"\r\n").startswith(b"WARC/")


def test_archive_expanding_past_the_limit_is_read_up_to_it(put) -> None:
    big = _page("Long read", "word " * 40_000)
    archive = _warc([_html("/a", PAGE_A), _html("/big", big), _html("/c", PAGE_C)])
    assert len(archive) < 20_000
    result = read_bytes("bomb.warc.gz", archive, ReadConfig(max_bytes=100_000))
    assert sorted(_by_id(result)) == ["bomb/1"]
    assert _reasons(result) == ["expands to more than the 0.1 MB limit; read the 1 page(s) before it"]
    assert expand(archive, 100_000)[0].__len__() <= 100_000


def test_compressed_page_bomb_is_stopped_at_the_limit() -> None:
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>")
    archive = _warc([_html("/a", PAGE_A), _html("/bomb", bomb, ("Content-Encoding", "gzip")), _html("/c", PAGE_C)])
    assert len(archive) < 60_000
    result = read_bytes("pages.warc.gz", archive, ReadConfig(max_bytes=1_000_000))
    assert sorted(_by_id(result)) == ["pages/1"]
    assert _reasons(result) == ["pages expand to more than the 1 MB limit at record 2; read the 1 page(s) before it"]


def test_page_content_encoding_and_chunking_are_undone() -> None:
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE_B), PAGE_B)
    archive = _warc([
        _html("/a", gzip.compress(PAGE_A), ("Content-Encoding", "gzip")),
        _html("/b", chunked, ("Transfer-Encoding", "chunked")),
        _html("/c", zlib.compress(PAGE_C), ("Content-Encoding", "deflate")),
        _html("/d", PAGE_C, ("Content-Encoding", "gzip")),  # stored decoded, header kept
        _html("/e", b"\x8b\x01\x02compressed", ("Content-Encoding", "br")),
        _html("/f", CORRUPT_GZIP, ("Content-Encoding", "gzip")),
        _html("/g", gzip.compress(PAGE_A)[:-30], ("Content-Encoding", "gzip")),
    ])
    result = read_bytes("enc.warc.gz", archive)
    got = _by_id(result)
    assert [got[f"enc/{n}"].html for n in (1, 2, 3, 4)] == [p.decode() for p in (PAGE_A, PAGE_B, PAGE_C, PAGE_C)]
    assert {r.path: r.reason for r in result.rejected} == {
        "enc.warc.gz:5": "Content-Encoding 'br' is not supported",
        "enc.warc.gz:6": "page body is not valid compressed data",
        "enc.warc.gz:7": "page body is truncated compressed data",
    }


@pytest.mark.parametrize(("data", "reason"), [
    (b"This is not an archive at all, just words.\n", "not a WARC archive"),
    (CORRUPT_GZIP, "corrupt gzip data (Error -3 while decompressing data: invalid block type)"),
    (b"\x1f\x8b\x08\x00cut", "truncated gzip data"),
    (gzip.compress(gzip.compress(b"WARC/1.0\r\n")), "gzip inside gzip: not a WARC archive"),
    (_warc([("warcinfo", "", "", "", b""), ("response", "/x.png", "200 OK", "image/png", b"PNG")]),
     "no HTML pages in the archive"),
])
def test_archives_with_nothing_usable_are_rejected(data: bytes, reason: str) -> None:
    result = read_bytes("bad.warc.gz", data)
    assert result.articles == () and _reasons(result) == [reason]


def test_damaged_record_header_stops_with_a_rejection(capsys: pytest.CaptureFixture[str]) -> None:
    archive = _warc(THREE, gz=False)
    damaged = archive.replace(b"Content-Length: ", b"Content-Length: 1", 3)  # third record's length wrong
    result = read_bytes("d.warc", damaged)
    assert len(result.articles) < 3 and result.rejected
    assert all(a.html in {p.decode() for p in (PAGE_A, PAGE_B)} for a in result.articles)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""  # warcio's warnings are not printed


def test_gzipped_warc_on_stdin_is_sniffed(stdin) -> None:
    stdin(_warc(THREE))
    assert sorted(_by_id(read_file("-"))) == ["stdin/2", "stdin/3", "stdin/4"]


def test_iso_utc() -> None:
    assert iso_utc("2026-03-04T09:41:00Z") == "2026-03-04T09:41:00Z"
    assert iso_utc("2026-03-04T09:41:00.123456+02:00") == "2026-03-04T07:41:00Z"
    assert iso_utc("2026-03-04") == "2026-03-04"
    assert iso_utc("2026-03-04T09:41:00") == "2026-03-04T09:41:00"  # no zone stated: none claimed
    assert iso_utc("Wed, 04 Mar 2026 09:41:00 GMT") == "2026-03-04T09:41:00Z"
    assert iso_utc("soon") is None and iso_utc("") is None and iso_utc(None) is None


def test_example_archive_is_what_its_script_builds() -> None:
    spec = importlib.util.spec_from_file_location("make_stream_warc", STREAM.parent / "make_stream_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (STREAM / "crawl.warc.gz").read_bytes()


def test_example_archive() -> None:
    result = read_file(str(STREAM / "crawl.warc.gz"))
    assert result.rejected == () and result.notices == ()
    got = _by_id(result)
    assert sorted(got) == [f"crawl/{n}" for n in range(5, 10)]
    assert all(a.url and a.url.startswith("https://calder-courier.example/news/") for a in got.values())
    assert got["crawl/5"].published == "2026-03-03T07:30:00Z"  # from the page
    assert got["crawl/6"].published == "2026-03-03T16:40:05Z"  # from WARC-Date


def test_whole_example_folder_reads() -> None:
    result = read([STREAM])
    assert len(result.articles) == 16 and result.notices == () and result.rejected == ()
    assert {a.id.split("/")[0] for a in result.articles} == {"crawl", "harbourwatch", "tidewater-post"}


def test_example_folder_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["clean", str(STREAM), "-f", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    docs = {d["id"]: d for d in data["documents"]}
    assert len(docs) == 16
    courier = docs["crawl/5"]
    assert courier["source"] == "Calder Courier" and courier["title"] == "Cargo ship stuck at harbour mouth"
    assert courier["text"].startswith("CALDERHAVEN - The container ship MV Orla Brandt")
    assert "All rights reserved" not in courier["text"] and "Sport" not in courier["text"]
    assert docs["harbourwatch/4"]["source"] == "Harbourwatch"
    assert "24 hours" in docs["harbourwatch/4"]["text"] and "48 hours" in docs["tidewater-post/2"]["text"]
    assert all(d["sentences"] for d in docs.values())
    assert data["rejected"] == []
    assert "Traceback" not in captured.err


_ARCHIVES = [_warc(THREE), _warc(THREE, gz=False)]


@st.composite
def _mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_ARCHIVES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            del data[at:at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=20) | st.sampled_from([b"\r\n", b"\r\n\r\n", b"WARC/1.0"]))
    return bytes(data)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["a.warc", "a.warc.gz", "-"]), _mangled())
def test_mangled_archives_never_raise(name: str, data: bytes) -> None:
    result = read_bytes(name, data, ReadConfig(max_bytes=100_000))
    for rejection in result.rejected:
        assert rejection.reason and "\n" not in rejection.reason
