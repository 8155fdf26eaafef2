"""The grouper's state as rows a store can keep, and only the rows that changed.

A story store must not rewrite the whole index after every batch: that grows with the store
and makes an ingest quadratic. So the state is three kinds of row, each written when it
changes: a small header (:class:`Header`: documents seen, the last story number), one row per
term (:class:`TermRow`: its document frequency and the stories it last posted), and one row
per story (:class:`StoryRow`: its vector, size and time span). :class:`Changes` carries the
rows changed since the last time they were taken. Rows keep the order of their terms and
full-precision floats, so an index rebuilt from them goes on exactly as the one that wrote them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

# Version of the rows' layout; a store holding another version is refused, not misread.
STATE_VERSION = 2


@dataclass(frozen=True, slots=True)
class Header:
    documents: int
    counter: int
    version: int = STATE_VERSION

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "documents": self.documents, "counter": self.counter})

    @classmethod
    def from_json(cls, text: str) -> Header:
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"story index state version {data.get('version')!r}, expected {STATE_VERSION}")
        return cls(int(data["documents"]), int(data["counter"]))


@dataclass(frozen=True, slots=True)
class TermRow:
    term: str
    documents: int
    stories: tuple[str, ...]  # most recent last


@dataclass(frozen=True, slots=True)
class StoryState:
    id: str
    vector: tuple[tuple[str, float], ...]
    size: int
    first: datetime | None
    last: datetime | None

    def to_bytes(self) -> bytes:
        data = {"vector": [list(kv) for kv in self.vector], "size": self.size,
                "first": _iso(self.first), "last": _iso(self.last)}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, story_id: str, blob: bytes) -> StoryState:
        data = json.loads(blob.decode("utf-8"))
        vector = tuple((str(t), float(w)) for t, w in data["vector"])
        return cls(story_id, vector, int(data["size"]), _time(data["first"]), _time(data["last"]))


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since the rows were last taken: write all of it in one transaction."""

    header: Header
    terms: tuple[TermRow, ...]
    stories: tuple[StoryState, ...]


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)





def legacy_rows(text: str) -> Changes:
    """The rows of a version-1 state (the whole index as one JSON value, as stores made before
    the rows were kept), so that such a store is carried on, not refused."""
    data = json.loads(text)
    if data.get("version") != 1:
        raise ValueError(f"story index state version {data.get('version')!r}, expected 1")
    postings = data["postings"]
    terms = tuple(TermRow(t, int(df), tuple(postings.get(t, ()))) for t, df in data["frequency"].items())
    stories = tuple(StoryState(sid, tuple((str(t), float(w)) for t, w in vector.items()), int(size),
                               _time(first), _time(last))
                    for sid, (vector, size, first, last) in data["stories"].items())
    return Changes(Header(int(data["documents"]), int(data["counter"])), terms, stories)
__all__ = ["STATE_VERSION", "Changes", "Header", "StoryState", "TermRow", "legacy_rows"]
