"""The FastAPI app of ``storyfuse serve``: the page, the REST API and the page's jobs.

Built by :func:`create_app`; everything the app keeps (its config, the worker processes with
their models, the job table, the CSRF token) hangs on ``app.state``, so that nothing is shared
between apps. Every brief, /api/digest's too, is a job of the table run in a worker process,
so the pipeline's work is bounded in count and time, and stops when its client goes away.
With a story store (``WebConfig.db``) the app also serves its stories
(:mod:`storyfuse.web.store_routes`): the front page takes ``/`` and the paste page moves to
``/new``.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

import storyfuse
from storyfuse import NotFound, RunConfig
from storyfuse.store import Store
from storyfuse.web import forms
from storyfuse.web.answers import Format, brief_response, wait_finished
from storyfuse.web.config import WebConfig
from storyfuse.web.errors import CatchAll, ErrorResponse, install_error_handlers
from storyfuse.web.fetch import fetch_page
from storyfuse.web.guard import RequestGuard
from storyfuse.web.jobs import JobTable, JobView, Ticket, Work
from storyfuse.web.limits import BodyLimit
from storyfuse.web.openapi import (
    DIGEST_RESPONSES,
    JOB_BRIEF_RESPONSES,
    JOB_RESPONSES,
    STATUS_RESPONSES,
    install_openapi,
    job_request_doc,
)
from storyfuse.web.page import COMMON_HEADERS, page_response
from storyfuse.web.schemas import DigestRequest, Health, JobCreated, JobStatus, Rejected
from storyfuse.web.service import (
    STAGES,
    Inputs,
    Progress,
    Result,
    check_inputs,
    checked_words,
    fetch_all,
    render,
    request_inputs,
)
from storyfuse.web.store_routes import install_store_routes
from storyfuse.web.workers import Task, WorkerPool

FormatQuery = Annotated[Format, Query(alias="format", description="json (default for /api/digest), html or md")]


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The app with its limits; the workers (the models) are started with the app, not per request.
    A ``config.db`` that is no usable store raises its one-line error now, not at the first
    request; a missing one is created (empty, for ``POST /api/articles`` to fill)."""
    config = config or WebConfig()
    if config.db is not None:
        Store.open(config.db, timeout=config.store_timeout).close()  # created, or brought up to date

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.jobs.open()
        app.state.workers.start()
        yield
        close_app(app)

    app = FastAPI(title="storyfuse", version=storyfuse.__version__, lifespan=lifespan,
                  description="Many outlets' reports of one news event in, one attributed brief out.")
    app.state.config = config
    # The brief shows no entity list, so the app skips spaCy (the slowest stage).
    app.state.workers = WorkerPool(config.job_workers, RunConfig().override(words=config.words, entities=False))
    app.state.fetch = fetch_page  # replaceable in tests: the network is never needed to test fetching
    app.state.jobs = JobTable(config.job_workers, config.max_pending_jobs, config.max_finished_jobs,
                              config.job_time_limit, config.job_idle_limit)
    app.state.csrf_token = secrets.token_urlsafe(32)
    # Added innermost first: CatchAll sees every request, then the size limit, then the guard.
    app.add_middleware(RequestGuard, token=app.state.csrf_token, form_paths=frozenset({"/api/jobs"}),
                       router=app.router)
    app.add_middleware(BodyLimit, max_bytes=config.max_request_bytes)
    app.add_middleware(CatchAll)
    install_error_handlers(app)
    _page_routes(app)
    _digest_routes(app)
    _job_routes(app)
    if config.db is not None:
        install_store_routes(app)
    install_openapi(app, config)
    return app


def close_app(app: FastAPI) -> None:
    """Stop every job and kill the workers (the lifespan's end; tests call it for apps they
    use without one)."""
    app.state.jobs.shutdown()
    app.state.workers.close()


def _page_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config

    @app.get("/new" if config.db is not None else "/", include_in_schema=False)
    def index() -> HTMLResponse:
        return page_response(config, app.state.csrf_token)

    @app.get("/api/health", tags=["service"])
    def health() -> Health:
        return Health(status="ok", version=storyfuse.__version__)


def _digest_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config
    jobs: JobTable = app.state.jobs

    @app.post("/api/digest", tags=["briefs"], responses=DIGEST_RESPONSES)
    async def digest(body: DigestRequest, request: Request, fmt: FormatQuery = "json") -> Response:
        """The brief of the articles, now: the JSON contract of ``storyfuse digest --format json``
        (``{"stories": [...]}`` for several stories), or ``?format=html`` / ``?format=md``.
        Articles the pipeline cannot use are listed in ``rejected``. The work stops when the
        client disconnects, or at the server's time limit (413)."""
        words = checked_words(body.words, config)
        inputs = request_inputs(body.articles)
        check_inputs(inputs, config)
        job = await wait_finished(request, jobs, jobs.submit(_job_work(app, inputs, words, fmt), listed=False))
        if job is None:
            return Response(status_code=499)  # the client went away: no one reads this
        if job.failure is not None:
            raise job.failure
        return brief_response(job.rendered, fmt)


def _job_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config
    jobs: JobTable = app.state.jobs

    @app.post("/api/jobs", status_code=202, tags=["jobs"], openapi_extra=job_request_doc(config),
              responses=JOB_RESPONSES)
    async def create_job(request: Request) -> JobCreated:
        """Start a brief in the background: the same JSON body as /api/digest, or the page's
        multipart form (with its ``X-CSRF-Token`` header) with ``files`` (.txt, .md, .html, .jsonl,
        .json, .gz, or a .zip of them), ``articles`` (a JSON list of article objects) and
        ``words``. Then poll ``GET /api/jobs/{id}``: a job no one polls for a minute is stopped,
        as is one over the server's time limit."""
        inputs, words = await forms.job_inputs(request, config)
        check_inputs(inputs, config)
        return JobCreated(id=jobs.submit(_job_work(app, inputs, words, "html")))

    @app.get("/api/jobs/{job_id}", tags=["jobs"], responses=STATUS_RESPONSES)
    def job_status(job_id: str) -> JobStatus:
        """Where the job is: its state, its stage and ``done`` of ``total`` steps in it."""
        job = _job(jobs, job_id)
        return JobStatus(id=job.id, state=job.state, stage=job.stage, stages=list(STAGES), done=job.done,
                         total=job.total, error=job.error,
                         rejected=[Rejected(path=r.path, reason=r.reason) for r in job.rejected])

    @app.get("/api/jobs/{job_id}/brief", tags=["jobs"], responses=JOB_BRIEF_RESPONSES)
    def job_brief(job_id: str, fmt: Annotated[Format, Query(alias="format")] = "html") -> Response:
        """A finished job's brief: HTML (default, as the page shows it), JSON or Markdown."""
        job = _job(jobs, job_id)
        if job.state != "done":
            return ErrorResponse({"detail": job.error or f"job is {job.state}, not done"}, status_code=409,
                                 headers=COMMON_HEADERS)
        text = job.rendered if fmt == "html" else render(list(job.digests), fmt)
        return brief_response(text, fmt)


def _job(jobs: JobTable, job_id: str) -> JobView:
    job = jobs.get(job_id)
    if job is None:
        raise NotFound(f"no such job: {job_id[:64]} (only recent jobs are kept)")
    return job


def _job_work(app: FastAPI, inputs: Inputs, words: int, fmt: str) -> Work:
    """The job: fetch what must be fetched here, then the pipeline in a worker process."""
    config: WebConfig = app.state.config
    workers: WorkerPool = app.state.workers
    fetch = app.state.fetch

    def work(progress: Progress, ticket: Ticket) -> Result:
        articles, rejected = fetch_all(inputs, config, progress, fetch)
        return workers.run(Task(articles, rejected, words, fmt), progress, ticket)

    return work
