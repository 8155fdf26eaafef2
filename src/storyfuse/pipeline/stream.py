"""A stream of articles into a story store: read and clean (the runner), place each new article
in a story (:class:`storyfuse.stories.StoryIndex`), write (:class:`storyfuse.store.Store`).

Incremental and idempotent: an article already stored (same URL or same text) is skipped
before it is placed, so the same feed twice adds nothing. Each batch of ``BATCH`` articles is
one transaction that also saves what changed in the grouper's state (its changed term and
story rows, not the whole index: a batch's writes do not grow with the store), so a crash
leaves a store whose stories and state agree, and running the same command again completes
the work.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from storyfuse.errors import NotFound
from storyfuse.lang import Language, language_or
from storyfuse.model import Corpus, Digest, Document, Notice, ReadResult, Rejection
from storyfuse.pipeline.runner import Runner
from storyfuse.pipeline.stage import Hook, StageEvent, no_hook
from storyfuse.store import Batch, Store
from storyfuse.stories import Arrival, Changes, StoryConfig, StoryIndex, TermCounter
from storyfuse.stories.state import Header, StoryState, TermRow, legacy_rows

# Articles per transaction: a crash loses at most this many, and rerunning redoes them.
BATCH = 200
STAGE = "stories"  # the progress events' stage name
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


def ingest(runner: Runner, sources: Iterable[str | Path], store: Store, config: StoryConfig | None = None,
           read: ReadResult | None = None) -> IngestReport:
    """Read, clean and add ``sources`` to ``store``, each new article in its story; ``read``:
    articles read already (fetched feeds), cleaned together with the sources'."""
    if read is None:
        corpus = runner.clean(sources)
    else:
        found = runner.read(sources)
        corpus = runner.clean_articles(found.articles + read.articles, read.rejected + found.rejected)
        corpus = replace(corpus, notices=read.notices + found.notices + corpus.notices)
    return ingest_corpus(corpus, store, config, runner.config.language, runner.on_stage)


def ingest_corpus(corpus: Corpus, store: Store, config: StoryConfig | None = None,
                  language: str = "en", on_stage: Hook = no_hook) -> IngestReport:
    """Add cleaned documents to ``store``, ``BATCH`` to a transaction; ``on_stage`` hears of
    each batch (stage ``"stories"``). The grouper's state is read inside each batch's
    transaction, holding the write lock, and read again when another writer (a second ingest,
    the web app) has moved it on since: two writers never place articles from one stale state."""
    index: StoryIndex | None = None
    written: str | None = None  # the state header this ingest last wrote
    report = IngestReport(rejected=corpus.rejected, notices=corpus.notices)
    documents = corpus.documents
    counters: dict[str, TermCounter] = {}  # one per language: each remembers its words' stems
    started = time.perf_counter()
    on_stage(StageEvent(STAGE, 0, len(documents)))
    for start in range(0, len(documents), BATCH):
        with store.batch() as batch:
            if index is None or store.meta(INDEX_KEY) != written:
                index = load_index(store, config)
            for doc in documents[start:start + BATCH]:
                _add(batch, index, doc, report, _counter(counters, language_or(doc.language, language)))
            written = save_changes(batch, index.changes())
        done = min(start + BATCH, len(documents))
        on_stage(StageEvent(STAGE, done, len(documents), time.perf_counter() - started))
    return report


def load_index(store: Store, config: StoryConfig | None = None) -> StoryIndex:
    """The grouper as the store's last batch left it (a new one for a new store). A store whose
    state is the whole index in one value (version 1) is read from it, and moves to rows on its
    next batch."""
    saved = store.meta(INDEX_KEY)
    if saved is None:
        return StoryIndex(config or StoryConfig())
    try:
        header = Header.from_json(saved)
    except ValueError:
        old = legacy_rows(saved)
        index = StoryIndex.restore(old.header, old.terms, old.stories, config)
        index.mark_all_changed()
        return index
    terms = (TermRow(term, documents, tuple(json.loads(stories))) for term, documents, stories in store.grouper_terms())
    stories = (StoryState.from_bytes(story_id, blob) for story_id, blob in store.profiles())
    return StoryIndex.restore(header, terms, stories, config)


def save_changes(batch: Batch, changes: Changes) -> str:
    """Write what changed in the grouper, in the batch that placed the articles; the header
    written (how the next batch knows whether anyone else wrote since)."""
    batch.save_terms((row.term, row.documents, json.dumps(row.stories)) for row in changes.terms)
    for state in changes.stories:
        batch.save_profile(state.id, state.to_bytes())
    header = changes.header.to_json()
    batch.set_meta(INDEX_KEY, header)
    return header


def _counter(counters: dict[str, TermCounter], lang: Language) -> TermCounter:
    if lang.code not in counters:
        counters[lang.code] = TermCounter(lang)
    return counters[lang.code]


def _add(batch: Batch, index: StoryIndex, doc: Document, report: IngestReport, terms: TermCounter) -> None:
    stored = batch.add_article(doc, url=doc.url, content_hash=content_hash(doc.text), published=doc.published,
                               source=doc.source)
    if stored is None:
        report.already += 1
        return
    stories_before = index.counter
    story = index.place(Arrival(stored, terms(doc.text, doc.title), _when(doc.published)))
    batch.assign(stored, story)
    report.added += 1
    report.touched.add(story)
    if index.counter != stories_before:
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
    """How many independent outlets a brief draws on: syndicated copies count once, and two
    articles of one outlet are one outlet (:attr:`Analysis.independent_outlets`)."""
    return digest.analysis.independent_outlets


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


__all__ = ["BATCH", "IngestReport", "content_hash", "independent_outlets", "ingest", "ingest_corpus", "load_index",
           "save_changes", "stored_briefs"]
