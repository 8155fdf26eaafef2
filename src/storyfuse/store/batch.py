"""The writes of one batch (:class:`Batch`), all inside the transaction ``Store.batch`` opened.

Story counts are kept up to date as articles join (so listing stories reads one row each):
an article joining adds to them in constant time; moving articles out of a story, which
only a regrouping or a merge does, counts that story again from its articles.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.model import Document
from storyfuse.store.rows import encode_document, now, utc_instant

# When an article states no readable publication time, it counts at the time it was stored.
_SEEN = "coalesce(published, added)"


class Batch:
    """Writes inside one transaction; usable only inside its ``with store.batch()`` block."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._open = True

    def close(self) -> None:
        """Called by the store when the transaction ends: later calls are refused, as they
        would run outside any transaction."""
        self._open = False

    # ---- articles ---------------------------------------------------------------------------

    def add_article(
        self, document: Document, *, url: str | None, content_hash: str, published: str | None, source: str | None
    ) -> str | None:
        """Store an article; return the id it is stored under, or None when an article with this
        ``url`` (when given) or ``content_hash`` is already stored (then nothing changes).

        The id is ``document.id``, or ``id~2``, ``id~3``... when a different article already
        has it; :meth:`Store.documents` returns the Document under that id. ``published`` is kept
        as a UTC instant when it is ISO 8601 (else as unknown; the Document keeps what it said).
        """
        self._check()
        if self._duplicate(url, content_hash):
            return None
        doc_id = self._free_id(document.id)
        stored = document if doc_id == document.id else dataclasses.replace(document, id=doc_id)
        self._conn.execute(
            "INSERT INTO article (id, url, content_hash, published, added, source, title, text, document)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, url, content_hash, utc_instant(published), now(), source, document.title, document.text,
             encode_document(stored)),
        )
        return doc_id

    def assign(self, document_id: str, story_id: str) -> None:
        """Put a stored article in a story, creating the story when new; moves it when it was in
        another story (which is deleted, with its profile and briefs, once it has no articles).
        The story's version grows (its cached briefs become stale) and its counts and first/last
        seen follow. Assigning an article to the story it is in changes nothing."""
        self._check()
        row = self._conn.execute(
            f"SELECT story_id, source, {_SEEN} FROM article WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise StoryfuseError(f"{self._path}: no article {document_id!r} in the store")
        old, source, seen = row
        if old == story_id:
            return
        self._conn.execute("INSERT OR IGNORE INTO story (id) VALUES (?)", (story_id,))
        new_outlet = source is not None and not self._exists(
            "SELECT 1 FROM article WHERE story_id = ? AND source = ?", (story_id, source)
        )
        self._conn.execute("UPDATE article SET story_id = ? WHERE id = ?", (story_id, document_id))
        self._conn.execute(
            "UPDATE story SET articles = articles + 1, outlets = outlets + ?1,"
            " first_seen = min(coalesce(first_seen, ?2), ?2), last_seen = max(coalesce(last_seen, ?2), ?2)"
            " WHERE id = ?3",
            (int(new_outlet), seen, story_id),
        )
        self._changed(story_id)
        if old is not None:
            self._recount(old)

    # ---- stories ----------------------------------------------------------------------------

    def merge_stories(self, keep: str, absorb: str) -> None:
        """Move every article of ``absorb`` into ``keep`` and delete ``absorb`` (its profile and
        cached briefs with it); ``keep`` is counted again and its version grows. Its headline,
        independent_sources and profile stay as they were: the caller sets the merged ones."""
        self._check()
        if keep == absorb:
            raise StoryfuseError(f"{self._path}: cannot merge story {keep!r} into itself")
        self._require_story(keep)
        self._require_story(absorb)
        self._conn.execute("UPDATE article SET story_id = ? WHERE story_id = ?", (keep, absorb))
        self._conn.execute("DELETE FROM story WHERE id = ?", (absorb,))
        self._recount(keep)

    def set_story_fields(
        self, story_id: str, *, headline: str | None = None, independent_sources: int | None = None
    ) -> None:
        """Set the fields given (None leaves one as it is); the version stays, as these are
        the grouper's notes about the story, not its articles."""
        self._check()
        self._require_story(story_id)
        if headline is not None:
            self._conn.execute("UPDATE story SET headline = ? WHERE id = ?", (headline, story_id))
        if independent_sources is not None:
            self._conn.execute(
                "UPDATE story SET independent_sources = ? WHERE id = ?", (independent_sources, story_id)
            )

    def save_profile(self, story_id: str, blob: bytes) -> None:
        """Keep the grouper's state for a story (replacing the last one); the story must exist."""
        self._check()
        self._require_story(story_id)
        self._conn.execute(
            "INSERT INTO profile (story_id, state) VALUES (?, ?)"
            " ON CONFLICT (story_id) DO UPDATE SET state = excluded.state",
            (story_id, bytes(blob)),
        )

    def save_terms(self, rows: Iterable[tuple[str, int, str]]) -> None:
        """Keep the grouper's state for terms: (term, a count, an opaque text), replacing the last."""
        self._check()
        self._conn.executemany(
            "INSERT INTO grouper_term (term, documents, stories) VALUES (?, ?, ?)"
            " ON CONFLICT (term) DO UPDATE SET documents = excluded.documents, stories = excluded.stories",
            rows,
        )

    def set_meta(self, key: str, value: str) -> None:
        self._check()
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def cache_brief(self, story_id: str, fmt: str, text: str, *, version: int) -> bool:
        """Keep a brief of the story in format ``fmt``, made from the story at ``version`` (read
        before its documents, e.g. in one ``Store.reading()`` block). Returns False, keeping
        nothing, when the story has changed since: a brief of older articles is never served."""
        self._check()
        self._require_story(story_id)
        cursor = self._conn.execute(
            "INSERT INTO brief (story_id, format, version, text)"
            " SELECT id, ?, version, ? FROM story WHERE id = ? AND version = ?"
            " ON CONFLICT (story_id, format) DO UPDATE SET version = excluded.version, text = excluded.text",
            (fmt, text, story_id, version),
        )
        return cursor.rowcount > 0

    # ---- helpers ----------------------------------------------------------------------------

    def _check(self) -> None:
        if not self._open:
            raise StoryfuseError(f"{self._path}: this batch has ended; open another with store.batch()")

    def _duplicate(self, url: str | None, content_hash: str) -> bool:
        if url is not None and self._exists("SELECT 1 FROM article WHERE url = ?", (url,)):
            return True
        return self._exists("SELECT 1 FROM article WHERE content_hash = ?", (content_hash,))

    def _free_id(self, doc_id: str) -> str:
        candidate, n = doc_id, 1
        while self._exists("SELECT 1 FROM article WHERE id = ?", (candidate,)):
            n += 1
            candidate = f"{doc_id}~{n}"
        return candidate

    def _require_story(self, story_id: str) -> None:
        if not self._exists("SELECT 1 FROM story WHERE id = ?", (story_id,)):
            raise StoryfuseError(f"{self._path}: no story {story_id!r} in the store")

    def _changed(self, story_id: str) -> None:
        """A story's articles changed: its version grows and its cached briefs go (the version
        alone would keep them from being served; deleting them saves the space)."""
        self._conn.execute("UPDATE story SET version = version + 1 WHERE id = ?", (story_id,))
        self._conn.execute("DELETE FROM brief WHERE story_id = ?", (story_id,))

    def _recount(self, story_id: str) -> None:
        """Count a story again from its articles, or delete it when it has none left."""
        self._conn.execute(
            "UPDATE story SET (articles, outlets, first_seen, last_seen) ="
            f" (SELECT count(*), count(DISTINCT source), min({_SEEN}), max({_SEEN})"
            "  FROM article WHERE story_id = ?1) WHERE id = ?1",
            (story_id,),
        )
        if self._exists("SELECT 1 FROM story WHERE id = ? AND articles = 0", (story_id,)):
            self._conn.execute("DELETE FROM story WHERE id = ?", (story_id,))
        else:
            self._changed(story_id)

    def _exists(self, sql: str, params: tuple[object, ...]) -> bool:
        return self._conn.execute(sql, params).fetchone() is not None
