"""The story store's pages: the front page (the latest stories) and a story's page (its
articles and its brief in a sandboxed frame). Presentation only: the rows come from
:mod:`storyfuse.web.store_routes`.

Everything shown comes from the articles, so the templates autoescape every value, only
http(s) URLs become links (a ``javascript:`` URL stays text), and the pages run no script:
their CSP allows none, and the brief, in its frame, is sandboxed by its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from fastapi.responses import HTMLResponse

from storyfuse.store import ArticleRow, StoryRow
from storyfuse.web.page import template_response


@dataclass(frozen=True, slots=True)
class Day:
    """The front page's stories last seen on one (UTC) day, the most covered first."""

    heading: str
    stories: tuple[StoryRow, ...]


def front_order(rows: Iterable[StoryRow]) -> list[StoryRow]:
    """Newest and most covered first: by the day a story was last seen, latest day first; within
    a day by outlets, then articles, then the latest seen. A story that ten outlets covered this
    morning leads one that one outlet mentioned this evening, but not yesterday's."""
    return sorted(rows, key=lambda r: (_day(r.last_seen), r.outlets, r.articles, r.last_seen or ""), reverse=True)


def front_days(rows: Iterable[StoryRow]) -> list[Day]:
    """The stories in :func:`front_order`, under one heading per day."""
    days = itertools.groupby(front_order(rows), key=lambda r: _day(r.last_seen))
    return [Day(_day_heading(day), tuple(stories)) for day, stories in days]


def front_page(rows: Sequence[StoryRow], limit: int) -> HTMLResponse:
    """The front page over the latest ``limit`` stories (``rows``)."""
    return template_response("front.html.j2", days=front_days(rows), shown=len(rows), limit=limit,
                             when=display_time, story_url=story_url)


def story_page(row: StoryRow, articles: Sequence[ArticleRow]) -> HTMLResponse:
    """A story's page: its counts, its articles (linked where the URL is http or https) and its brief."""
    base = f"/api/stories/{quote(row.id, safe='')}"
    return template_response("story.html.j2", story=row, articles=articles, brief=f"{base}/brief",
                             details=base, when=display_time, link=safe_link)


def missing_page(story_id: str) -> HTMLResponse:
    """The page for a story the store does not have (404)."""
    return template_response("story.html.j2", status_code=404, story=None, story_id=story_id[:64])


def story_url(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def safe_link(url: str | None) -> str | None:
    """The URL when a link to it can only navigate (http or https), else None: shown as text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # an unbalanced [ in the host
        return None
    return url if scheme in ("http", "https") else None


def display_time(value: str | None) -> str:
    """An ISO 8601 time for people: a stored UTC instant (or an outlet's time with an offset) as
    4 Mar 2026, 16:02 UTC; one without an offset as it reads; a date alone as the date; anything
    else as it is."""
    moment = _moment(value)
    if value is None or moment is None:
        return value or ""
    if len(value.strip()) <= 10:
        return f"{moment.day} {moment:%b %Y}"
    zone = "" if moment.tzinfo is None else " UTC"
    moment = moment if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M}{zone}"


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _day(value: str | None) -> str:
    return (value or "")[:10]  # YYYY-MM-DD of a stored UTC instant; "" sorts last


def _day_heading(day: str) -> str:
    moment = _moment(day)
    return "Undated" if moment is None else f"{moment:%A} {moment.day} {moment:%B %Y}"
