"""A whole corpus at once: read → clean → copies and stories (:mod:`storyfuse.corpus`) → a brief
per story, every step on one :class:`~storyfuse.pipeline.flow.Flow` (here or on a Dask cluster).

The runner reads and cleans (its maps on its executor: the cluster's workers for Dask); the
documents then live in the flow's partitions, where stories are found and, routed to their
stories, briefed, one story a task (the runner's story plan, with each worker's own models).
Writers sit at the end: :func:`write_store` (SQLite, one writer) and :func:`write_parquet`
(one file per partition and table, written by the workers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from storyfuse.corpus import Assignment, CorpusConfig, group_corpus, route
from storyfuse.corpus.profiles import position_of
from storyfuse.errors import ConfigError, MissingDependency
from storyfuse.model import Digest, Document, Notice, Rejection
from storyfuse.pipeline.config import RunConfig
from storyfuse.pipeline.flow import Flow, flow_for, stable_key
from storyfuse.pipeline.runner import Runner, run_story
from storyfuse.pipeline.stage import Scope, Stage
from storyfuse.pipeline.stages import DIGEST, analysis_of
from storyfuse.store import Store

# Documents per partition a batch aims at (a partition is one task's work in each step), up to
# MAX_PARTITIONS: a group step has partitions² small tasks (each partition's share of each
# other), which at 200 partitions would cost the scheduler more than the work.
PARTITION_DOCUMENTS = 5_000
MAX_PARTITIONS = 64


@dataclass(frozen=True, slots=True)
class StoryBrief:
    """One story's brief (None when briefs were not asked for)."""

    story: str
    documents: tuple[str, ...]
    digest: Digest | None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Every document's story and copy group (by document id), every story's brief (by story
    id), and what was rejected on the way."""

    assignments: tuple[Assignment, ...]
    stories: tuple[StoryBrief, ...]
    documents: tuple[Document, ...]
    rejected: tuple[Rejection, ...] = ()
    notices: tuple[Notice, ...] = ()


def partitions_for(documents: int) -> int:
    return max(1, min(MAX_PARTITIONS, -(-documents // PARTITION_DOCUMENTS)))


def run_batch(runner: Runner, sources: Iterable[str | Path], *, briefs: bool = True,
              config: CorpusConfig = CorpusConfig(), partitions: int | None = None) -> BatchResult:
    """Read, clean, group and brief ``sources``, on the runner's executor's machines (its flow,
    :func:`~storyfuse.pipeline.flow.flow_for`), in ``partitions`` (by default one for every
    ``PARTITION_DOCUMENTS`` documents)."""
    corpus = runner.clean(sources)
    flow = flow_for(runner.executor, partitions or partitions_for(len(corpus.documents)))
    documents = flow.persist(flow.from_items(corpus.documents))
    assigned = flow.persist(group_corpus(flow, documents, runner.config.language, config))
    plan = runner.plan(DIGEST, Scope.STORY) if briefs else ()
    told = flow.collect(story_briefs(flow, documents, assigned, plan, runner.config))
    result = BatchResult(tuple(sorted(flow.collect(assigned), key=lambda a: a.document)),
                         tuple(sorted(told, key=lambda s: s.story)), corpus.documents, corpus.rejected, corpus.notices)
    flow.close()
    return result


def story_briefs(flow: Flow, documents: Any, assigned: Any, plan: Sequence[Stage], config: RunConfig) -> Any:
    """Each story's documents brought together (documents routed to their stories by the
    assignments, partition by partition) and briefed with ``plan`` (none: no brief)."""
    stories = flow.map_parts(_by_story, documents, route(flow, flow.map_parts(_story_of, assigned)))
    return flow.map_parts(partial(_brief, plan=tuple(plan), config=config), flow.group(stories))


def _story_of(assigned: Iterable[Assignment]) -> list[tuple[int, str]]:
    return [(a.node, a.story) for a in assigned]


def _by_story(documents: Sequence[Document], stories: Iterable[tuple[int, tuple[int, str]]]
              ) -> list[tuple[int, tuple[str, Document]]]:
    """(story key, (story, document)) for a partition's documents, in document order."""
    story_at = {position_of(node): story for _, (node, story) in stories}
    return [(stable_key(story_at[k]), (story_at[k], doc)) for k, doc in enumerate(documents)]


def _brief(grouped: Iterable[tuple[int, tuple[str, Document]]], plan: tuple[Stage, ...],
           config: RunConfig) -> list[StoryBrief]:
    stories: dict[str, list[Document]] = {}
    for _, (story, doc) in grouped:
        stories.setdefault(story, []).append(doc)
    out = []
    for story in sorted(stories):
        docs = tuple(sorted(stories[story], key=lambda d: d.id))
        digest = None
        if plan:
            state, _ = run_story({"documents": docs, "rejected": ()}, plan, config, None)
            digest = Digest(analysis_of(state), state["summary"], state["brief"])
        out.append(StoryBrief(story, tuple(d.id for d in docs), digest))
    return out


# ---- writers ------------------------------------------------------------------------------


def check_new(store: Store) -> None:
    """A batch's stories are named by its own grouping: it writes a new store, not into a stream's."""
    if store.article_ids():
        raise ConfigError(f"{store.path} already holds articles: a batch writes a new store")


def write_store(result: BatchResult, store: Store) -> int:
    """Articles, stories, headlines, independent outlets and JSON briefs into a new store;
    the number of articles written."""
    from storyfuse.pipeline.stream import content_hash
    from storyfuse.report import render_digests

    check_new(store)
    story_of = {a.document: a.story for a in result.assignments}
    by_id = {doc.id: doc for doc in result.documents}
    with store.batch() as batch:
        for doc in result.documents:
            stored = batch.add_article(doc, url=doc.url, content_hash=content_hash(doc.text),
                                       published=doc.published, source=doc.source)
            if stored is not None:
                batch.assign(stored, story_of[doc.id])
    with store.batch() as batch:
        for told in result.stories:
            row = store.story(told.story)
            if row is None:
                continue  # every article of it was a duplicate of one stored before it
            first = min((by_id[d] for d in told.documents), key=_first_seen)
            fields: dict[str, Any] = {"headline": first.title or (first.sentences[0].text if first.sentences else None)}
            if told.digest is not None:
                fields["independent_sources"] = told.digest.analysis.independent_outlets
                batch.cache_brief(told.story, "json", render_digests([told.digest], "json"), version=row.version)
            batch.set_story_fields(told.story, **fields)
    return len(store.article_ids())


def _first_seen(doc: Document) -> tuple[str, str]:
    return (doc.published or "~", doc.id)


def write_parquet(result: BatchResult, folder: Path) -> list[Path]:
    """``articles.parquet`` (document, story, copy group, outlet, title, published, url, text) and
    ``stories.parquet`` (story, documents, independent outlets, JSON brief) in ``folder``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependency("pyarrow", "dask") from exc
    from storyfuse.report import render_digests

    folder.mkdir(parents=True, exist_ok=True)
    by_id = {d.id: d for d in result.documents}
    articles = pa.table({
        "document": [a.document for a in result.assignments],
        "story": [a.story for a in result.assignments],
        "copy_group": [a.copy_group for a in result.assignments],
        **{name: [getattr(by_id[a.document], name) for a in result.assignments]
           for name in ("source", "title", "published", "url", "text")},
    })
    stories = pa.table({
        "story": [s.story for s in result.stories],
        "documents": [list(s.documents) for s in result.stories],
        "independent_outlets": [s.digest.analysis.independent_outlets if s.digest else None for s in result.stories],
        "brief_json": [render_digests([s.digest], "json") if s.digest else None for s in result.stories],
    })
    paths = [folder / "articles.parquet", folder / "stories.parquet"]
    for table, path in zip((articles, stories), paths, strict=True):
        pq.write_table(table, path)
    return paths


__all__ = ["BatchResult", "StoryBrief", "check_new", "run_batch", "story_briefs", "write_parquet",
           "write_store"]
