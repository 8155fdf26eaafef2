"""What the OpenAPI schema says beyond the models: every answer an endpoint can give (errors
with :class:`ErrorAnswer`, the brief in each of its media types), the job request's two body
types, and the server's own word-budget range.

Kept next to the code that gives those answers (the tests run schemathesis against it), so
that the schema a client generates code from is the API it talks to.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from storyfuse.web.config import WebConfig
from storyfuse.web.guard import TOKEN_HEADER
from storyfuse.web.schemas import DigestOut, ErrorAnswer, StoriesOut

Responses = dict[int | str, dict[str, Any]]
_TEXT = {"schema": {"type": "string"}}


def error(description: str) -> dict[str, Any]:
    return {"model": ErrorAnswer, "description": description}


BAD_REQUEST: Responses = {
    413: error("Body over the size limit, too many articles, a zip over a limit, or a brief that took "
               "longer than the time limit"),
    415: error("Not application/json (or the page's form without its X-CSRF-Token header)"),
    422: error("Malformed request (with each problem in `errors`), or nothing usable in it (with the "
               "rejections in `rejected`)"),
}
BUSY: Responses = {503: error("Too many jobs waiting or running, or the server is stopping")}
NO_JOB: Responses = {404: error("No such job (only recent jobs are kept)")}
BAD_QUERY: Responses = {422: error("An unknown `format`")}
BRIEF: dict[str, Any] = {"model": DigestOut | StoriesOut,
                         "description": "The brief: JSON (`{\"stories\": [...]}` for several stories), "
                                        "HTML or Markdown, as `format` asks",
                         "content": {"text/html": _TEXT, "text/markdown": _TEXT}}
DIGEST_RESPONSES: Responses = {200: BRIEF, **BAD_REQUEST, **BUSY}
JOB_RESPONSES: Responses = {**BAD_REQUEST, **BUSY}
STATUS_RESPONSES: Responses = {**NO_JOB, 422: error("Malformed request")}
JOB_BRIEF_RESPONSES: Responses = {200: BRIEF, **NO_JOB, **BAD_QUERY,
                                  409: error("The job is not done yet, or it failed (`detail` says why)")}
# The story store's routes (``storyfuse serve --db``). Any of them may meet the store locked by
# another writer (a running `storyfuse ingest`) for longer than the server waits: 503.
STORE_BUSY: Responses = {503: error("The story store is busy (another program is writing to it), too many "
                                    "jobs are waiting or running, or the server is stopping: try again shortly")}
NO_STORY: Responses = {404: error("No such story in the store")}
STORIES_RESPONSES: Responses = {422: error("A `since` that is not an ISO 8601 date or time, or a `limit` "
                                           "that is not a positive integer"), **STORE_BUSY}
STORY_RESPONSES: Responses = {**NO_STORY, 422: error("Malformed request"), **STORE_BUSY}
STORY_BRIEF_RESPONSES: Responses = {200: BRIEF, **NO_STORY, **BAD_QUERY, **STORE_BUSY,
                                    413: error("The brief took longer than the time limit")}
ARTICLES_RESPONSES: Responses = {**BAD_REQUEST, **STORE_BUSY}


def job_request_doc(config: WebConfig) -> dict[str, Any]:
    """The body of ``POST /api/jobs``: /api/digest's JSON, or the page's form (with its token)."""
    fields: dict[str, Any] = {
        "articles": {"type": "string", "description": "JSON list of article objects (as in /api/digest)"},
        "words": {"type": "integer", "minimum": config.min_words, "maximum": config.max_words,
                  "description": "Word budget of the summary"}}
    files = {"type": "array", "items": {"type": "string", "format": "binary"},
             "description": ".txt, .md, .html, .jsonl, .json, .gz, or a .zip of them"}
    return {
        "parameters": [{"name": TOKEN_HEADER, "in": "header", "required": False, "schema": {"type": "string"},
                        "description": "Forms only: the CSRF token of the page (its `storyfuse-csrf` meta "
                                       "tag); a form without it is refused (415)"}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DigestRequest"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {**fields, "files": files}}},
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": fields}}}}}


def install_openapi(app: FastAPI, config: WebConfig) -> None:
    """The app's schema as FastAPI makes it, with this server's word-budget range."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            _word_range(schema, config)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _word_range(schema: dict[str, Any], config: WebConfig) -> None:
    """The model states the widest range any server allows; this one may allow less."""
    words = schema["components"]["schemas"]["DigestRequest"]["properties"]["words"]
    for branch in words.get("anyOf", [words]):
        if branch.get("type") == "integer":
            branch.update(minimum=config.min_words, maximum=config.max_words)
