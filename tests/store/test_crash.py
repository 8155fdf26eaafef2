"""Crash safety: a writer killed with SIGKILL mid-ingestion leaves whole batches only, and
running the same ingestion again completes it, storing each article exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storyfuse.store import Store
from tests.store.helpers import STORIES, stream_article

REPO = Path(__file__).resolve().parents[2]
BATCHES, PER_BATCH = 300, 4
# Seconds the worker sleeps inside each batch, between its adds and its assignments: most of a
# batch's time, so that the kill most likely lands inside a transaction.
PAUSE = 0.004
KILL_AFTER = 40 * PER_BATCH  # articles reported committed before the kill


def worker(db: Path, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_worker", str(db), str(BATCHES), str(PER_BATCH), str(pause)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def kill_midway(db: Path) -> int:
    """Run the worker until it reports KILL_AFTER articles committed, SIGKILL it, and return
    the last count it reported."""
    process = worker(db, PAUSE)
    assert process.stdout is not None
    committed, deadline = 0, time.monotonic() + 20
    try:
        while committed < KILL_AFTER:
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
            committed = int(line.split()[1])
        time.sleep(PAUSE / 2)  # into the next batch's pause: mid-transaction
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL
    return committed


def check_consistent(db: Path) -> int:
    """The file is sound and every stored batch is whole; returns how many articles it holds."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM article WHERE story_id IS NULL").fetchone()[0] == 0
        mismatched = conn.execute(
            "SELECT s.id FROM story s WHERE s.articles != (SELECT count(*) FROM article WHERE story_id = s.id)"
            " OR s.outlets != (SELECT count(DISTINCT source) FROM article WHERE story_id = s.id)"
            " OR s.version != s.articles"
        ).fetchall()
        assert mismatched == []
        stored = int(conn.execute("SELECT count(*) FROM article").fetchone()[0])
        meta = conn.execute("SELECT value FROM meta WHERE key = 'ingested'").fetchone()
    finally:
        conn.close()
    assert stored % PER_BATCH == 0 and (stored == 0 or meta == (str(stored),))
    return stored


def stored_stream(db: Path) -> dict[str, tuple[str, str]]:
    """Path in the stream -> (stored id, story) of every stored article."""
    with Store.open(db, readonly=True) as store:
        return {
            f"{d.path}": (d.id, story.id) for story in store.stories() for d in store.documents(story.id)
        }


def test_a_killed_writer_leaves_whole_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    crashed = tmp_path / "crashed.db"
    reported = kill_midway(crashed)
    stored = check_consistent(crashed)
    assert stored >= reported  # nothing reported committed was lost
    assert stored < BATCHES * PER_BATCH
    with Store.open(crashed, readonly=True) as store:  # each reported article is there
        assert all(store.has_article(stream_article(n).url, stream_article(n).hash) for n in range(reported))

    rerun = worker(crashed, 0.0)
    _, err = rerun.communicate(timeout=30)
    assert rerun.returncode == 0, err
    assert check_consistent(crashed) == BATCHES * PER_BATCH

    clean = tmp_path / "clean.db"
    straight = worker(clean, 0.0)
    _, err = straight.communicate(timeout=30)
    assert straight.returncode == 0, err
    # Same ids (the id~N renaming included) and stories as an ingestion never interrupted.
    assert stored_stream(crashed) == stored_stream(clean)
    assert len(stored_stream(clean)) == BATCHES * PER_BATCH
    with Store.open(crashed, readonly=True) as store:
        assert len(store.stories()) == STORIES
        assert sum(row.articles for row in store.stories()) == BATCHES * PER_BATCH
