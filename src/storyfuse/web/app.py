"""The FastAPI app of ``storyfuse serve``: the page, the REST API and the page's jobs.

Built by :func:`create_app`; everything the app keeps (its config, the Runner with its
models, the job table) hangs on ``app.state``, so that nothing is shared between apps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

import storyfuse
from storyfuse import Digest, NotFound, RunConfig, Runner
from storyfuse.web import forms
from storyfuse.web.config import WebConfig
from storyfuse.web.errors import install_error_handlers
from storyfuse.web.fetch import fetch_page
from storyfuse.web.jobs import JobTable, JobView, Work
from storyfuse.web.limits import BodyLimit
from storyfuse.web.page import BRIEF_HEADERS, COMMON_HEADERS, page_response
from storyfuse.web.schemas import DigestRequest, Health, JobCreated, JobStatus
from storyfuse.web.service import (
    STAGES,
    Inputs,
    Progress,
    check_inputs,
    checked_words,
    render,
    request_inputs,
    run_digest,
)

Format = Literal["json", "html", "md"]
FormatQuery = Annotated[Format, Query(alias="format", description="json (default for /api/digest), html or md")]
_MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}
_LIMITS: dict[int | str, dict[str, Any]] = {413: {"description": "Body over the size limit, too many articles, or a zip over a limit"},
           422: {"description": "Malformed request, or nothing usable in it (with the rejections)"}}


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The app with its limits; the Runner (the models) is built here, once, not per request."""
    config = config or WebConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.shutdown()

    app = FastAPI(title="storyfuse", version=storyfuse.__version__, lifespan=lifespan,
                  description="Many outlets' reports of one news event in, one attributed brief out.")
    app.state.config = config
    # The brief shows no entity list, so the app skips spaCy (the slowest stage).
    app.state.runner = Runner(RunConfig().override(words=config.words, entities=False))
    app.state.fetch = fetch_page  # replaceable in tests: the network is never needed to test fetching
    app.state.jobs = JobTable(config.job_workers, config.max_pending_jobs, config.max_finished_jobs)
    app.add_middleware(BodyLimit, max_bytes=config.max_request_bytes)
    install_error_handlers(app)
    _page_routes(app)
    _digest_routes(app)
    _job_routes(app)
    return app


def _page_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return page_response(config)

    @app.get("/api/health", tags=["service"])
    def health() -> Health:
        return Health(status="ok", version=storyfuse.__version__)


def _digest_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config

    @app.post("/api/digest", tags=["briefs"], responses={**_LIMITS, 200: {"content": {
        "application/json": {}, "text/html": {}, "text/markdown": {}}}})
    def digest(body: DigestRequest, fmt: FormatQuery = "json") -> Response:
        """The brief of the articles, now: the JSON contract of ``storyfuse digest --format json``
        (``{"stories": [...]}`` for several stories), or ``?format=html`` / ``?format=md``.
        Articles the pipeline cannot use are listed in ``rejected``."""
        words = checked_words(body.words, config)
        inputs = request_inputs(body.articles)
        check_inputs(inputs, config)
        digests = run_digest(app.state.runner, inputs, words, config, fetch=app.state.fetch)
        return _brief_response(render(digests, fmt), fmt)


def _job_routes(app: FastAPI) -> None:
    config: WebConfig = app.state.config
    jobs: JobTable = app.state.jobs

    @app.post("/api/jobs", status_code=202, tags=["jobs"], openapi_extra=forms.JOB_REQUEST_DOC,
              responses={**_LIMITS, 503: {"description": "Too many jobs waiting or running"}})
    async def create_job(request: Request) -> JobCreated:
        """Start a brief in the background: the same JSON body as /api/digest, or a multipart form
        with ``files`` (.txt, .md, .html, .jsonl, .json, .gz, or a .zip of them), ``articles``
        (a JSON list of article objects) and ``words``. Then poll ``GET /api/jobs/{id}``."""
        inputs, words = await forms.job_inputs(request, config)
        check_inputs(inputs, config)
        return JobCreated(id=jobs.submit(_job_work(app, inputs, words)))

    @app.get("/api/jobs/{job_id}", tags=["jobs"], responses={404: {"description": "No such job"}})
    def job_status(job_id: str) -> JobStatus:
        """Where the job is: its state, its stage and ``done`` of ``total`` steps in it."""
        job = _job(jobs, job_id)
        return JobStatus(id=job.id, state=job.state, stage=job.stage, stages=list(STAGES), done=job.done,
                         total=job.total, error=job.error,
                         rejected=[{"path": r.path, "reason": r.reason} for r in job.rejected])

    @app.get("/api/jobs/{job_id}/brief", tags=["jobs"], responses={
        404: {"description": "No such job"}, 409: {"description": "The job is not done, or failed"}})
    def job_brief(job_id: str, fmt: Annotated[Format, Query(alias="format")] = "html") -> Response:
        """A finished job's brief: HTML (default, as the page shows it), JSON or Markdown."""
        job = _job(jobs, job_id)
        if job.state != "done":
            return JSONResponse({"detail": job.error or f"job is {job.state}, not done"}, status_code=409,
                                headers=COMMON_HEADERS)
        text = job.html if fmt == "html" else render(list(job.digests), fmt)
        return _brief_response(text, fmt)


def _job(jobs: JobTable, job_id: str) -> JobView:
    job = jobs.get(job_id)
    if job is None:
        raise NotFound(f"no such job: {job_id[:64]} (only recent jobs are kept)")
    return job


def _job_work(app: FastAPI, inputs: Inputs, words: int) -> Work:
    """The job: the same pipeline as /api/digest, then the HTML brief, reporting each stage."""
    config: WebConfig = app.state.config
    runner: Runner = app.state.runner

    def work(progress: Progress) -> tuple[list[Digest], str]:
        digests = run_digest(runner, inputs, words, config, progress, app.state.fetch)
        progress("rendering", 0, 1)
        html = render(digests, "html")
        progress("rendering", 1, 1)
        return digests, html

    return work


def _brief_response(text: str, fmt: str) -> Response:
    headers = BRIEF_HEADERS if fmt == "html" else COMMON_HEADERS
    return Response(text, media_type=_MEDIA[fmt], headers=dict(headers))
