"""The bodies the API accepts and answers, as Pydantic models: the OpenAPI schema is made from
these, so every rule a request is checked against is declared here, where the schema states it.

Field names follow the JSON Lines input format of ``storyfuse clean`` (``text`` or ``html``,
``id``, ``url``, ``source``, ``title``, ``published``), so one record works in both.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storyfuse.web.config import MAX_WORDS, MIN_WORDS

_SHORT = 1000  # metadata fields: a title or outlet name, never an article
Stage = Literal["reading", "cleaning", "analysing", "summarising", "rendering"]
STAGES: tuple[Stage, ...] = get_args(Stage)
JobState = Literal["queued", "running", "done", "failed"]
# The rule of ``ArticleIn._has_body`` in JSON Schema: a non-null text, html or non-empty url,
# and never both text and html (null counts as absent, as in JSON Lines records).
_BODY_RULE: dict[str, Any] = {
    "anyOf": [{"required": ["text"], "properties": {"text": {"type": "string"}}},
              {"required": ["html"], "properties": {"html": {"type": "string"}}},
              {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}}],
    "not": {"required": ["text", "html"], "properties": {"text": {"type": "string"}, "html": {"type": "string"}}},
}


class ArticleIn(BaseModel):
    """One article: its ``text`` (a plain-text scrape) or ``html`` (a page), or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, json_schema_extra=_BODY_RULE)

    text: str | None = Field(None, description="Plain text of the article (page clutter is cleaned).")
    html: str | None = Field(None, description="HTML of the article's page (main text is extracted).")
    url: str | None = Field(None, max_length=2048, description="Where it was published; fetched only when "
                            "text and html are missing and the server runs with --allow-fetch.")
    id: str | None = Field(None, min_length=1, max_length=200, description="Article id (default article-N).")
    source: str | None = Field(None, max_length=_SHORT, description="Outlet name.")
    title: str | None = Field(None, max_length=_SHORT, description="Headline.")
    published: str | None = Field(None, max_length=200, description="Publication date and time.")
    language: str | None = Field(None, max_length=20, description="Language code (en); the server's "
                                 "language when storyfuse has no profile for it.")

    @model_validator(mode="after")
    def _has_body(self) -> Self:
        if self.text is None and self.html is None and not self.url:
            raise ValueError("an article needs 'text', 'html' or 'url'")
        if self.text is not None and self.html is not None:
            raise ValueError("give an article's 'text' or its 'html', not both")
        return self


# Shown in /docs and sent by the schema tests: two outlets' reports of one event.
_EXAMPLE: dict[str, Any] = {"articles": [
    {"id": "northwire", "source": "Northwire", "title": "Harbour bridge reopens",
     "text": "The Calderhaven harbour bridge reopened on Monday after three weeks of repairs, the city "
             "council said. Mayor Ana Ruiz said traffic would return to normal by Friday."},
    {"id": "coastal-ledger", "source": "Coastal Ledger",
     "text": "Calderhaven's harbour bridge opened again on Monday, council officials said. The repairs "
             "took three weeks and cost 2 million euros, according to the council."}], "words": 60}


class DigestRequest(BaseModel):
    """Articles of one news event and the summary's word budget."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    articles: list[ArticleIn] = Field(min_length=1, description="The reports, at least one.")
    # strict: a JSON integer, not "120" or 120.5 (the schema says integer).
    words: Annotated[int, Field(ge=MIN_WORDS, le=MAX_WORDS, strict=True)] | None = Field(
        None, description="Word budget of the summary (server default when absent).")


class Rejected(BaseModel):
    """An input the pipeline could not use, and why."""

    path: str
    reason: str


class FieldError(BaseModel):
    """One problem of a malformed request body: where (``loc``) and what."""

    type: str
    loc: list[str | int]
    msg: str


class ErrorAnswer(BaseModel):
    """Every error answer: ``detail`` is one line a person can read; a malformed body adds
    ``errors`` (one per problem), and a request with nothing usable adds ``rejected``."""

    detail: str
    errors: list[FieldError] | None = None
    rejected: list[Rejected] | None = None


class JobCreated(BaseModel):
    id: str


class JobStatus(BaseModel):
    """A background job: ``state`` is queued, running, done or failed; ``stage`` one of the
    pipeline stages (reading, cleaning, analysing, summarising, rendering), ``done`` of ``total``
    steps within it."""

    id: str
    state: JobState
    stage: Stage | None = None
    stages: list[Stage]
    done: int = 0
    total: int = 0
    error: str | None = None
    rejected: list[Rejected] = Field(default_factory=list)


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class DigestOut(BaseModel):
    """One story's brief: the JSON contract of ``storyfuse digest --format json`` (the README
    describes every key; only the top level is stated here)."""

    model_config = ConfigDict(extra="allow")

    schema_version: str
    documents: list[dict[str, Any]]
    rejected: list[Rejected]
    facts: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    brief: dict[str, Any]


class StoriesOut(BaseModel):
    """Several stories (an upload of Multi-News clusters): one brief each."""

    stories: list[DigestOut]


# ---- the story store (``storyfuse serve --db``) ------------------------------------------------

class ArticlesRequest(BaseModel):
    """Articles to add to the story store: /api/digest's ``articles``, with its rules and limits."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"articles": _EXAMPLE["articles"]}]})

    articles: list[ArticleIn] = Field(min_length=1, description="The reports, at least one.")


class StoryOut(BaseModel):
    """A story of the store, as ``storyfuse stories --format json`` lists it: ``articles`` and
    ``outlets`` (distinct sources) count its articles, ``independent_sources`` is known once it
    has been briefed, ``first_seen``/``last_seen`` are UTC, and ``version`` grows whenever its
    articles change."""

    id: str
    headline: str | None
    articles: int
    outlets: int
    independent_sources: int | None
    first_seen: str | None
    last_seen: str | None
    version: int


class StoredArticleOut(BaseModel):
    """One of a story's articles, without its text: ``published`` as the outlet gave it,
    ``added`` when the store took it (UTC)."""

    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    added: str


class StoryDetail(BaseModel):
    """A story and its articles, in the order the store took them."""

    story: StoryOut
    articles: list[StoredArticleOut]


class PlacedArticle(BaseModel):
    """Where one sent article is in the store: ``stored_id`` is the id it is kept under (its own,
    another when that was taken, or the stored copy's when the store had it already), ``added``
    false when the store had it already (same URL or same text), ``new_story`` when it started
    its story."""

    id: str
    path: str
    stored_id: str
    story: str | None
    added: bool
    new_story: bool


class IngestOut(BaseModel):
    """What adding articles did: how many were new and already stored, the stories started and
    the stories joined, each usable article's place, and the articles that could not be used."""

    added: int
    already: int
    new_stories: list[str]
    joined_stories: list[str]
    articles: list[PlacedArticle]
    rejected: list[Rejected]
