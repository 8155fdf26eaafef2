"""Persistence for a stream of articles grouped into stories: one SQLite file (stdlib sqlite3).

Pure persistence: which story an article joins is decided elsewhere (:mod:`storyfuse.stories`);
the store keeps articles, stories, the grouper's state and cached briefs, and searches text.

    with Store.open("news.db") as store:             # created or migrated; WAL; foreign keys on
        with store.batch() as batch:                 # ONE transaction: all of it or none of it
            doc_id = batch.add_article(doc, url=u, content_hash=h, published=p, source=s)
            if doc_id is not None:                   # None: already stored (same url or hash)
                batch.assign(doc_id, "s000001")
            batch.save_profile("s000001", state)
            batch.set_meta("grouper", json_text)
        store.stories(limit=20)                      # reading needs no batch

Store (reading; each call sees the last committed batch):

    Store.open(path, *, readonly=False, timeout=5.0) -> Store   close(); a context manager
    batch() -> ContextManager[Batch]                 BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error
    reading() -> ContextManager[None]                several reads from one snapshot
    has_article(url, content_hash) -> bool           url None: by content hash alone
    article_ids(story_id=None) -> list[str]          all (or one story's), in the order stored
    documents(story_id) -> tuple[Document, ...]      in the order stored, under their stored ids
    articles(story_id) -> list[ArticleRow]           their metadata without the text, in that order
    locate(url, content_hash) -> tuple[str, str | None] | None   (id, story) of the stored duplicate
    stories(since=None, limit=None) -> list[StoryRow]   latest last_seen first; since: ISO 8601
    story(story_id) -> StoryRow | None
    profiles() -> Iterator[tuple[str, bytes]]        (story id, the state the grouper saved)
    grouper_terms() -> Iterator[tuple[str, int, str]]   (term, count, text) as the grouper saved them
    meta(key) -> str | None
    search(query, limit=20) -> list[SearchHit]       FTS5 syntax over title and text, best first
    cached_brief(story_id, fmt) -> str | None        None once the story's articles changed

Batch (writing; see :mod:`.batch`):

    add_article(document, *, url, content_hash, published, source) -> str | None   the id used
    assign(document_id, story_id)                    story created if new; version bumped
    merge_stories(keep, absorb)                      absorb's articles move; absorb deleted
    set_story_fields(story_id, *, headline=None, independent_sources=None)
    save_profile(story_id, blob); save_terms(rows); set_meta(key, value)
    cache_brief(story_id, fmt, text, *, version) -> bool   False when the story moved on

Concurrency: any number of readers (other Stores, other processes, ``readonly=True``) read
while one writer runs a batch; a second writer waits up to ``timeout`` seconds for the write
lock, then gets a one-line error. A Store (one connection) belongs to one thread.

Crash safety: a batch is one transaction, so a killed process leaves each batch whole or
absent; re-running the same ingestion adds what is missing (``add_article`` is idempotent).
The schema, its migrations and the checks made on opening a file are in :mod:`.schema`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from storyfuse.errors import ConfigError, InputError, StoryfuseError
from storyfuse.model import Document
from storyfuse.store.batch import Batch
from storyfuse.store.rows import (
    ARTICLE_COLUMNS,
    MARK_END,
    MARK_START,
    STORY_COLUMNS,
    ArticleRow,
    SearchHit,
    StoryRow,
    decode_document,
    story_row,
    utc_instant,
)
from storyfuse.store.schema import connect, database_error

__all__ = ["MARK_END", "MARK_START", "ArticleRow", "Batch", "SearchHit", "Store", "StoryRow"]

# Words a search snippet holds, the matched ones among them; it comes from the text (the hit
# carries the title already).
_SNIPPET_TOKENS = 16


class Store:
    """A storyfuse store: one SQLite file, one connection. Open it with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> Store:
        """Open the store at ``path``, creating it or bringing its schema up to date (not when
        ``readonly``). ``timeout``: seconds to wait for another connection's write lock.
        A file that is no usable store raises a one-line :class:`InputError` naming it."""
        path = Path(path)
        return cls(connect(path, readonly=readonly, timeout=timeout), path, readonly=readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- transactions -----------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One write transaction: committed when the block ends, rolled back when it raises."""
        if self.readonly:
            raise StoryfuseError(f"{self.path}: the store was opened read-only")
        self._begin("BEGIN IMMEDIATE")
        batch = Batch(self._conn, self.path)
        try:
            yield batch
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            batch.close()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads inside the block see one snapshot, whatever a writer commits meanwhile: read a
        story's version and then its documents, and the brief made from them matches it."""
        self._begin("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def _begin(self, statement: str) -> None:
        if self._conn.in_transaction:
            raise StoryfuseError(f"{self.path}: a batch or reading block is already open on this store")
        try:
            self._conn.execute(statement)
        except sqlite3.OperationalError as exc:
            raise database_error(self.path, exc) from None

    # ---- articles ---------------------------------------------------------------------------

    def has_article(self, url: str | None, content_hash: str) -> bool:
        """Whether an article with this url (when given) or content hash is stored."""
        if url is not None and self._one("SELECT 1 FROM article WHERE url = ?", (url,)) is not None:
            return True
        return self._one("SELECT 1 FROM article WHERE content_hash = ?", (content_hash,)) is not None

    def article_ids(self, story_id: str | None = None) -> list[str]:
        """The stored article ids (of one story, when given), in the order they were stored."""
        if story_id is None:
            rows = self._conn.execute("SELECT id FROM article ORDER BY seq")
        else:
            rows = self._conn.execute("SELECT id FROM article WHERE story_id = ? ORDER BY seq", (story_id,))
        return [row[0] for row in rows]

    def documents(self, story_id: str) -> tuple[Document, ...]:
        """A story's articles as Documents, in the order stored, each under its stored id."""
        rows = self._conn.execute(
            "SELECT id, text, document FROM article WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return tuple(decode_document(*row) for row in rows)

    def articles(self, story_id: str) -> list[ArticleRow]:
        """A story's articles without their text or sentences (a listing needs no decoding),
        in the order stored."""
        rows = self._conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM article WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return [ArticleRow(*row) for row in rows]

    def locate(self, url: str | None, content_hash: str) -> tuple[str, str | None] | None:
        """The id and story of the stored article that ``add_article`` would take this one for
        (same url when given, else same content hash), or None: where a sent article ended up."""
        for column, value in (("url", url), ("content_hash", content_hash)):
            row = None if value is None else self._one(f"SELECT id, story_id FROM article WHERE {column} = ?",
                                                       (value,))
            if row is not None:
                return str(row[0]), None if row[1] is None else str(row[1])
        return None

    # ---- stories ----------------------------------------------------------------------------

    def stories(self, since: str | None = None, limit: int | None = None) -> list[StoryRow]:
        """Stories, the latest ``last_seen`` first; ``since`` (ISO 8601 date or time, UTC when it
        states no offset): only those seen at or after it; ``limit``: at most that many."""
        if limit is not None and limit < 0:
            raise ConfigError(f"a story limit cannot be negative (got {limit})")
        bound = None if since is None else utc_instant(since)
        if since is not None and bound is None:
            raise InputError("since", f"not an ISO 8601 date or time: {since!r}")
        rows = self._conn.execute(
            f"SELECT {STORY_COLUMNS} FROM story WHERE ?1 IS NULL OR last_seen >= ?1"
            " ORDER BY last_seen DESC, id LIMIT ?2",
            (bound, -1 if limit is None else limit),
        )
        return [story_row(row) for row in rows]

    def story(self, story_id: str) -> StoryRow | None:
        row = self._one(f"SELECT {STORY_COLUMNS} FROM story WHERE id = ?", (story_id,))
        return None if row is None else story_row(row)

    def profiles(self) -> Iterator[tuple[str, bytes]]:
        """Every saved grouper state, as (story id, blob), by story id."""
        for story_id, state in self._conn.execute("SELECT story_id, state FROM profile ORDER BY story_id"):
            yield story_id, bytes(state)

    def grouper_terms(self) -> Iterator[tuple[str, int, str]]:
        for term, documents, stories in self._conn.execute("SELECT term, documents, stories FROM grouper_term"):
            yield str(term), int(documents), str(stories)

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def cached_brief(self, story_id: str, fmt: str) -> str | None:
        """The brief kept for the story in format ``fmt``, if made from its current articles."""
        row = self._one(
            "SELECT b.text FROM brief b JOIN story s ON s.id = b.story_id"
            " WHERE b.story_id = ? AND b.format = ? AND b.version = s.version",
            (story_id, fmt),
        )
        return None if row is None else str(row[0])

    # ---- search -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text match an FTS5 query (words, "a phrase", AND/OR/NOT,
        prefix*), best first. A query FTS5 cannot parse raises a one-line :class:`InputError`."""
        if limit < 1:
            raise ConfigError(f"a search limit must be at least 1 (got {limit})")
        if not query.strip():
            return []
        try:
            rows = self._conn.execute(
                "SELECT a.id, a.story_id, a.title,"
                f" snippet(article_fts, 1, ?, ?, '\u2026', {_SNIPPET_TOKENS})"
                " FROM article_fts JOIN article a ON a.seq = article_fts.rowid"
                " WHERE article_fts MATCH ? ORDER BY rank LIMIT ?",
                (MARK_START, MARK_END, query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise _query_error(self.path, query, exc) from None
        return [SearchHit(*row) for row in rows]

    def _one(self, sql: str, params: tuple[object, ...]) -> tuple[object, ...] | None:
        row: tuple[object, ...] | None = self._conn.execute(sql, params).fetchone()
        return row


def _query_error(path: Path, query: str, exc: sqlite3.OperationalError) -> StoryfuseError:
    """A query FTS5 rejects (syntax, a column filter naming no column) is the user's input; a
    lock or a damaged file is not."""
    message = " ".join(str(exc).split())
    if message.startswith(("fts5", "no such column", "unknown special query", "unterminated")):
        return InputError("search", f"not a valid search query {query!r}: {message}")
    return database_error(path, exc)
