"""Readers read while one writer ingests (WAL): other connections and another process."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.store import Store
from tests.store.helpers import add, doc, ingest_stream_batch

REPO = Path(__file__).resolve().parents[2]

# A reader process: reads the listing in a loop until the writer's final meta appears, and
# fails if a read ever blocks, errors, or sees a story whose counts disagree with its articles.
READER = """
import sys, time
from storyfuse.store import Store
store = Store.open(sys.argv[1], readonly=True, timeout=0.05)
print("ready", flush=True)
reads, deadline = 0, time.monotonic() + 20
while True:
    assert time.monotonic() < deadline, "the writer never finished"
    with store.reading():
        done = store.meta("ingested") == sys.argv[2]
        for row in store.stories():
            assert row.articles == len(store.article_ids(row.id)), row
    reads += 1
    if done:
        break
print(reads)
"""


def test_a_reader_is_not_blocked_by_an_open_batch(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", "First article."))
        batch.assign("a", "s1")
    with Store.open(store.path, readonly=True, timeout=0.05) as reader, store.batch() as batch:
        add(batch, doc("b", "Second article."))
        batch.assign("b", "s1")
        started = time.monotonic()
        assert reader.article_ids() == ["a"]  # the last commit, not the open batch
        assert reader.story("s1").articles == 1  # type: ignore[union-attr]
        assert time.monotonic() - started < 0.5
    assert reader_after(store.path) == ["a", "b"]


def reader_after(path: Path) -> list[str]:
    with Store.open(path, readonly=True) as reader:
        return reader.article_ids()


def test_a_second_writer_waits_then_gets_a_one_line_error(store: Store) -> None:
    with Store.open(store.path, timeout=0.1) as other, store.batch() as batch:
        add(batch, doc("a", "First article."))
        with pytest.raises(StoryfuseError, match="busy") as caught, other.batch():
            pass
        assert "\n" not in str(caught.value)


def test_a_second_writer_gets_the_lock_once_the_first_commits(store: Store) -> None:
    with Store.open(store.path) as other:
        with store.batch() as batch:
            add(batch, doc("a", "First article."))
        with other.batch() as batch:
            add(batch, doc("b", "Second article."))
    assert store.article_ids() == ["a", "b"]


def test_a_reader_process_reads_while_this_process_ingests(store: Store) -> None:
    batches, per_batch = 60, 5
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store.path), str(batches * per_batch)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout is not None and reader.stderr is not None
        assert reader.stdout.readline() == "ready\n", reader.stderr.read()
        for number in range(batches):
            with store.batch() as batch:
                ingest_stream_batch(batch, number * per_batch, per_batch, pause=0.002)
        out, err = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert reader.returncode == 0, err
    assert int(out) > 1  # it read while the batches went on, not only at the end
    assert len(store.article_ids()) == batches * per_batch


def test_several_connections_creating_one_new_store_at_once(db_path: Path) -> None:
    """Each migration is applied once, by whichever connection takes the write lock first."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        barrier.wait()
        try:
            Store.open(db_path).close()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    with Store.open(db_path) as store:
        assert store.stories() == [] and store.search("anything") == []
