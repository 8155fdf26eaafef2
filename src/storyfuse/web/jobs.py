"""Background jobs for the page: a small thread pool and a bounded table of jobs.

The page submits a job, polls its stage, then loads its brief. The table lives on the app
(``app.state.jobs``), not in the module, so two apps (tests) never share jobs. Finished jobs
are kept for polling and downloads, oldest dropped first beyond ``max_finished``; jobs still
waiting or running are capped too, so a client cannot queue unbounded work (503).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from storyfuse import Busy, Digest, NothingUsable, Rejection, StoryfuseError
from storyfuse.web.service import Progress

# The work of a job: given a progress callback, the digests and the rendered HTML brief.
Work = Callable[[Progress], tuple[list[Digest], str]]
FINISHED = ("done", "failed")
log = logging.getLogger("storyfuse.web")


@dataclass(slots=True)
class Job:
    """One job's state; written by its worker thread under the table's lock."""

    id: str
    state: str = "queued"
    stage: str | None = None
    done: int = 0
    total: int = 0
    error: str | None = None
    rejected: tuple[Rejection, ...] = ()
    digests: list[Digest] = field(default_factory=list)
    html: str = ""


@dataclass(frozen=True, slots=True)
class JobView:
    """A consistent copy of a job for a response (the worker may move on meanwhile)."""

    id: str
    state: str
    stage: str | None
    done: int
    total: int
    error: str | None
    rejected: tuple[Rejection, ...]
    digests: tuple[Digest, ...]
    html: str


class JobTable:
    """Submit work, follow it, read its result."""

    def __init__(self, workers: int, max_pending: int, max_finished: int) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="storyfuse-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_pending = max_pending
        self._max_finished = max_finished

    def submit(self, work: Work) -> str:
        """Queue ``work``; returns the job's id (unguessable: it is the key to the brief)."""
        with self._lock:
            pending = sum(1 for job in self._jobs.values() if job.state not in FINISHED)
            if pending >= self._max_pending:
                raise Busy(f"{pending} jobs are waiting or running; try again shortly")
            job = Job(secrets.token_urlsafe(16))
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job.id

    def get(self, job_id: str) -> JobView | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            return JobView(job.id, job.state, job.stage, job.done, job.total, job.error, job.rejected,
                           tuple(job.digests), job.html)

    def shutdown(self) -> None:
        """Stop taking work; queued jobs are cancelled, running ones finish in the background."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, work: Work) -> None:
        self._update(job, state="running", stage="reading")
        try:
            digests, html = work(lambda stage, done, total: self._update(job, stage=stage, done=done, total=total))
        except NothingUsable as exc:
            self._finish(job, state="failed", error=str(exc.reason), rejected=exc.rejected)
        except StoryfuseError as exc:
            self._finish(job, state="failed", error=str(exc))
        except Exception as exc:  # a bug must still end the job, or the page polls forever
            log.exception("job %s failed", job.id)
            self._finish(job, state="failed", error=f"internal error ({type(exc).__name__}): {exc}")
        else:
            rejected = tuple(r for d in digests for r in d.analysis.rejected)
            self._finish(job, state="done", digests=digests, html=html, rejected=rejected)

    def _update(self, job: Job, **changes: object) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(job, name, value)

    def _finish(self, job: Job, **changes: object) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(job, name, value)
            finished = [key for key, item in self._jobs.items() if item.state in FINISHED]
            for key in finished[: max(0, len(finished) - self._max_finished)]:
                del self._jobs[key]
