"""What the store hands back (:class:`StoryRow`, :class:`ArticleRow`, :class:`SearchHit`) and
how values are kept in its columns: Documents as JSON, times as UTC instants that sort as text."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from storyfuse.model import Document, from_dict, to_dict


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as stored. ``articles``: how many articles it has; ``outlets``: how many
    distinct sources they name; ``independent_sources``: the value the grouper last set (None
    until it sets one). ``first_seen``/``last_seen``: the earliest and latest of its articles'
    publication times (an article stating none counts at the time it was stored), as UTC
    ``YYYY-MM-DDTHH:MM:SSZ``. ``version`` grows whenever its articles change."""

    id: str
    headline: str | None
    articles: int
    outlets: int
    independent_sources: int | None
    first_seen: str | None
    last_seen: str | None
    version: int


# The columns of StoryRow, in its field order, for SELECTs.
STORY_COLUMNS = "id, headline, articles, outlets, independent_sources, first_seen, last_seen, version"


def story_row(row: sqlite3.Row | tuple[object, ...]) -> StoryRow:
    return StoryRow(*row)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An article's stored metadata, without its text: what a list of a story's articles shows.
    ``added``: when the store took it (UTC ``YYYY-MM-DDTHH:MM:SSZ``); ``published`` as given."""

    id: str
    story_id: str | None
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    added: str


# The columns of ArticleRow, in its field order, for SELECTs.
ARTICLE_COLUMNS = "id, story_id, url, source, title, published, added"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article matching a search: its id, its story (None while unassigned), its title, and a
    short passage with the matched words between :data:`MARK_START` and :data:`MARK_END`."""

    article_id: str
    story_id: str | None
    title: str | None
    snippet: str


# Marks around matched words in a snippet: characters that plain news text rarely holds, so
# a page can split on them and escape the rest.
MARK_START = "\u00ab"
MARK_END = "\u00bb"


def encode_document(document: Document) -> str:
    """The Document as JSON without its id and text, which live in their own columns."""
    data = to_dict(document)
    del data["id"], data["text"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_document(doc_id: str, text: str, encoded: str) -> Document:
    data = json.loads(encoded)
    data["id"], data["text"] = doc_id, text
    return from_dict(Document, data)


def utc_instant(value: str | None) -> str | None:
    """An ISO 8601 date or time as UTC ``YYYY-MM-DDTHH:MM:SSZ`` (a time without an offset is
    taken as UTC), so that instants compare as strings; None when it is not ISO 8601."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):  # not ISO 8601, or shifted out of years 1-9999
        return None
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
