"""WARC web archives (``.warc``, ``.warc.gz``) → one :class:`Article` per archived HTML page.

Pure: the archive arrives as bytes. A ``.warc.gz`` is gzipped record by record, so it is not
gunzipped whole like other ``.gz`` files: its members are decompressed here one after another
under the reader's ``max_bytes`` limit (an archive that expands past it is read up to it), and
a damaged or truncated member ends the archive without losing the records before it. warcio
then reads the records from the decompressed bytes.

Record ``n`` of an archive becomes article ``<archive id>/<n>`` at ``<path>:<n>``: a ``response``
with status 200 and an HTML type, or a ``resource`` with an HTML type. Requests, metadata,
warcinfo records and every other response (images, redirects, errors) are normal crawl content
and are skipped without a word; any other record (a revisit, a conversion) is a rejection.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC
from html.parser import HTMLParser
from typing import Any

from dateutil import parser as dateparser
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from storyfuse.errors import InputError, LimitExceeded
from storyfuse.ingest.decode import decode_text, describe_size, expand, is_gzip
from storyfuse.model import Article, Notice, ReadResult, Rejection

# warcio logs a warning about a damaged header; with no logging set up, Python would print it on
# standard error. The reader reports damage as a rejection instead (set up logging to see it too).
logging.getLogger("warcio").addHandler(logging.NullHandler())

_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_SILENT = frozenset(("request", "metadata", "warcinfo"))
# Errors warcio raises on bytes that are not (or no longer) a WARC record.
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, TypeError, IndexError, KeyError,
           AttributeError, EOFError, zlib.error)
# <meta> names and properties that carry a page's publication date, best first.
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}$")
# Content-Encoding → zlib window bits to try (deflate is zlib-wrapped or, from some servers, raw).
_ENCODINGS = {"gzip": (16 + zlib.MAX_WBITS,), "x-gzip": (16 + zlib.MAX_WBITS,),
              "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}
_HEAD_SCAN = 200_000  # characters of a page searched for its date and language


@dataclass
class _Reading:
    """What reading one archive has produced so far."""

    path: str
    article_id: str
    limit: int
    budget: int
    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def result(self) -> ReadResult:
        return ReadResult(tuple(self.articles), tuple(self.rejected), tuple(self.notices))


def parse_warc(data: bytes, path: str, article_id: str, max_bytes: int) -> ReadResult:
    """The HTML pages of a WARC archive (gzipped per record, whole or not at all); at most
    ``max_bytes`` of archive are decompressed and at most ``max_bytes`` of pages read."""
    archive, problem = expand(data, max_bytes)
    if is_gzip(archive):  # warcio would expand it again, past any limit
        return ReadResult((), (Rejection(path, "gzip inside gzip: not a WARC archive"),))
    reading = _Reading(path, article_id, max_bytes, max_bytes)
    stopped = _read_records(archive, reading)
    stopped = problem or stopped  # a record cut short by bad gzip data: the gzip damage is the reason
    if stopped:
        pages = len(reading.articles)
        reading.rejected.append(Rejection(path, f"{stopped}; read the {pages} page(s) before it" if pages else stopped))
    elif not reading.articles and not reading.rejected:
        reading.rejected.append(Rejection(path, "no HTML pages in the archive"))
    return reading.result()


def _read_records(archive: bytes, reading: _Reading) -> str | None:
    """Read every record into ``reading``; the reason the archive ended early, if it did."""
    iterator = _QuietIterator(io.BytesIO(archive))
    records = iter(iterator)
    n = 0
    while True:
        n += 1
        try:
            record = next(records)
        except StopIteration:
            return _leftover(archive, iterator.offset if n > 1 else 0, n)
        except _DAMAGE:
            record = None
        if record is None or record.format != "warc":  # warcio takes any line of five words for ARC
            return "not a WARC archive" if n == 1 else f"damaged archive: record {n} is not a WARC record"
        try:
            outcome = _record(record, n, reading)
            damage = _finish(iterator, record, n)
        except _DAMAGE as exc:
            return f"damaged archive: record {n} cannot be read ({type(exc).__name__})"
        if damage:
            return damage
        if isinstance(outcome, str):
            return outcome
        if isinstance(outcome, Rejection):
            reading.rejected.append(outcome)
        elif outcome is not None:
            reading.articles.append(outcome)


def _leftover(archive: bytes, offset: int, n: int) -> str | None:
    """Why the archive ended early when warcio finds no record ``n`` but bytes are left."""
    if not archive[offset:].strip():
        return None
    return "not a WARC archive" if n == 1 and not archive.startswith(b"WARC/") else \
        f"truncated archive: record {n} is cut short"


def _finish(iterator: _QuietIterator, record: Any, n: int) -> str | None:
    """Read to the end of the record; why the archive is damaged there, if it is."""
    errors = iterator.err_count
    iterator.read_to_end()
    stream = record.raw_stream
    if not isinstance(stream, LimitReader) or not _valid_length(record):
        return f"damaged archive: record {n} has no valid Content-Length"
    if stream.limit > 0:
        return f"truncated archive: record {n} is cut short ({stream.limit} of its bytes missing)"
    if iterator.err_count > errors:
        return f"damaged archive: record {n} does not end where its Content-Length says"
    return None


def _valid_length(record: Any) -> bool:
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    return length.isdigit()


def _record(record: Any, n: int, reading: _Reading) -> Article | Rejection | str | None:
    """One record: an article, a rejection, None (skipped), or why reading must stop here."""
    kind = str(record.rec_type or "")
    where = f"{reading.path}:{n}"
    if kind in _SILENT:
        return None
    if kind == "response":
        headers = record.http_headers
        if headers is None or headers.get_statuscode() != "200" or not _is_html(headers.get_header("Content-Type")):
            return None
        charset = _charset(headers.get_header("Content-Type"))
    elif kind == "resource":
        if not _is_html(record.content_type):
            return Rejection(where, f"WARC resource record of type '{_mime(record.content_type)}', not an HTML page")
        charset = _charset(record.content_type)
    elif kind == "revisit":
        return Rejection(where, "WARC revisit record: it repeats an earlier capture and holds no page")
    else:
        return Rejection(where, f"WARC record of type '{kind[:40] or 'none'}' is not read")
    return _page(record, n, charset, reading)


def _page(record: Any, n: int, charset: str | None, reading: _Reading) -> Article | Rejection | str:
    where = f"{reading.path}:{n}"
    try:
        body = payload(record, reading.budget)
        text = _decode(body, charset, where, reading)
    except LimitExceeded:
        return f"pages expand to more than the {describe_size(reading.limit)} limit at record {n}"
    except InputError as exc:
        return Rejection(where, exc.reason)
    reading.budget -= len(body)
    meta = _meta(text)
    url = record.rec_headers.get_header("WARC-Target-URI")
    published = meta.published or iso_utc(record.rec_headers.get_header("WARC-Date"))
    return Article(id=f"{reading.article_id}/{n}", path=where, html=text, url=url or None,
                   published=published, language=meta.language)


def payload(record: Any, limit: int) -> bytes:
    """A record's body: de-chunked, and gunzipped or inflated when its Content-Encoding says so,
    never past ``limit`` bytes (LimitExceeded); InputError for an encoding that cannot be undone."""
    headers = record.http_headers
    stream = record.raw_stream
    if headers is not None and (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)  # reads on as is where the chunking is broken
    body = stream.read()
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower() if headers is not None else ""
    # Some crawlers store the body decoded but keep the header: a page that starts with markup.
    if encoding in _ENCODINGS and body.lstrip()[:1] != b"<":
        body = _inflate(body, _ENCODINGS[encoding], limit)
    elif encoding not in ("", "identity", *_ENCODINGS):
        raise InputError("", f"Content-Encoding '{encoding[:40]}' is not supported")
    if len(body) > limit:
        raise LimitExceeded("", "over the limit")
    return body


def _inflate(data: bytes, wbits: tuple[int, ...], limit: int) -> bytes:
    """zlib data (gzip or deflate; zlib-wrapped or raw deflate, whichever fits) up to ``limit``."""
    for bits in wbits:
        decompressor = zlib.decompressobj(bits)
        try:
            out = decompressor.decompress(data, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit or decompressor.unconsumed_tail:
            raise LimitExceeded("", "over the limit")
        if not decompressor.eof:
            raise InputError("", "page body is truncated compressed data")
        return out
    raise InputError("", "page body is not valid compressed data")


def _decode(body: bytes, charset: str | None, where: str, reading: _Reading) -> str:
    """The page's text: in the charset its headers declare, else as the readers guess it."""
    if charset:
        try:
            return body.decode(charset, "replace")
        except LookupError:  # a codec that is no text encoding (rot13)
            pass
    decoded = decode_text(body, where)
    if decoded.note:
        reading.notices.append(Notice(where, decoded.note))
    return decoded.text


def _is_html(content_type: str | None) -> bool:
    return _mime(content_type) in _HTML_TYPES


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()[:80]


def _charset(content_type: str | None) -> str | None:
    """The charset a Content-Type names, if Python knows it."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def iso_utc(value: str | None) -> str | None:
    """A date as ISO 8601, in UTC when it has a zone (``2026-03-04T09:41:00Z``); None if unreadable."""
    value = (value or "").strip()
    if _DATE_ONLY.match(value):
        return value
    if not value:
        return None
    try:
        moment = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        try:
            moment = dateparser.parse(value)
        except (ValueError, OverflowError):
            return None
    if moment.tzinfo is None:
        return moment.replace(microsecond=0).isoformat()
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True, slots=True)
class PageMeta:
    published: str | None = None
    language: str | None = None


def _meta(text: str) -> PageMeta:
    scanner = _MetaScanner()
    with contextlib.suppress(AssertionError, ValueError):  # html.parser gives up on some broken markup
        scanner.feed(text[:_HEAD_SCAN])
    dates = (scanner.dates.get(name) for name in (*_DATE_META, "time"))
    published = next((d for d in map(iso_utc, dates) if d), None)
    return PageMeta(published, scanner.language)


class _MetaScanner(HTMLParser):
    """A page's stated publication dates (<meta>, <time itemprop="datePublished">) and language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dates: dict[str, str] = {}
        self.language: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): value or "" for key, value in attrs}
        if tag == "html" and values.get("lang", "").strip():
            self.language = self.language or values["lang"].strip()[:20]
        elif tag == "meta":
            name = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if name in _DATE_META and values.get("content"):
                self.dates.setdefault(name, values["content"])
        elif tag == "time" and values.get("datetime") and (
                values.get("itemprop", "").lower() == "datepublished" or "pubdate" in values):
            self.dates.setdefault("time", values["datetime"])


class _QuietIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, less its warning on standard error for a record not followed by a
    blank line (its Content-Length is wrong): that is counted in ``err_count`` only, and the
    reader turns it into a rejection."""

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size, first_line = 0, True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first_line:
                empty_size += len(line)
                self.err_count += bool(line.rstrip())
                first_line = False
                continue
            return line, empty_size


__all__ = ["PageMeta", "expand", "iso_utc", "parse_warc"]
