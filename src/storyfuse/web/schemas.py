"""The request bodies the API accepts, as Pydantic models (malformed input is a 422).

Field names follow the JSON Lines input format of ``storyfuse clean`` (``text`` or ``html``,
``id``, ``url``, ``source``, ``title``, ``published``), so one record works in both.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

_SHORT = 1000  # metadata fields: a title or outlet name, never an article


class ArticleIn(BaseModel):
    """One article: its ``text`` (a plain-text scrape) or ``html`` (a page), or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

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


class DigestRequest(BaseModel):
    """Articles of one news event and the summary's word budget."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, description="The reports, at least one.")
    words: int | None = Field(None, description="Word budget of the summary (server default when absent).")


class JobCreated(BaseModel):
    id: str


class JobStatus(BaseModel):
    """A background job: ``state`` is queued, running, done or failed; ``stage`` one of the
    pipeline stages (reading, cleaning, analysing, summarising, rendering), ``done`` of ``total``
    steps within it."""

    id: str
    state: str
    stage: str | None = None
    stages: list[str]
    done: int = 0
    total: int = 0
    error: str | None = None
    rejected: list[dict[str, str]] = Field(default_factory=list)


class Health(BaseModel):
    status: str
    version: str
