"""The job table: states, failures, the bound on finished jobs and on pending ones."""

from __future__ import annotations

import threading
import time

import pytest

from storyfuse.errors import Busy, InputError, NothingUsable
from storyfuse.web.jobs import JobTable, JobView, Ticket
from storyfuse.web.service import Progress


def finished(table: JobTable, job_id: str) -> JobView:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job = table.get(job_id)
        assert job is not None
        if job.state in ("done", "failed"):
            return job
        time.sleep(0.01)
    raise AssertionError("job did not finish")


def test_a_job_reports_its_stages_and_result() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    gate = threading.Event()
    seen = threading.Event()

    def work(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        progress("cleaning", 2, 5)
        seen.set()
        gate.wait(5)
        return [], "<p>brief</p>"

    job_id = table.submit(work)
    assert seen.wait(5)
    running = table.get(job_id)
    assert running is not None
    assert (running.state, running.stage, running.done, running.total) == ("running", "cleaning", 2, 5)
    gate.set()
    done = finished(table, job_id)
    assert done.state == "done" and done.rendered == "<p>brief</p>"
    table.shutdown()


def test_failures_end_the_job_with_a_reason() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)

    def bad_input(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        raise InputError("a.txt", "binary file, not text")

    def nothing(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        raise NothingUsable([])

    def bug(progress: Progress, ticket: Ticket) -> tuple[list, str]:
        raise KeyError("oops")

    assert finished(table, table.submit(bad_input)).error == "a.txt: binary file, not text"
    assert finished(table, table.submit(nothing)).error == "nothing usable in the input"
    assert finished(table, table.submit(bug)).error == "internal error (KeyError): 'oops'"
    table.shutdown()


def test_only_recent_finished_jobs_are_kept() -> None:
    table = JobTable(workers=1, max_pending=8, max_finished=2)
    ids = [table.submit(lambda progress, ticket: ([], "x")) for _ in range(4)]
    for job_id in ids[-1:]:
        finished(table, job_id)
    time.sleep(0.05)
    assert [table.get(job_id) is not None for job_id in ids] == [False, False, True, True]
    table.shutdown()


def test_pending_jobs_are_capped() -> None:
    table = JobTable(workers=1, max_pending=2, max_finished=4)
    gate = threading.Event()
    table.submit(lambda progress, ticket: (gate.wait(5), ([], ""))[1])
    table.submit(lambda progress, ticket: ([], ""))
    with pytest.raises(Busy, match="2 jobs are waiting or running"):
        table.submit(lambda progress, ticket: ([], ""))
    gate.set()
    table.shutdown()


def test_job_ids_are_unguessable() -> None:
    table = JobTable(workers=1, max_pending=4, max_finished=4)
    ids = {table.submit(lambda progress, ticket: ([], "")) for _ in range(3)}
    assert len(ids) == 3 and all(len(job_id) >= 20 for job_id in ids)
    table.shutdown()


def test_stage_events_move_the_page_phases_only_forward() -> None:
    from storyfuse import StageEvent
    from storyfuse.web.service import phase_hook

    seen: list[tuple[str, int, int]] = []
    hook = phase_hook(lambda stage, done, total: seen.append((stage, done, total)))
    for stage, done, total in [("clean", 0, 4), ("clean", 4, 4), ("segment", 0, 4), ("segment", 4, 4),
                               ("syndication", 0, 2), ("syndication", 1, 2), ("align", 0, 2), ("align", 1, 2),
                               ("summarize", 0, 2), ("summarize", 1, 2),
                               ("syndication", 1, 2), ("syndication", 2, 2), ("summarize", 2, 2)]:
        hook(StageEvent(stage, done, total))
    assert seen == [("cleaning", 0, 4), ("cleaning", 4, 4), ("analysing", 0, 2), ("analysing", 1, 2),
                    ("analysing", 1, 2), ("analysing", 1, 2), ("summarising", 0, 2), ("summarising", 1, 2),
                    ("summarising", 2, 2)]
