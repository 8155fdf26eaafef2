"""Settings of the web app: limits on what one request may ask of the server.

Every default says where it came from; ``storyfuse serve`` sets ``allow_fetch``, ``words``
and ``db``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyfuse.errors import ConfigError

# The widest word budget any server allows (the request schema states it): a brief is a page,
# and the summary is copied from the documents, so a budget near their length says nothing.
# The CLI's floor is 10 words. A server may narrow the range, not widen it.
MIN_WORDS = 10
MAX_WORDS = 2000


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Limits and switches for :func:`storyfuse.web.create_app`."""

    # Whole request body, JSON or multipart: the CLI's --max-mb default (20 MB per file), so an
    # upload the CLI would read is not refused here. Larger bodies get 413.
    max_request_bytes: int = 20_000_000
    # Articles per request, after unpacking files and zips. A breaking story has a dozen or two
    # outlets; Multi-News clusters hold 2-10. More gets 413 (a size limit, like the body's).
    max_articles: int = 50
    # Members of an uploaded zip (folders included): a folder of a few dozen saved pages fits
    # many times over; a zip of thousands of tiny files is a way to spend our CPU. More gets 413.
    max_zip_members: int = 200
    # Sum of a zip's uncompressed sizes, declared and counted while reading (zip bombs lie about
    # the declared one): 2.5x the body limit, room for well-compressed text. More gets 413.
    max_zip_expanded_bytes: int = 50_000_000
    # Word budgets a request may ask for (within MIN_WORDS..MAX_WORDS).
    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS
    # Word budget when a request names none (the CLI's --words default).
    words: int = 250
    # Fetching article URLs reaches out from the server's network: off unless --allow-fetch.
    allow_fetch: bool = False
    # Per fetch: connect and read timeouts (seconds), the most bytes read from one page (a news
    # page is rarely over 2 MB of HTML), and redirects followed (each one re-checked).
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 3
    # Pipeline work (page jobs and /api/digest alike): worker processes, each running one job at
    # a time (a process, unlike a thread, can be stopped mid-job: ~200 MB each with its models),
    # jobs waiting or running before new ones get 503, finished jobs kept for polling.
    job_workers: int = 2
    max_pending_jobs: int = 16
    max_finished_jobs: int = 50
    # Seconds a job may run before it is stopped (413): the five-report example takes 0.1 s and
    # 50 long reports a few seconds; a request that needs minutes is one to split.
    job_time_limit: float = 120.0
    # Seconds a page job may go unpolled before it is stopped: the page polls every 0.3 s, so a
    # job no one has asked about for a minute belongs to a closed tab.
    job_idle_limit: float = 60.0
    # The story store served (``storyfuse serve --db``): its front page, story pages and the
    # /api/stories and /api/articles routes. None: no store, the app is the paste page alone.
    db: Path | None = None
    # Seconds a write to the store (articles sent, a brief cached) waits for another writer's
    # lock, such as a running `storyfuse ingest`, before the answer is 503: the store's own
    # default; an ingest holds the lock for one batch of 200 articles, about a second.
    store_timeout: float = 5.0
    # Stories the front page lists: the latest this many (a day of a busy stream).
    front_page_stories: int = 100

    def __post_init__(self) -> None:
        positive = {name: getattr(self, name) for name in (
            "max_request_bytes", "max_articles", "max_zip_members", "max_zip_expanded_bytes", "min_words",
            "fetch_max_bytes", "job_workers", "max_pending_jobs", "max_finished_jobs",
            "front_page_stories")}
        for name, value in positive.items():
            if value < 1:
                raise ConfigError(f"{name} must be at least 1, not {value}")
        if self.min_words < MIN_WORDS or self.max_words > MAX_WORDS:
            raise ConfigError(f"min_words and max_words must lie within {MIN_WORDS}..{MAX_WORDS}")
        if not self.min_words <= self.words <= self.max_words:
            raise ConfigError(f"words must be between {self.min_words} and {self.max_words}, not {self.words}")
        if self.job_time_limit <= 0 or self.job_idle_limit <= 0 or self.store_timeout <= 0:
            raise ConfigError("job_time_limit, job_idle_limit and store_timeout must be positive")
        if self.fetch_timeout <= 0 or self.fetch_max_redirects < 0:
            raise ConfigError("fetch_timeout must be positive and fetch_max_redirects not negative")
