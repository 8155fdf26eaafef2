"""The stream into a store: the grouper's state goes in rows, batch by batch, and an ingest cut
into pieces (separate runs, a crash between batches) places every article as one run does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse import Runner
from storyfuse.model import Corpus
from storyfuse.pipeline import StageEvent, stream
from storyfuse.pipeline.stream import INDEX_KEY, ingest_corpus, load_index
from storyfuse.store import Store
from tests.conftest import REPO
from tests.stories.legacy import version_1_state

STREAM = REPO / "examples" / "stream"


@pytest.fixture(scope="module")
def articles(runner: Runner) -> Corpus:
    return runner.clean([STREAM])


def stories_of(store: Store) -> list[list[str]]:
    return sorted(sorted(store.article_ids(row.id)) for row in store.stories())


def test_separate_runs_place_articles_as_one_run_does(articles: Corpus, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "BATCH", 3)  # several batches per run: each writes only its changes
    docs = articles.documents
    with Store.open(tmp_path / "whole.db") as whole:
        ingest_corpus(articles, whole)
        expected = stories_of(whole)
    with Store.open(tmp_path / "parts.db") as parts:
        for start in range(0, len(docs), 5):
            ingest_corpus(Corpus(docs[start:start + 5]), parts)
        assert stories_of(parts) == expected
        assert load_index(parts).changes().terms == ()  # a loaded index has nothing unsaved


def test_the_loaded_index_is_the_one_that_was_saved(articles: Corpus, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ingest_corpus(Corpus(articles.documents[:9]), store)
        loaded = load_index(store)
        rows = store.grouper_terms()
        assert {term: count for term, count, _ in rows} == dict(loaded.frequency)
        assert {sid for sid, _ in store.profiles()} == set(loaded.stories) == {r.id for r in store.stories()}
        assert json.loads(store.meta(INDEX_KEY) or "{}") == {"version": 2, "documents": 9,
                                                             "counter": loaded.counter}


def test_a_store_with_the_whole_index_in_one_value_is_carried_on(articles: Corpus, tmp_path: Path) -> None:
    """Stores written before the rows (version 1 kept the whole index in ``meta``) go on as if
    they had never stopped, and hold rows after their next batch."""
    docs = articles.documents
    with Store.open(tmp_path / "whole.db") as whole:
        ingest_corpus(articles, whole)
        expected = stories_of(whole)
    with Store.open(tmp_path / "old.db") as old:
        ingest_corpus(Corpus(docs[:8]), old)
        legacy = version_1_state(load_index(old))
        old._conn.execute("DELETE FROM grouper_term")  # as a version-1 store has them: none
        old._conn.execute("DELETE FROM profile")
        old._conn.execute("UPDATE meta SET value = ? WHERE key = ?", (legacy, INDEX_KEY))
        old._conn.commit()
        ingest_corpus(Corpus(docs[8:]), old)
        assert stories_of(old) == expected
        assert json.loads(old.meta(INDEX_KEY) or "{}")["version"] == 2
        assert len(list(old.grouper_terms())) == len(load_index(old).frequency)


def test_each_batch_is_a_progress_event(articles: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "BATCH", 5)
    events: list[StageEvent] = []
    with Store.open(tmp_path / "s.db") as store:
        ingest_corpus(articles, store, on_stage=events.append)
    total = len(articles.documents)
    assert [(e.stage, e.done, e.total) for e in events] == [("stories", n, total) for n in (0, 5, 10, 15, total)]


def test_a_writer_between_two_batches_is_seen_not_overwritten(articles: Corpus, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Another ingest (the web app, a second command) writes between this ingest's batches:
    the next batch reads the state again, so the result is that of the three in sequence."""
    monkeypatch.setattr(stream, "BATCH", 4)
    docs = articles.documents
    mine, theirs = Corpus(docs[:4] + docs[10:]), Corpus(docs[4:10])
    with Store.open(tmp_path / "seq.db") as seq:
        for part in (docs[:4], docs[4:10], docs[10:]):
            ingest_corpus(Corpus(part), seq)
        expected, state = stories_of(seq), load_index(seq)
    db = tmp_path / "shared.db"
    with Store.open(db) as store, Store.open(db) as other:
        def meanwhile(event: StageEvent) -> None:
            if event.done == 4:
                ingest_corpus(theirs, other)
        ingest_corpus(mine, store, on_stage=meanwhile)
        assert stories_of(store) == expected
        saved = load_index(store)
        assert (saved.documents, saved.frequency, saved.postings) == (state.documents, state.frequency, state.postings)
