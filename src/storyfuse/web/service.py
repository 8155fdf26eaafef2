"""Requests to briefs: fetch what must be fetched (in the server), then the pipeline (in a
worker process, :mod:`storyfuse.web.workers`).

The worker's runner (built once per process, so its models are loaded once) runs the pipeline
with each request's word budget; its stage events become the page's five phases of progress.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyfuse import Article, Digest, InputError, NothingUsable, Rejection, Runner, StageEvent, to_dict
from storyfuse.report import render_digests
from storyfuse.web.config import WebConfig
from storyfuse.web.fetch import FetchedPage, fetch_page, page_article
from storyfuse.web.limits import check_count
from storyfuse.web.schemas import STAGES, ArticleIn

# The page's phase for each pipeline stage (stages not named here are analysis); segmenting
# is part of cleaning, whose progress the clean stage's per-article events already show.
_PHASES = {"read": "reading", "clean": "cleaning", "candidates": "summarising",
           "quick-candidates": "summarising", "summarize": "summarising", "verify": "summarising",
           "brief": "summarising"}
_QUIET = frozenset({"segment"})
# stage, steps done, steps in the stage
Progress = Callable[[str, int, int], None]
Fetcher = Callable[[str, WebConfig], FetchedPage]
# A brief and its rendering (HTML for the page's jobs, the asked-for format for /api/digest).
Result = tuple[list[Digest], str]


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a request brought: articles ready to clean, articles still to fetch, rejections."""

    articles: tuple[Article, ...] = ()
    to_fetch: tuple[Article, ...] = ()
    rejected: tuple[Rejection, ...] = ()

    def __add__(self, other: Inputs) -> Inputs:
        return Inputs(self.articles + other.articles, self.to_fetch + other.to_fetch,
                      self.rejected + other.rejected)


def checked_words(words: int | None, config: WebConfig) -> int:
    """The request's word budget, or the server's; 422 outside the allowed range."""
    if words is None:
        return config.words
    if not config.min_words <= words <= config.max_words:
        raise InputError("words", f"must be between {config.min_words} and {config.max_words}, not {words}")
    return words


def request_inputs(items: Sequence[ArticleIn]) -> Inputs:
    """A request's articles as :class:`Article` records; an id given twice is a 422."""
    articles: list[Article] = []
    to_fetch: list[Article] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        article = _article(item, n)
        if article.id in seen:
            raise InputError(article.path, f"duplicate article id {article.id!r}")
        seen.add(article.id)
        body = article.text if article.text is not None else article.html
        if body is None:
            to_fetch.append(article)
        elif body.strip():
            articles.append(article)
        else:
            rejected.append(Rejection(article.path, "empty article: no text"))
    return Inputs(tuple(articles), tuple(to_fetch), tuple(rejected))


def _article(item: ArticleIn, n: int) -> Article:
    return Article(id=item.id or f"article-{n + 1}", path=f"articles[{n}]", text=item.text, html=item.html,
                   url=item.url, source=item.source, title=item.title, published=item.published,
                   language=item.language)


def check_inputs(inputs: Inputs, config: WebConfig) -> None:
    """Limits that hold for the whole request: article count, fetching allowed, something there."""
    check_count("articles", len(inputs.articles) + len(inputs.to_fetch), config.max_articles)
    if inputs.to_fetch and not config.allow_fetch:
        raise InputError(inputs.to_fetch[0].path, "fetching URLs is off; start with --allow-fetch "
                                                  "(or send the article's text or html)")
    if not inputs.articles and not inputs.to_fetch:
        raise NothingUsable(inputs.rejected)


def digest_articles(runner: Runner, articles: Sequence[Article], rejected: Sequence[Rejection], words: int,
                    fmt: str, progress: Progress = lambda *_: None) -> Result:
    """Clean, analyse, summarise and render: one digest per story, and the brief in ``fmt``."""
    hook = phase_hook(progress)
    corpus = runner.clean_articles(articles, rejected, on_stage=hook)
    if not corpus.documents:
        raise NothingUsable(corpus.rejected)
    digests = runner.digest(corpus, config=runner.config.override(words=words), on_stage=hook)
    progress("rendering", 0, 1)
    text = render(digests, fmt)
    progress("rendering", 1, 1)
    return digests, text


def phase_hook(progress: Progress) -> Callable[[StageEvent], None]:
    """Stage events as the page's phases, only ever moving forward: the stories run one after
    another through every stage, so a phase shows the most stories (or articles) any of its
    stages has done, and a later story's analysis does not send the page back a phase."""
    reached = {"phase": 0, "done": 0}

    def on_stage(event: StageEvent) -> None:
        phase = STAGES.index(_PHASES.get(event.stage, "analysing"))
        if event.stage in _QUIET or phase < reached["phase"]:
            return
        if phase > reached["phase"]:
            reached.update(phase=phase, done=0)
        reached["done"] = max(reached["done"], event.done)
        progress(STAGES[phase], reached["done"], event.total)

    return on_stage


def fetch_all(inputs: Inputs, config: WebConfig, progress: Progress,
              fetch: Fetcher = fetch_page) -> tuple[tuple[Article, ...], tuple[Rejection, ...]]:
    """Fetched pages join the articles; a URL that fails is a rejection, not an error. Progress
    is reported before each fetch, so a job stopped meanwhile stops between pages."""
    articles = list(inputs.articles)
    rejected = list(inputs.rejected)
    total = len(inputs.to_fetch)
    for n, article in enumerate(inputs.to_fetch):
        progress("reading", n, total)
        url = article.url or ""
        try:
            articles.append(page_article(fetch(url, config), article))
        except InputError as exc:  # FetchRefused, or a page that does not decode
            rejected.append(Rejection(f"{article.path} {url}", exc.reason))
    progress("reading", total, total)
    return tuple(articles), tuple(rejected)


def render(digests: list[Digest], fmt: str) -> str:
    """The brief in ``fmt``: JSON is the contract of ``storyfuse digest --format json``.

    One story: exactly that JSON object. Several stories (an upload of Multi-News clusters):
    ``{"stories": [...]}`` with one such object each, where the CLI writes JSON Lines.
    """
    if fmt == "json" and len(digests) > 1:
        return json.dumps({"stories": [to_dict(d) for d in digests]}, ensure_ascii=False, indent=2) + "\n"
    return render_digests(digests, fmt)
