"""Stopping jobs. In the job table: the time limit, an unpolled job, cancel, a job stopped while
queued, shutdown. For real: a stopped job's worker process is killed (its CPU freed) and the
next job gets a fresh one; /api/digest's job stops when its client disconnects."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from storyfuse import Article, RunConfig
from storyfuse.errors import Busy
from storyfuse.web import WebConfig, create_app
from storyfuse.web.jobs import JobTable, JobView, Stopped, Ticket
from storyfuse.web.service import Progress
from storyfuse.web.workers import Task, WorkerPool
from tests.web.conftest import serve_in_thread
from tests.web.test_jobs import finished

_WORDS = ["harbour", "council", "bridge", "repairs", "mayor", "said", "traffic", "Monday", "officials", "plan",
          "cost", "euros", "week", "city", "residents", "ferry", "engineers", "inspection", "closure", "detour"]


def slow_text(seed: int, size: int = 100_000) -> str:
    """A long report of distinct sentences: seconds of pipeline work each (tens, for 40 of them)."""
    rnd = random.Random(seed)
    sentences: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def slow_articles(count: int = 40) -> list[dict[str, str]]:
    return [{"id": f"slow-{n}", "text": slow_text(n)} for n in range(count)]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def view(table: JobTable, job_id: str) -> JobView:
    job = table.get(job_id)
    assert job is not None
    return job


# ---- the job table (work run in its thread) -------------------------------------------------------

def test_a_job_over_its_time_limit_fails_at_once_and_stops_at_its_next_report() -> None:
    table = JobTable(workers=1, max_pending=1, max_finished=4, time_limit=0.2)
    release = threading.Event()
    went_on: list[bool] = []

    def stuck(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        release.wait(5)  # a long step that reports nothing
        progress("cleaning", 1, 2)  # the ticket is revoked by now: this raises
        went_on.append(True)
        return [], "late"

    job_id = table.submit(stuck)
    time.sleep(0.3)
    job = view(table, job_id)
    assert job.state == "failed"
    assert job.error == "request: the brief took longer than the 0.2 s limit; send fewer or shorter articles"
    next_id = table.submit(lambda progress, ticket: ([], "next"))  # max_pending=1: the slot is free
    release.set()
    assert finished(table, next_id).rendered == "next"
    assert went_on == [] and view(table, job_id).rendered == ""
    table.shutdown()


def test_a_job_no_one_polls_is_stopped() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4, idle_limit=0.2)

    def reporting(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        for n in range(100):
            progress("analysing", n, 100)
            time.sleep(0.05)
        return [], "done"

    job_id = table.submit(reporting)
    time.sleep(0.6)
    job = view(table, job_id)
    assert job.state == "failed" and job.error == "stopped: no one asked after the job for 0.2 s"
    table.shutdown()


def test_a_polled_job_is_not_idle() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4, idle_limit=0.3)

    def reporting(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        for n in range(10):
            progress("analysing", n, 10)
            time.sleep(0.1)
        return [], "done"

    job_id = table.submit(reporting)
    deadline = time.monotonic() + 5
    while view(table, job_id).state not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert view(table, job_id).state == "done"
    table.shutdown()


def test_cancel_fails_the_job_now_and_drops_its_late_result() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    started, release = threading.Event(), threading.Event()

    def slow(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        started.set()
        release.wait(5)
        return [], "late"

    job_id = table.submit(slow)
    assert started.wait(5)
    table.cancel(job_id, Stopped("stopped: the client went away"))
    job = view(table, job_id)
    assert (job.state, job.error) == ("failed", "stopped: the client went away")
    release.set()
    time.sleep(0.1)
    assert view(table, job_id).rendered == ""
    table.shutdown()


def test_a_job_stopped_while_queued_never_runs() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    gate = threading.Event()
    ran: list[str] = []
    first = table.submit(lambda progress, ticket: (gate.wait(5), ([], ""))[1])
    second = table.submit(lambda progress, ticket: (ran.append("second"), ([], ""))[1])
    table.cancel(second, Stopped("stopped: the client went away"))
    gate.set()
    finished(table, first)
    time.sleep(0.1)
    assert ran == [] and view(table, second).state == "failed"
    table.shutdown()


def test_shutdown_stops_every_job_and_refuses_new_ones_until_reopened() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    gate = threading.Event()
    job_id = table.submit(lambda progress, ticket: (gate.wait(5), ([], ""))[1])
    table.shutdown()
    assert view(table, job_id).error == "stopped: the server is shutting down"
    with pytest.raises(Busy, match="shutting down"):
        table.submit(lambda progress, ticket: ([], ""))
    gate.set()
    table.open()
    assert finished(table, table.submit(lambda progress, ticket: ([], "again"))).rendered == "again"
    table.shutdown()


# ---- worker processes ---------------------------------------------------------------------------

@pytest.fixture()
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(1, RunConfig().override(entities=False))
    yield workers
    workers.close()


def small_task() -> Task:
    text = ("The harbour bridge reopened on Monday after repairs, the council said. Officials said traffic "
            "would return to normal by Friday.")
    return Task((Article(id="a", path="a", text=text),), (), 50, "html")


def test_stopping_a_job_kills_its_worker_and_the_next_job_gets_a_fresh_one(pool: WorkerPool) -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    task = Task(tuple(Article(id=a["id"], path=a["id"], text=a["text"]) for a in slow_articles()), (), 100, "html")
    job_id = table.submit(lambda progress, ticket: pool.run(task, progress, ticket))
    wait_until(lambda: view(table, job_id).stage in ("cleaning", "analysing"), 60, "the worker to compute")
    (pid,) = pool.pids()
    table.cancel(job_id, Stopped("stopped: the client went away"))
    wait_until(lambda: not alive(pid), 3, "the busy worker to be killed")
    assert pool.pids() == []
    assert view(table, job_id).state == "failed"
    next_id = table.submit(lambda progress, ticket: pool.run(small_task(), progress, ticket))
    assert finished_slowly(table, next_id).state == "done"
    assert pool.pids() and pool.pids() != [pid]
    table.shutdown()


def finished_slowly(table: JobTable, job_id: str) -> JobView:
    """As ``finished``, with time for a worker process to start (imports: a few seconds)."""
    wait_until(lambda: view(table, job_id).state in ("done", "failed"), 60, "the job")
    return view(table, job_id)


def test_a_pipeline_error_keeps_the_worker(pool: WorkerPool) -> None:
    blank = Task((Article(id="a", path="a", text="\x00\x01\x02"),), (), 50, "html")
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    job = finished_slowly(table, table.submit(lambda progress, ticket: pool.run(blank, progress, ticket)))
    assert job.error == "nothing usable in the input"
    (pid,) = pool.pids()
    job = finished_slowly(table, table.submit(lambda progress, ticket: pool.run(small_task(), progress, ticket)))
    assert job.state == "done" and pool.pids() == [pid]
    table.shutdown()


def test_digest_stops_when_its_client_disconnects(example_articles: list[dict[str, Any]]) -> None:
    app = create_app(WebConfig(job_workers=1))
    with serve_in_thread(app) as base:
        warm = httpx.post(f"{base}/api/digest", json={"articles": example_articles[:2]}, timeout=60)
        assert warm.status_code == 200  # the worker is up and has made a brief
        (pid,) = app.state.workers.pids()
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{base}/api/digest", json={"articles": slow_articles()}, timeout=3)
        wait_until(lambda: not alive(pid), 3, "the abandoned brief's worker to be killed")
        again = httpx.post(f"{base}/api/digest?format=md", json={"articles": example_articles[:2]}, timeout=60)
        assert again.status_code == 200 and again.text.startswith("# ")
