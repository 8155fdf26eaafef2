"""The story store's heavy work, run in a worker process (:mod:`storyfuse.web.workers`): a
stored story's brief, and sent articles cleaned and added to the store.

Both are bounded like every brief (a job's time limit, its client going away, the server
stopping: the worker is killed). Each opens the store in the worker, read-write, for the task
alone: a connection belongs to the one thread that made it, and a worker killed mid-write
leaves the store as SQLite's transactions leave it, each batch whole or absent.

A store another program is writing to (a running ``storyfuse ingest``) is waited for up to
``timeout`` seconds; after that the store's one-line error becomes :class:`Busy` (503), also
for the server's own read-only connections (:func:`store_errors`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from storyfuse import Article, Digest, NothingUsable, Rejection, Runner
from storyfuse.errors import Busy, NotFound, StoryfuseError
from storyfuse.model import Corpus
from storyfuse.pipeline.stream import IngestReport, content_hash, ingest_corpus, stored_briefs
from storyfuse.report import render_digests
from storyfuse.store import Store
from storyfuse.store.schema import is_busy
from storyfuse.summarize import SummaryConfig
from storyfuse.web.schemas import IngestOut, PlacedArticle, Rejected
from storyfuse.web.service import Progress, Result, phase_hook

# Where an article is stored: (its stored id, its story), or None while it is not.
Place = tuple[str, str | None] | None


def cacheable(words: int) -> bool:
    """Whether briefs made with this word budget may be cached: the cache knows no settings, so
    only the default brief is kept (as ``storyfuse digest --db`` keeps it; the server, like
    that command by default, finds no entities and uses no embeddings)."""
    return words == SummaryConfig().words


@dataclass(frozen=True, slots=True)
class StoredBrief:
    """One stored story's brief in ``fmt``, made from its stored articles: the cached one while
    the story is unchanged, else made now and (when ``cacheable``) cached, in the CLI's
    rendering, so that ``storyfuse digest --db`` and the server share the cache."""

    db: Path
    story_id: str
    fmt: str
    cacheable: bool
    timeout: float

    def run(self, runner: Runner, progress: Progress) -> Result:
        with store_errors(), Store.open(self.db, timeout=self.timeout) as store:
            try:
                (text,) = stored_briefs(runner, store, [self.story_id], self._render, key=self.fmt,
                                        cacheable=self.cacheable)
            except NotFound:  # merged into another story since the request looked: its own words
                raise missing_story(self.story_id) from None
        return [], text

    def _render(self, digests: list[Digest]) -> str:
        return render_digests(digests, self.fmt)


@dataclass(frozen=True, slots=True)
class AddArticles:
    """Sent articles (fetched already) cleaned and added to the store, each placed in its story
    (``ingest_corpus``, as ``storyfuse ingest`` does); the answer is :class:`IngestOut` as JSON."""

    db: Path
    articles: tuple[Article, ...]
    rejected: tuple[Rejection, ...]
    timeout: float

    def run(self, runner: Runner, progress: Progress) -> Result:
        corpus = runner.clean_articles(self.articles, self.rejected, on_stage=phase_hook(progress))
        if not corpus.documents:
            raise NothingUsable(corpus.rejected)
        progress("analysing", 0, len(corpus.documents))
        with store_errors(), Store.open(self.db, timeout=self.timeout) as store:
            before = _places(store, corpus)
            report = ingest_corpus(corpus, store, language=runner.config.language)
            after = _places(store, corpus)
        progress("analysing", len(corpus.documents), len(corpus.documents))
        return [], ingest_answer(corpus, report, before, after).model_dump_json()


def _places(store: Store, corpus: Corpus) -> list[Place]:
    return [store.locate(doc.url, content_hash(doc.text)) for doc in corpus.documents]


def ingest_answer(corpus: Corpus, report: IngestReport, before: Sequence[Place],
                  after: Sequence[Place]) -> IngestOut:
    """The answer to sent articles: each one's place, from where the store had them before and
    after. An article is added when it was not stored before and no earlier one of the same
    request (same URL or text) took its place; it started its story when that story is new and
    no earlier one of the request is in it."""
    placed: list[PlacedArticle] = []
    claimed: set[str] = set()
    started: set[str | None] = set()
    for doc, was, now in zip(corpus.documents, before, after, strict=True):
        stored_id, story = now if now is not None else (doc.id, None)
        added = was is None and stored_id not in claimed
        new_story = added and story in report.new_stories and story not in started
        claimed.add(stored_id)
        started.add(story)
        placed.append(PlacedArticle(id=doc.id, path=doc.path, stored_id=stored_id, story=story, added=added,
                                    new_story=new_story))
    return IngestOut(added=report.added, already=report.already, new_stories=sorted(report.new_stories),
                     joined_stories=sorted(report.touched - report.new_stories), articles=placed,
                     rejected=[Rejected(path=r.path, reason=r.reason) for r in report.rejected])


def missing_story(story_id: str) -> NotFound:
    """A 404 naming the story, not the server's path to its store."""
    return NotFound(f"no story {story_id[:64]!r} in the store")


@contextmanager
def store_errors() -> Iterator[None]:
    """The store's one-line "busy" error as :class:`Busy` (503, try again shortly). The store
    raises it from SQLite's error, which stays its context."""
    try:
        yield
    except StoryfuseError as exc:
        cause = exc.__context__
        if not isinstance(exc, Busy) and isinstance(cause, sqlite3.Error) and is_busy(cause):
            raise Busy("the story store is busy: another program (such as storyfuse ingest) is writing to "
                       "it; try again shortly") from None
        raise
