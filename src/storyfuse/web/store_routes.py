"""The routes over a story store (``storyfuse serve --db``): the front page and story pages,
and the REST API: ``GET /api/stories``, ``GET /api/stories/{id}``, ``GET /api/stories/{id}/brief``
and ``POST /api/articles``.

Reading is done here, each request on a read-only connection of its own, opened in the thread
that uses it and closed when it answers (a connection belongs to one thread, and the server's
thread pool is not ours to close; opening one costs about a millisecond). Briefing and
adding articles are jobs of the app's table, run in its worker processes
(:mod:`storyfuse.web.store_tasks`), so they are bounded like every other brief. The app's own
additions go one at a time, so that two requests do not hold two workers waiting on one write
lock (the grouper itself reads its state inside each write transaction, so writers never place
articles from a stale state: :func:`storyfuse.pipeline.stream.ingest_corpus`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from storyfuse.store import Store
from storyfuse.web.answers import Format, brief_response, wait_finished
from storyfuse.web.config import WebConfig
from storyfuse.web.jobs import JobTable, Ticket, Work
from storyfuse.web.openapi import (
    ARTICLES_RESPONSES,
    STORIES_RESPONSES,
    STORY_BRIEF_RESPONSES,
    STORY_RESPONSES,
)
from storyfuse.web.schemas import ArticlesRequest, IngestOut, StoredArticleOut, StoryDetail, StoryOut
from storyfuse.web.service import Inputs, Progress, Result, check_inputs, fetch_all, request_inputs
from storyfuse.web.store_pages import front_page, missing_page, story_page
from storyfuse.web.store_tasks import AddArticles, StoredBrief, cacheable, missing_story, store_errors
from storyfuse.web.workers import WorkerPool

_LIMIT = 1_000_000_000  # more than any store holds; the schema states a bound (SQLite takes 64 bits)
_TURN = 0.05  # seconds between a waiting addition's looks at its ticket
SinceQuery = Annotated[str | None, Query(max_length=100, description="Only stories seen at or after this "
                                         "ISO 8601 date or time (UTC when it states no offset)")]
LimitQuery = Annotated[int | None, Query(ge=1, le=_LIMIT, description="At most this many stories")]
BriefFormat = Annotated[Format, Query(alias="format", description="json (default), html or md")]


def install_store_routes(app: FastAPI) -> None:
    """The store's pages at ``/`` and ``/stories/{id}``, and its REST routes."""
    app.state.adding = threading.Lock()
    _page_routes(app)
    _read_routes(app)
    _brief_route(app)
    _add_route(app)


@contextmanager
def reader(config: WebConfig) -> Iterator[Store]:
    """A read-only connection to the store for this request, in this thread."""
    assert config.db is not None
    with store_errors(), Store.open(config.db, readonly=True, timeout=config.store_timeout) as store:
        yield store


def _page_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config

    @app.get("/", include_in_schema=False)
    def front() -> HTMLResponse:
        with reader(config) as store:
            rows = store.stories(limit=config.front_page_stories)
        return front_page(rows, config.front_page_stories)

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story(story_id: str) -> HTMLResponse:
        with reader(config) as store, store.reading():
            row = store.story(story_id)
            articles = store.articles(story_id) if row is not None else []
        return missing_page(story_id) if row is None else story_page(row, articles)


def _read_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config

    @app.get("/api/stories", tags=["stories"], responses=STORIES_RESPONSES)
    def stories(since: SinceQuery = None, limit: LimitQuery = None) -> list[StoryOut]:
        """The store's stories, the latest ``last_seen`` first: ``storyfuse stories --format json``."""
        with reader(config) as store:
            rows = store.stories(since=since, limit=limit)
        return [StoryOut(**asdict(row)) for row in rows]

    @app.get("/api/stories/{story_id}", tags=["stories"], responses=STORY_RESPONSES)
    def story(story_id: str) -> StoryDetail:
        """A story and its articles (ids, titles, outlets, URLs, times; not their text)."""
        with reader(config) as store, store.reading():
            row = store.story(story_id)
            if row is None:
                raise missing_story(story_id)
            articles = store.articles(story_id)
        return StoryDetail(story=StoryOut(**asdict(row)),
                           articles=[StoredArticleOut.model_validate(asdict(a)) for a in articles])


def _brief_route(app: FastAPI) -> None:
    config: WebConfig = app.state.config
    jobs: JobTable = app.state.jobs
    workers: WorkerPool = app.state.workers

    @app.get("/api/stories/{story_id}/brief", tags=["stories"], responses=STORY_BRIEF_RESPONSES)
    async def story_brief(story_id: str, request: Request, fmt: BriefFormat = "json") -> Response:
        """The story's brief, made from its stored articles: JSON (the contract of ``storyfuse
        digest --format json``), ``?format=html`` or ``?format=md``. Made in a worker the first
        time, then (with the server's default word budget) kept until the story changes, in the
        cache ``storyfuse digest --db`` shares. 503 while another program holds the store's
        write lock past the server's wait."""
        keep = cacheable(config.words)
        text = await run_in_threadpool(_cached, config, story_id, fmt, keep)
        if text is None:
            assert config.db is not None
            task = StoredBrief(config.db, story_id, fmt, keep, config.store_timeout)
            job = await wait_finished(request, jobs, jobs.submit(_in_worker(workers, task), listed=False))
            if job is None:
                return Response(status_code=499)  # the client went away: no one reads this
            if job.failure is not None:
                raise job.failure
            text = job.rendered
        return brief_response(api_json(text) if fmt == "json" else text, fmt)


def _cached(config: WebConfig, story_id: str, fmt: str, keep: bool) -> str | None:
    """The kept brief, or None (to be made); a story the store does not have is a 404."""
    with reader(config) as store:
        if store.story(story_id) is None:
            raise missing_story(story_id)
        return store.cached_brief(story_id, fmt) if keep else None


def api_json(text: str) -> str:
    """The CLI's JSON (what the cache holds) as the API's: one story's brief is one object, as
    /api/digest answers it (the CLI indents it, so it opens with a line of its own); several
    (Multi-News clusters), which the CLI writes as JSON Lines, become ``{"stories": [...]}``."""
    if text.startswith("{\n"):
        return text
    stories = [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.dumps({"stories": stories}, ensure_ascii=False, indent=2) + "\n"


def _add_route(app: FastAPI) -> None:
    config: WebConfig = app.state.config
    jobs: JobTable = app.state.jobs

    @app.post("/api/articles", tags=["stories"], response_model=IngestOut, responses=ARTICLES_RESPONSES)
    async def add_articles(body: ArticlesRequest, request: Request) -> Response:
        """Add articles to the store, as ``storyfuse ingest`` does: each is cleaned and joins the
        story it is about, or starts one; one already stored (same URL or text) adds nothing.
        The body, its limits and its checks are /api/digest's. The answer says where each
        article went, and lists those that could not be used; 503 while another program holds
        the store's write lock past the server's wait."""
        inputs = request_inputs(body.articles)
        check_inputs(inputs, config)
        job = await wait_finished(request, jobs, jobs.submit(_adding(app, inputs), listed=False))
        if job is None:
            return Response(status_code=499)  # the client went away: no one reads this
        if job.failure is not None:
            raise job.failure
        return Response(job.rendered, media_type="application/json")  # IngestOut, made in the worker


def _adding(app: FastAPI, inputs: Inputs) -> Work:
    """The job: fetch what must be fetched here, then clean and add in a worker, one addition
    of the app's at a time."""
    config: WebConfig = app.state.config
    workers: WorkerPool = app.state.workers
    fetch = app.state.fetch
    lock: threading.Lock = app.state.adding
    assert config.db is not None
    db = config.db

    def work(progress: Progress, ticket: Ticket) -> Result:
        articles, rejected = fetch_all(inputs, config, progress, fetch)
        with _turn(lock, ticket):
            return workers.run(AddArticles(db, articles, rejected, config.store_timeout), progress, ticket)

    return work


def _in_worker(workers: WorkerPool, task: StoredBrief) -> Work:
    def work(progress: Progress, ticket: Ticket) -> Result:
        return workers.run(task, progress, ticket)

    return work


@contextmanager
def _turn(lock: threading.Lock, ticket: Ticket) -> Iterator[None]:
    """Hold ``lock``, waiting for it as long as the job may go on (its time limit counts)."""
    while not lock.acquire(timeout=_TURN):
        ticket.check()
    try:
        yield
    finally:
        lock.release()
