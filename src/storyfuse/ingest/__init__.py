"""Readers: files, folders, JSON Lines, Multi-News clusters, feeds, web archives and standard
input → articles.

This is one end of the pipeline, the only stage that touches the disk. Every input that
cannot be used becomes a :class:`Rejection` with a one-line reason; the rest go on.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from storyfuse.errors import InputError
from storyfuse.ingest import feeds, formats, warc
from storyfuse.ingest.decode import decode_text, describe_size, gunzip, is_gzip
from storyfuse.model import Article, Notice, ReadResult, Rejection

Parser = Callable[[str, str, str], formats.ParseResult]
# (bytes, path, article id, max_bytes) -> articles, rejections and notices.
BytesParser = Callable[[bytes, str, str, int], ReadResult]

PARSERS: dict[str, Parser] = {
    ".txt": formats.parse_text,
    ".text": formats.parse_text,
    ".md": formats.parse_markdown,
    ".markdown": formats.parse_markdown,
    ".html": formats.parse_html,
    ".htm": formats.parse_html,
    ".jsonl": formats.parse_jsonl,
    ".ndjson": formats.parse_jsonl,
    ".json": formats.parse_json,
}
# Formats read from their bytes, not decoded text: XML feeds declare their own encoding, and a
# WARC archive is binary (and gzipped record by record).
BYTES_PARSERS: dict[str, BytesParser] = {
    ".rss": feeds.parse_feed,
    ".atom": feeds.parse_feed,
    ".xml": feeds.parse_feed,
    ".warc": warc.parse_warc,
}
# Formats whose parser decompresses gzip itself (member by member, keeping what precedes damage)
# instead of the file being gunzipped whole first.
_OWN_GZIP = frozenset((".warc",))
# Files a folder keeps about itself, not articles: skipped when walking a folder
# (still read when named explicitly).
_FOLDER_DOCS = frozenset(("readme", "license", "licence", "provenance", "changelog", "copying", "notice",
                          "authors", "contributing"))
STDIN = "-"
# A plain-text file that is really a saved web page: it opens with a doctype or <html>.
# Where a record of a multi-article file came from: "file.jsonl:12".
_RECORD_PATH = re.compile(r":\d+$")
_HTML_PAGE = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]")
_SNIFF_BYTES = 4096


def is_folder_doc(name: str) -> bool:
    """A folder's own documentation (README, LICENSE ...), skipped when walking a folder."""
    return name.split(".")[0].lower() in _FOLDER_DOCS


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """Limits for the readers. ``max_bytes`` applies to a file before and after gunzip."""

    max_bytes: int = 20_000_000


def discover(sources: Iterable[str | Path]) -> tuple[list[str], list[Rejection]]:
    """Expand folders (recursively) into files; missing paths, link loops, unreadable and empty
    folders are rejected. A file named twice (or also found in a folder given) is read once."""
    files: list[str] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for source in sources:
        name = str(source)
        path = Path(name)
        if name == STDIN or path.is_file():
            found = [name]
        elif path.is_dir():
            found = _walk(path, rejected)
            if not found and not any(r.path.startswith(name) for r in rejected):
                rejected.append(Rejection(name, "empty folder: no article files in it"))
        else:
            rejected.append(Rejection(name, _missing(path)))
            continue
        for file in found:
            key = file if file == STDIN else os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, rejected


def _missing(path: Path) -> str:
    """Why a path that is neither file nor folder cannot be read."""
    if not path.is_symlink():
        return "no such file or folder"
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop"
    except OSError:
        return "broken symbolic link: its target does not exist"
    return "not a regular file or folder"


def _walk(folder: Path, rejected: list[Rejection]) -> list[str]:
    """The article files under ``folder``; a subfolder that cannot be listed is a rejection."""
    found = []
    for root, dirs, names in os.walk(folder, onerror=lambda exc: rejected.append(
            Rejection(str(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}"))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith(".") or is_folder_doc(name):
                continue
            if path.is_file():
                found.append(str(path))
            elif path.is_symlink():
                rejected.append(Rejection(str(path), _missing(path)))
    return sorted(found)


def read_file(name: str, config: ReadConfig = ReadConfig(), article_id: str | None = None) -> ReadResult:
    """Read one file (or ``-`` for standard input) into articles."""
    try:
        data = _read_bytes(name, config)
    except InputError as exc:
        return ReadResult((), (Rejection(exc.path, exc.reason),))
    except OSError as exc:
        return ReadResult((), (Rejection(name, f"cannot read: {exc.strerror or exc}"),))
    return _parse_bytes(name, data, config, article_id)


def read_bytes(name: str, data: bytes, config: ReadConfig = ReadConfig(), article_id: str | None = None) -> ReadResult:
    """Read one file that is already in memory (an upload) into articles.

    Pure: ``name`` only picks the format by its extension and names the input in messages;
    it is never opened, so a name from an untrusted client cannot make this touch the disk.
    """
    if len(data) > config.max_bytes:
        return ReadResult((), (Rejection(name, f"input is over the {describe_size(config.max_bytes)} limit"),))
    if not data.strip():
        return ReadResult((), (Rejection(name, "empty file"),))
    return _parse_bytes(name, data, config, article_id)


def _parse_bytes(name: str, data: bytes, config: ReadConfig, article_id: str | None) -> ReadResult:
    """Bytes of one file → articles: pick the format, gunzip, then parse the bytes or the decoded text."""
    article_id = article_id or _default_id(name)
    try:
        kind = _suffix(name, data)
        if is_gzip(data) and kind not in _OWN_GZIP:
            data = gunzip(data, name, config.max_bytes)
        bytes_parser = BYTES_PARSERS.get(kind)
        if bytes_parser is not None:
            read = bytes_parser(data, name, article_id, config.max_bytes)
            return replace(_drop_blank(list(read.articles), list(read.rejected)), notices=read.notices)
        return _parse_text(name, kind, data, article_id)
    except InputError as exc:
        return ReadResult((), (Rejection(exc.path, exc.reason),))
    except RecursionError:
        return ReadResult((), (Rejection(name, "nested too deeply to read"),))


def _parse_text(name: str, kind: str, data: bytes, article_id: str) -> ReadResult:
    """Decode, then parse as ``kind``; raises InputError for an unknown format or undecodable bytes."""
    parser = PARSERS.get(kind)
    if parser is None:
        raise InputError(name, f"unknown format '{kind or 'no extension'}' "
                               f"(expected one of {', '.join(sorted(PARSERS | BYTES_PARSERS))}, optionally .gz)")
    notices: list[Notice] = []
    decoded = decode_text(data, name)
    if decoded.note:
        notices.append(Notice(name, decoded.note))
    if parser is formats.parse_text and _HTML_PAGE.match(decoded.text):
        parser = formats.parse_html
        notices.append(Notice(name, "an HTML page, not plain text: read as HTML"))
    articles, rejected = parser(decoded.text, name, article_id)
    return replace(_drop_blank(articles, rejected), notices=tuple(notices))


def read(sources: Iterable[str | Path], config: ReadConfig = ReadConfig()) -> ReadResult:
    """Read every source (files, folders, ``-``) into articles plus rejections and notices;
    articles that share an id are given distinct ones (:func:`distinct_ids`)."""
    files, rejected = discover(sources)
    ids = unique_ids(files)
    articles: list[Article] = []
    notices: list[Notice] = []
    for name in files:
        result = read_file(name, config, ids[name])
        articles += result.articles
        rejected += result.rejected
        notices += result.notices
    renamed, more = distinct_ids(articles)
    return ReadResult(tuple(renamed), tuple(rejected), tuple(notices) + more)


def distinct_ids(articles: Iterable[Article]) -> tuple[tuple[Article, ...], tuple[Notice, ...]]:
    """The articles with every id distinct: a repeated id (two JSONL records with one ``id``, a
    record named like another file) gets ``~2``, ``~3`` … appended, with a notice."""
    given = list(articles)
    kept: dict[int, Article] = {}
    taken: set[str] = set()
    notices: list[Notice] = []
    # A whole file keeps the id its name gives it; records (JSONL lines, cluster members) yield.
    for k in sorted(range(len(given)), key=lambda k: _is_record(given[k])):
        article, new_id, n = given[k], given[k].id, 1
        while new_id in taken:
            n += 1
            new_id = f"{article.id}~{n}"
        taken.add(new_id)
        if new_id != article.id:
            notices.append(Notice(article.where, f"document id '{article.id}' is already taken: renamed '{new_id}'"))
            article = replace(article, id=new_id)
        kept[k] = article
    return tuple(kept[k] for k in range(len(given))), tuple(notices)


def _is_record(article: Article) -> bool:
    return article.cluster is not None or bool(_RECORD_PATH.search(article.path))


def unique_ids(files: list[str]) -> dict[str, str]:
    """Short article ids: file stems, widened step by step when they collide.

    First the parent folder is added ("a/doc"), then the whole path is used ("a/x/doc.txt").
    """
    ids = {name: _default_id(name) for name in files}
    for widen in (_with_parent, lambda name: name):
        clashing = _clashes(ids)
        ids.update({name: widen(name) for name in clashing})
    return ids


def _clashes(ids: dict[str, str]) -> set[str]:
    counts: dict[str, int] = {}
    for value in ids.values():
        counts[value] = counts.get(value, 0) + 1
    return {name for name, value in ids.items() if counts[value] > 1}


def _with_parent(name: str) -> str:
    return "/".join([*Path(name).parent.parts[-1:], _default_id(name)])


def _default_id(name: str) -> str:
    if name == STDIN:
        return "stdin"
    base = Path(name).name
    if base.lower().endswith(".gz"):
        base = base[:-3]
    return Path(base).stem or base


def _read_bytes(name: str, config: ReadConfig) -> bytes:
    if name == STDIN:
        data = sys.stdin.buffer.read(config.max_bytes + 1)
    else:
        size = Path(name).stat().st_size
        if size > config.max_bytes:
            raise InputError(name, f"file is {describe_size(size)}, over the "
                                   f"{describe_size(config.max_bytes)} limit")
        data = Path(name).read_bytes()
    if len(data) > config.max_bytes:
        raise InputError(name, f"input is over the {describe_size(config.max_bytes)} limit")
    if not data.strip():
        raise InputError(name, "empty file")
    return data


def _suffix(name: str, data: bytes) -> str:
    """The format key: the file extension (ignoring .gz), or sniffed for standard input."""
    if name == STDIN:
        return _sniff(_head(data))
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _head(data: bytes) -> bytes:
    """The first bytes of the input, gunzipped when it is gzip (only for sniffing its format)."""
    if not is_gzip(data):
        return data
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_SNIFF_BYTES], _SNIFF_BYTES)
    except zlib.error:
        return b""  # gunzip names the damage


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:200].lower()
    if head.startswith(b"{"):
        return ".jsonl"
    if head.startswith(b"[") and b"{" in head:
        return ".json"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return ".html"
    if head.startswith(b"warc/"):
        return ".warc"
    if head.startswith(b"<") and _FEED_ROOT.search(data.lstrip()[:1024].lower()):
        return ".rss"
    return ".txt"


def _drop_blank(articles: list[Article], rejected: list[Rejection]) -> ReadResult:
    kept = []
    rejected = list(rejected)
    for article in articles:
        body = article.text if article.text is not None else article.html
        if body is None or not body.strip():
            rejected.append(Rejection(article.where, "empty article: no text"))
        else:
            kept.append(article)
    return ReadResult(tuple(kept), tuple(rejected))


__all__ = ["BYTES_PARSERS", "PARSERS", "STDIN", "ReadConfig", "discover", "distinct_ids", "read", "read_bytes",
           "read_file", "unique_ids"]
