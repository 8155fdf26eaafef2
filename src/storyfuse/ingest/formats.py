"""Parsers from decoded text to :class:`Article` records, one per input format.

Pure functions: they never touch the disk. Multi-article inputs (JSON Lines, Multi-News
clusters) report each bad record as a :class:`Rejection` and keep the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from storyfuse.model import Article, Rejection
from storyfuse.text import LONE_SURROGATE, SURROGATE_ESCAPE

# Multi-News joins a cluster's articles with this marker and flattens newlines to a token.
CLUSTER_SEPARATOR = "|||||"
NEWLINE_TOKEN = "NEWLINE_CHAR"
# LongBench's multi_news context: "Passage 1:\n...\nPassage 2:\n...".
_PASSAGE = re.compile(r"^Passage \d+:\s*$", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_METADATA_KEYS = ("url", "source", "title", "published", "language")

ParseResult = tuple[list[Article], list[Rejection]]
_TOO_DEEP = "JSON nested too deeply to read"


def unflatten_newlines(text: str) -> str:
    """Undo Multi-News' ``NEWLINE_CHAR`` flattening."""
    if NEWLINE_TOKEN not in text:
        return text
    return re.sub(rf"[ \t]*{NEWLINE_TOKEN}[ \t]*", "\n", text)


def split_cluster(text: str) -> list[str] | None:
    """Split a Multi-News (``|||||``) or LongBench (``Passage N:``) cluster; None if not one."""
    if CLUSTER_SEPARATOR in text:
        return text.split(CLUSTER_SEPARATOR)
    if len(_PASSAGE.findall(text)) >= 1 and _PASSAGE.match(text.lstrip()):
        return _PASSAGE.split(text.lstrip())[1:]
    return None


def parse_text(text: str, path: str, article_id: str) -> ParseResult:
    """A plain-text file: one article, or a cluster of them when it carries separators."""
    text = unflatten_newlines(text)
    parts = split_cluster(text)
    if parts is None:
        return _single(Article(id=article_id, path=path, text=text))
    return cluster_articles(parts, path, article_id)


def parse_markdown(text: str, path: str, article_id: str) -> ParseResult:
    """A Markdown file: the first ``# `` heading is the title, markup is reduced to text."""
    title_match = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", text, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else None
    if title_match:
        text = text[: title_match.start()] + text[title_match.end():]
    plain = _MD_HEADING.sub("", _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))))
    return _single(Article(id=article_id, path=path, text=plain, title=title))


def parse_html(html: str, path: str, article_id: str) -> ParseResult:
    """An HTML page; extraction happens in the cleaning stage."""
    return _single(Article(id=article_id, path=path, html=html))


def parse_json(text: str, path: str, article_id: str) -> ParseResult:
    """A ``.json`` file: one record or a list of records (same fields as JSON Lines)."""
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        return [], [Rejection(path, f"malformed JSON: {exc.msg} at line {exc.lineno}")]
    except RecursionError:
        return [], [Rejection(path, _TOO_DEEP)]
    records = data if isinstance(data, list) else [data]
    if not records:
        return [], [Rejection(path, "empty JSON list: no articles")]
    return _parse_records(((f"{path}:{n}", f"{article_id}/{n}", r) for n, r in enumerate(records, 1)),
                          single_id=article_id if len(records) == 1 else None)


def parse_jsonl(text: str, path: str, article_id: str) -> ParseResult:
    """JSON Lines: one article (``text``/``html``) or one Multi-News cluster per line."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    # Split on "\n" only: str.splitlines() would also split on U+2028 and friends,
    # which JSON allows raw inside strings.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            rejected.append(Rejection(where, f"malformed JSON: {exc.msg}"))
            continue
        except RecursionError:
            rejected.append(Rejection(where, _TOO_DEEP))
            continue
        more, bad = _parse_records([(where, f"{article_id}/{lineno}", record)], single_id=None)
        articles += more
        rejected += bad
    return articles, rejected


def _parse_records(records: Iterable[tuple[str, str, Any]], single_id: str | None) -> ParseResult:
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for where, fallback_id, record in records:
        more, bad = parse_record(record, where, single_id or fallback_id)
        articles += more
        rejected += bad
    return articles, rejected


def parse_record(record: Any, where: str, fallback_id: str) -> ParseResult:
    """One JSON object: an article, a Multi-News cluster or a LongBench row."""
    if not isinstance(record, dict):
        return [], [Rejection(where, f"expected a JSON object, got {type(record).__name__}")]
    record_id = _as_id(record.get("id")) or _as_id(record.get("_id")) or fallback_id
    if isinstance(record.get("documents"), list):
        if not record["documents"]:
            return [], [Rejection(where, "cluster with an empty 'documents' list")]
        return cluster_articles(record["documents"], where, record_id, _reference(record))
    for key in ("context", "document"):
        if isinstance(record.get(key), str):
            parts = split_cluster(unflatten_newlines(record[key]))
            if parts is not None:
                return cluster_articles(parts, where, record_id, _reference(record))
    return _article_record(record, where, record_id)


def _article_record(record: dict[str, Any], where: str, record_id: str) -> ParseResult:
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        wrong = next((key for key in ("text", "html") if record.get(key) is not None), None)
        if wrong:
            return [], [Rejection(where, f"'{wrong}' is {_kind(record[wrong])}, not a string")]
        return [], [Rejection(where, "no 'text' or 'html' field")]
    metadata = {key: _as_str(record.get(key)) for key in _METADATA_KEYS}
    if isinstance(html, str) and not isinstance(text, str):
        return _single(Article(id=record_id, path=where, html=html, **metadata))
    return _single(Article(id=record_id, path=where, text=unflatten_newlines(str(text)), **metadata))


def cluster_articles(
    documents: Iterable[Any], path: str, cluster_id: str, reference: str | None = None
) -> ParseResult:
    """The articles of one story cluster, ids ``<cluster>/<n>``; blank ones are rejected."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for n, document in enumerate(documents, 1):
        doc_id = f"{cluster_id}/{n}"
        if not isinstance(document, str):
            rejected.append(Rejection(f"{path} [{doc_id}]", "document is not a string"))
            continue
        articles.append(Article(id=doc_id, path=path, text=unflatten_newlines(document),
                                cluster=cluster_id, reference=reference))
    return articles, rejected


def _reference(record: dict[str, Any]) -> str | None:
    summary = record.get("summary")
    if isinstance(summary, str):
        return unflatten_newlines(summary)
    answers = record.get("answers")
    if isinstance(answers, list) and answers and isinstance(answers[0], str):
        return answers[0]
    return None


def _as_str(value: Any) -> str | None:
    """A metadata value as text: strings and numbers as written; anything else (an object, a
    list, true/false) is no usable title, date or URL and is left out."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _as_id(value: Any) -> str | None:
    text = _as_str(value)
    return text if text and text.strip() else None


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _loads(text: str) -> Any:
    """JSON with lone surrogates ("\\ud800", which no UTF-8 output can hold) made U+FFFD."""
    data = json.loads(text)
    return _no_surrogates(data) if SURROGATE_ESCAPE.search(text) else data


def _no_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _single(article: Article) -> ParseResult:
    return [article], []

