"""RSS and Atom feeds → one :class:`Article` per entry, read with feedparser.

Pure: the bytes are handed to feedparser as a stream, never as a string (a string that looks
like a URL or a file name would make feedparser fetch or open it). Entry ``n`` of a feed
becomes article ``<feed id>/<n>`` at ``<path>:<n>``; a feed that yields no entries, and an
entry with no text, are rejections; a feed that had to be read leniently gets a notice.
"""

from __future__ import annotations

import html
import io
import re
import time
import xml.sax
from collections.abc import Mapping
from typing import Any

import feedparser

from storyfuse.model import Article, Notice, ReadResult, Rejection

_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_TAG = re.compile(r"<[^>]*>")
_WHOLE_PAGE = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# Most feeds carry an HTML fragment ("<p>…</p>"); trafilatura, which extracts page text in the
# cleaning stage, finds nothing in a bare fragment, so it is given a page around the fragment.
_PAGE = ("<!DOCTYPE html>\n<html{lang}><head><meta charset=\"utf-8\"></head>\n"
         "<body><article>\n{body}\n</article></body></html>\n")
_TITLE_CHARS = 60


def parse_feed(data: bytes, path: str, article_id: str, max_bytes: int = 0) -> ReadResult:
    """The entries of an RSS (0.9x, 1.0, 2.0) or Atom feed as articles.

    ``max_bytes`` is unused: a feed is read from its bytes as they are (already within the
    reader's size limit), with no decompression of its own.
    """
    del max_bytes
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (ValueError, TypeError, LookupError, AttributeError) as exc:  # damage feedparser trips on
        return ReadResult((), (Rejection(path, f"unreadable feed ({type(exc).__name__})"),))
    # Plain dicts: feedparser's own maps some missing keys to others, with a DeprecationWarning.
    entries = [dict(e) for e in parsed.get("entries", []) if isinstance(e, Mapping)]
    if not entries:
        return ReadResult((), (Rejection(path, _why_no_entries(parsed)),))
    feed = parsed.get("feed", {})
    source, language = _title(feed), _str(feed.get("language"))
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for n, entry in enumerate(entries, 1):
        article = entry_article(entry, n, path, f"{article_id}/{n}", source, language)
        if isinstance(article, Rejection):
            rejected.append(article)
        else:
            articles.append(article)
    notices = (Notice(path, f"feed read leniently: {_problem(parsed)}"),) if parsed.get("bozo") else ()
    return ReadResult(tuple(articles), tuple(rejected), notices)


def entry_article(
    entry: Mapping[str, Any], n: int, path: str, article_id: str, source: str | None, language: str | None
) -> Article | Rejection:
    """Entry ``n`` of the feed at ``path``: its content (else its summary), title, link, date."""
    where, title = f"{path}:{n}", _title(entry)
    language = _entry_language(entry) or language
    text, page = _body(entry, language)
    if not _has_text(text if text is not None else page):
        named = f" ('{_clip(title)}')" if title else ""
        return Rejection(where, f"feed entry {n}{named} has no text")
    return Article(id=article_id, path=where, text=text, html=page, url=_str(entry.get("link")),
                   source=source, title=title, published=entry_published(entry), language=language)


def entry_published(entry: Mapping[str, Any]) -> str | None:
    """The entry's date as ISO 8601 UTC (``2026-03-03T06:12:00Z``): published, else updated."""
    for key in ("published_parsed", "updated_parsed"):
        moment = entry.get(key)
        if isinstance(moment, time.struct_time):
            try:
                return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment)
            except (ValueError, OverflowError):
                continue
    return None


def _body(entry: Mapping[str, Any], language: str | None) -> tuple[str | None, str | None]:
    """(text, html): the first content with text (content:encoded, Atom content), else the
    summary; HTML is wrapped in a page unless it is one already."""
    contents = entry.get("content")
    details = [*(contents if isinstance(contents, list) else []), entry.get("summary_detail")]
    for detail in details:
        if not isinstance(detail, Mapping):
            continue
        value = detail.get("value")
        if not isinstance(value, str) or not _has_text(value):
            continue
        if detail.get("type") not in _HTML_TYPES:
            return value, None
        return None, value if _WHOLE_PAGE.search(value) else _page(value, language)
    return None, None


def _page(fragment: str, language: str | None) -> str:
    lang = f' lang="{html.escape(language, quote=True)}"' if language else ""
    return _PAGE.format(lang=lang, body=fragment)


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    for key in ("content", "summary_detail"):
        value = entry.get(key)
        detail = value[0] if isinstance(value, list) and value else value
        if isinstance(detail, Mapping) and _str(detail.get("language")):
            return _str(detail.get("language"))
    return None


def _why_no_entries(parsed: Mapping[str, Any]) -> str:
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), (xml.sax.SAXException, OSError)):
        return f"malformed feed XML: {_problem(parsed)}"
    if not parsed.get("version"):
        return "not an RSS or Atom feed" + (f" ({_problem(parsed)})" if parsed.get("bozo") else "")
    return "feed has no entries"


def _problem(parsed: Mapping[str, Any]) -> str:
    """feedparser's complaint about the feed, on one line."""
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    return _SPACE.sub(" ", str(exc or "not well-formed")).strip()[:200] or type(exc).__name__


def _has_text(markup: str | None) -> bool:
    return bool(markup and html.unescape(_TAG.sub(" ", markup)).strip())


def _title(item: Mapping[str, Any]) -> str | None:
    """A feed's or entry's title as plain text on one line (an HTML title's markup taken out)."""
    value, detail = item.get("title"), item.get("title_detail")
    if not isinstance(value, str):
        return None
    if isinstance(detail, Mapping) and detail.get("type") in _HTML_TYPES:
        value = html.unescape(_TAG.sub(" ", value))
    return _SPACE.sub(" ", value).strip() or None


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _clip(text: str) -> str:
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1].rstrip() + "…"


__all__ = ["entry_article", "entry_published", "parse_feed"]
