"""A stream of articles into a story store: read and clean (the runner), place each new article
in a story (:class:`storyfuse.stories.StoryIndex`), write (:class:`storyfuse.store.Store`).

Incremental and idempotent: an article already stored (same URL or same text) is skipped
before it is placed, so the same feed twice adds nothing. Each batch of ``BATCH`` articles is
one transaction that also saves the grouper's state, so a crash leaves a store whose stories
and state agree, and running the same command again completes the work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storyfuse.errors import NotFound
from storyfuse.lang import language_or
from storyfuse.model import Corpus, Digest, Document, Notice, Rejection
from storyfuse.pipeline.runner import Runner
from storyfuse.store import Batch, Store
from storyfuse.stories import Arrival, StoryConfig, StoryIndex, article_terms

# Articles per transaction: a crash loses at most this many, and rerunning redoes them.
BATCH = 200
INDEX_KEY = "story_index"


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: articles added and skipped, stories started and joined."""

    added: int = 0
    already: int = 0
    new_stories: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    rejected: tuple[Rejection, ...] = ()
    notices: tuple[Notice, ...] = ()


def content_hash(text: str) -> str:
    """The identity of an article's text: whitespace and case do not make a new article."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def ingest(runner: Runner, sources: Iterable[str | Path], store: Store,
           config: StoryConfig | None = None) -> IngestReport:
    """Read, clean and add ``sources`` to ``store``, each new article in its story."""
    corpus = runner.clean(sources)
    return ingest_corpus(corpus, store, config, runner.config.language)


def ingest_corpus(corpus: Corpus, store: Store, config: StoryConfig | None = None,
                  language: str = "en") -> IngestReport:
    saved = store.meta(INDEX_KEY)
    index = StoryIndex.from_json(saved, config) if saved else StoryIndex(config or StoryConfig())
    report = IngestReport(rejected=corpus.rejected, notices=corpus.notices)
    documents = corpus.documents
    for start in range(0, len(documents), BATCH):
        with store.batch() as batch:
            for doc in documents[start:start + BATCH]:
                _add(batch, index, doc, report, language)
            batch.set_meta(INDEX_KEY, index.to_json())
    return report


def _add(batch: Batch, index: StoryIndex, doc: Document, report: IngestReport, language: str) -> None:
    stored = batch.add_article(doc, url=doc.url, content_hash=content_hash(doc.text), published=doc.published,
                               source=doc.source)
    if stored is None:
        report.already += 1
        return
    lang = language_or(doc.language, language)
    known = set(index.stories)
    story = index.place(Arrival(stored, article_terms(doc.text, doc.title, lang), _when(doc.published)))
    batch.assign(stored, story)
    report.added += 1
    report.touched.add(story)
    if story not in known:
        report.new_stories.add(story)
        batch.set_story_fields(story, headline=doc.title or _lead(doc))


def _lead(doc: Document) -> str | None:
    return doc.sentences[0].text if doc.sentences else None


def _when(published: str | None) -> datetime | None:
    """A publication time the window can compare (naive times read as UTC); None if unreadable."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def independent_outlets(digest: Digest) -> int:
    """How many independent outlets a brief draws on: its independent groups (syndicated copies
    count once), but never more than the outlets it has (two articles of one paper are one)."""
    outlets = {d.source or d.id for d in digest.analysis.documents}
    return min(len(digest.analysis.independent_groups), len(outlets))


def stored_briefs(runner: Runner, store: Store, ids: Sequence[str], render: Callable[[list[Digest]], str], *,
                  key: str, cacheable: bool) -> list[str]:
    """Each story's brief (every story's, newest first, when ``ids`` is empty), rendered: the
    one cached under ``key`` while the story is unchanged, else made now, its independent outlets
    recorded and, when ``cacheable`` (default settings), cached."""
    briefs = []
    for story_id in ids or [row.id for row in store.stories()]:
        with store.reading():  # the version and the documents from one snapshot
            row = store.story(story_id)
            if row is None:
                raise NotFound(f"no story {story_id!r} in {store.path}")
            cached = store.cached_brief(story_id, key) if cacheable else None
            documents = store.documents(story_id) if cached is None else ()
        if cached is None:
            digests = runner.digest(Corpus(documents))
            cached = render(digests)
            with store.batch() as batch:
                batch.set_story_fields(story_id, independent_sources=sum(independent_outlets(d) for d in digests))
                if cacheable:
                    batch.cache_brief(story_id, key, cached, version=row.version)
        briefs.append(cached)
    return briefs


__all__ = ["BATCH", "IngestReport", "content_hash", "independent_outlets", "ingest", "ingest_corpus", "stored_briefs"]
