"""Pipeline jobs: a bounded table of them and the threads that drive them, each job stoppable.

Every brief is a job: the page's (submit, poll, fetch the brief) and /api/digest's (which
waits for its own). The table lives on the app (``app.state.jobs``), not in the module, so two
apps (tests) never share jobs. Finished jobs are kept for polling and downloads, oldest dropped
first beyond ``max_finished``; jobs still waiting or running are capped too, so a client cannot
queue unbounded work (503).

A job is stopped when it runs past its time limit (413: the request asks too much), when no
one has asked after it for ``idle_limit`` seconds (its page was closed), when its client
disconnects (/api/digest) or when the server shuts down. Its work sees that through its
:class:`Ticket`: the worker process running the pipeline is killed (see
:mod:`storyfuse.web.workers`); work run in the thread itself stops at its next progress
report. Either way the job is failed at once and no longer counts against the pending cap.
The threads are daemons, so a job still running never holds up the server's exit.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from storyfuse import Busy, Digest, LimitExceeded, NothingUsable, Rejection, StoryfuseError
from storyfuse.web.schemas import JobState, Stage
from storyfuse.web.service import Progress, Result

FINISHED = ("done", "failed")
log = logging.getLogger("storyfuse.web")


class Stopped(StoryfuseError):
    """A job stopped before it finished: its client went away, or the server is stopping."""


class Ticket:
    """A job's leave to go on: revoked by :meth:`stop`, by its time limit (counted from
    :meth:`start`) or when :meth:`touch` (someone asking after the job) has not been called
    for ``idle_limit`` seconds."""

    def __init__(self, time_limit: float | None = None, idle_limit: float | None = None) -> None:
        self._time_limit = time_limit
        self._idle_limit = idle_limit
        self._deadline: float | None = None
        self._seen = time.monotonic()
        self._stopped: StoryfuseError | None = None

    def start(self) -> None:
        if self._time_limit is not None:
            self._deadline = time.monotonic() + self._time_limit

    def touch(self) -> None:
        self._seen = time.monotonic()

    def stop(self, error: StoryfuseError) -> None:
        if self._stopped is None:
            self._stopped = error

    def reason(self) -> StoryfuseError | None:
        """Why the job must stop now, or None."""
        if self._stopped is not None:
            return self._stopped
        now = time.monotonic()
        if self._deadline is not None and now > self._deadline:
            return LimitExceeded("request", f"the brief took longer than the {self._time_limit:g} s limit; "
                                            "send fewer or shorter articles")
        if self._idle_limit is not None and now - self._seen > self._idle_limit:
            return Stopped(f"stopped: no one asked after the job for {self._idle_limit:g} s")
        return None

    def check(self) -> None:
        """Raise the reason to stop, if there is one."""
        reason = self.reason()
        if reason is not None:
            raise reason


# The work of a job: given a progress callback and its ticket, the digests and the rendered brief.
Work = Callable[[Progress, Ticket], Result]


@dataclass(slots=True)
class Job:
    """One job's state; written under the table's lock."""

    id: str
    ticket: Ticket
    work: Work | None
    listed: bool = True  # kept among the finished jobs for polling (not /api/digest's)
    state: JobState = "queued"
    stage: Stage | None = None
    done: int = 0
    total: int = 0
    error: str | None = None
    failure: Exception | None = None
    rejected: tuple[Rejection, ...] = ()
    digests: list[Digest] = field(default_factory=list)
    rendered: str = ""


@dataclass(frozen=True, slots=True)
class JobView:
    """A consistent copy of a job for a response (the worker may move on meanwhile).
    ``failure``: the exception that failed the job (for /api/digest to answer with)."""

    id: str
    state: JobState
    stage: Stage | None
    done: int
    total: int
    error: str | None
    failure: Exception | None
    rejected: tuple[Rejection, ...]
    digests: tuple[Digest, ...]
    rendered: str


class JobTable:
    """Submit work, follow it, stop it, read its result. ``workers`` threads run jobs, one each."""

    def __init__(self, workers: int, max_pending: int, max_finished: int, time_limit: float | None = None,
                 idle_limit: float | None = None) -> None:
        self._workers = workers
        self._threads: list[threading.Thread] = []
        self._queue: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_pending = max_pending
        self._max_finished = max_finished
        self._limits = (time_limit, idle_limit)
        self._closed = False

    def submit(self, work: Work, listed: bool = True) -> str:
        """Queue ``work``; returns the job's id (unguessable: it is the key to the brief).
        ``listed=False``: the caller waits for the job and forgets it (not trimmed meanwhile)."""
        with self._lock:
            if self._closed:
                raise Busy("the server is shutting down")
            pending = sum(1 for job in self._jobs.values() if job.state not in FINISHED)
            if pending >= self._max_pending:
                raise Busy(f"{pending} jobs are waiting or running; try again shortly")
            job = Job(secrets.token_urlsafe(16), Ticket(*self._limits), work, listed)
            self._jobs[job.id] = job
            self._start_threads()
        self._queue.put(job)
        return job.id

    def get(self, job_id: str) -> JobView | None:
        """The job as it is now (and a sign that someone still wants it)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            reason = job.ticket.reason()  # before the touch: a job unpolled too long stays stopped
            if reason is not None:  # failed now, whatever its work is doing
                self._stop(job, reason)
            job.ticket.touch()
            return JobView(job.id, job.state, job.stage, job.done, job.total, job.error, job.failure,
                           job.rejected, tuple(job.digests), job.rendered)

    def cancel(self, job_id: str, error: StoryfuseError) -> None:
        """Stop the job now (if it has not finished): failed with ``error``, its slot free."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._stop(job, error)

    def forget(self, job_id: str) -> None:
        """Drop a job from the table (/api/digest's, once answered: no one polls those)."""
        with self._lock:
            self._jobs.pop(job_id, None)

    def open(self) -> None:
        """Take work again after :meth:`shutdown` (an app's lifespan may run more than once)."""
        with self._lock:
            self._closed = False

    def shutdown(self) -> None:
        """Stop taking work and stop every job. The threads stay, idle daemons, for :meth:`open`."""
        with self._lock:
            self._closed = True
            for job in self._jobs.values():
                self._stop(job, Stopped("stopped: the server is shutting down"))

    def _start_threads(self) -> None:
        # Started with the first job, so that an app that never runs one costs no threads.
        while len(self._threads) < self._workers:
            thread = threading.Thread(target=self._serve, name=f"storyfuse-job-{len(self._threads)}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self) -> None:
        while True:
            self._run(self._queue.get())

    def _run(self, job: Job) -> None:
        with self._lock:
            work, job.work = job.work, None  # the job no longer holds its inputs
            stop = job.ticket.reason()
            if work is None or stop is not None or job.state in FINISHED:
                self._stop(job, stop or Stopped("stopped before it started"))
                return
            job.ticket.start()
            job.state, job.stage = "running", "reading"

        def progress(stage: str, done: int, total: int) -> None:
            job.ticket.check()
            self._update(job, stage=stage, done=done, total=total)

        try:
            digests, rendered = work(progress, job.ticket)
        except Exception as exc:  # a bug must still end the job, or the page polls forever
            self._fail(job, exc)
        else:
            rejected = tuple(r for d in digests for r in d.analysis.rejected)
            self._finish(job, state="done", digests=digests, rendered=rendered, rejected=rejected)

    def _fail(self, job: Job, exc: Exception) -> None:
        if isinstance(exc, NothingUsable):
            self._finish(job, state="failed", error=str(exc.reason), failure=exc, rejected=exc.rejected)
        elif isinstance(exc, StoryfuseError):
            self._finish(job, state="failed", error=str(exc), failure=exc)
        elif self._finish(job, state="failed", error=f"internal error ({type(exc).__name__}): {exc}", failure=exc):
            log.error("job %s failed", job.id, exc_info=exc)  # not when stopped: its worker was killed

    def _stop(self, job: Job, error: StoryfuseError) -> None:
        """Under the lock: revoke the job's ticket and fail it, unless it has finished."""
        if job.state in FINISHED:
            return
        job.ticket.stop(error)
        job.state, job.error, job.failure = "failed", str(error), error
        self._trim()

    def _update(self, job: Job, **changes: object) -> None:
        with self._lock:
            if job.state not in FINISHED:
                for name, value in changes.items():
                    setattr(job, name, value)

    def _finish(self, job: Job, **changes: object) -> bool:
        """Apply the job's end, unless it was stopped meanwhile (its late result is dropped)."""
        with self._lock:
            if job.state in FINISHED:
                return False
            for name, value in changes.items():
                setattr(job, name, value)
            self._trim()
            return True

    def _trim(self) -> None:
        finished = [key for key, item in self._jobs.items() if item.state in FINISHED and item.listed]
        for key in finished[: max(0, len(finished) - self._max_finished)]:
            del self._jobs[key]
