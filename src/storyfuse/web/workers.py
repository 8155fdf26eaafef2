"""The pipeline's worker processes: each runs one job at a time, and stopping a job kills its worker.

The pipeline is CPU-bound Python and a thread cannot be stopped from outside, so a job on a
thread whose client has gone keeps a core busy until it ends, and keeps the server from
exiting. A process can be killed. A job's thread hands the task to an idle worker, relays its
progress and looks at the job's :class:`~storyfuse.web.jobs.Ticket` every ``_POLL`` seconds;
once the ticket is revoked the worker is killed and a fresh one takes its place on the next
job. Workers are started with "spawn" (no thread or lock of the server is copied into them),
load their models once, and end with the server, even one that was killed: each watches its
parent.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

from storyfuse import Article, Rejection, RunConfig, Runner, StoryfuseError
from storyfuse.web.jobs import Stopped, Ticket
from storyfuse.web.service import Progress, Result, digest_articles

_POLL = 0.05  # seconds between looks at the ticket while a worker computes
_PARENT_CHECK = 1.0  # seconds between a worker's looks at whether the server is still there
# A first run loads what the pipeline loads lazily (0.8 s, then 0.1 s a brief): done at start.
_WARM_UP = ("The harbour bridge reopened on Monday after repairs, the council said. "
            "Officials said traffic would return to normal by Friday.")


class WorkerTask(Protocol):
    """Work a worker process can do: picklable (it is sent to the worker), its class importable
    there, and run with the worker's runner. :class:`Task` is the brief of sent articles; the
    story store's tasks are in :mod:`storyfuse.web.store_tasks`."""

    def run(self, runner: Runner, progress: Progress) -> Result: ...


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs for one brief: the articles (fetched already), the word budget and
    the format to render it in."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejection, ...]
    words: int
    fmt: str

    def run(self, runner: Runner, progress: Progress) -> Result:
        return digest_articles(runner, self.articles, self.rejected, self.words, self.fmt, progress)


class WorkerPool:
    """Worker processes for :meth:`run`; ``size`` are started by :meth:`start`, more only if
    more jobs run at once than that (the job table's thread count keeps them to ``size``)."""

    def __init__(self, size: int, run_config: RunConfig) -> None:
        self._size = size
        self._run_config = run_config
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the workers now (they load in parallel), so the first job need not wait; after
        :meth:`close`, take work again."""
        with self._lock:
            self._closed = False
            while len(self._all) < self._size:
                self._idle.append(self._new())

    def run(self, task: WorkerTask, progress: Progress, ticket: Ticket) -> Result:
        """The task's result from a worker; stops (killing it) as soon as ``ticket`` is revoked."""
        worker = self._take()
        try:
            outcome = worker.run(task, progress, ticket)
        except BaseException:
            self._discard(worker)  # stopped, dead or cut off mid-message: never reused
            raise
        self._give_back(worker)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def close(self) -> None:
        """Kill every worker, busy or not (their jobs fail as stopped)."""
        with self._lock:
            self._closed = True
            busy = self._all.difference(self._idle)
            idle = list(self._idle)
            self._all.clear()
            self._idle.clear()
        for worker in idle:
            worker.kill()
            worker.close()
        for worker in busy:  # its job's thread closes the pipe, once it sees the worker gone
            worker.kill()

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and the load benchmark)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None and w.process.is_alive()]

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise Stopped("stopped: the server is shutting down")
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                self._all.discard(worker)
            return self._new()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._all:
                self._idle.append(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        worker.close()

    def _new(self) -> _Worker:
        worker = _Worker(self._run_config)
        self._all.add(worker)
        return worker


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, run_config: RunConfig) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, run_config, os.getpid()),
                                       name="storyfuse-worker", daemon=True)
        self.process.start()
        child.close()

    def run(self, task: WorkerTask, progress: Progress, ticket: Ticket) -> Result | Exception:
        """The result, or the error the pipeline raised; raises when stopped or the worker dies."""
        self._conn.send(task)
        while True:
            ticket.check()
            if self._conn.poll(_POLL):
                try:
                    kind, *rest = self._conn.recv()
                except (EOFError, OSError):  # killed mid-message, or by the server's shutdown
                    raise RuntimeError(f"the worker process ended ({self.process.exitcode})") from None
                if kind == "progress":
                    progress(*rest)
                    continue
                return rest[0] if kind == "failed" else (rest[0], rest[1])
            if not self.process.is_alive():
                raise RuntimeError(f"the worker process ended ({self.process.exitcode})")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)

    def close(self) -> None:
        """Close the server's end of the pipe (only from the thread that uses it)."""
        self._conn.close()


# ---- in the worker process -----------------------------------------------------------------------

def serve(conn: Connection, run_config: RunConfig, parent: int) -> None:
    """A worker's life: build the runner once, then run tasks until the server goes away."""
    # Ctrl+C reaches the whole process group; the server decides when its workers end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    runner = Runner(run_config)
    _warm_up(runner)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_outcome(runner, task, conn))


def _outcome(runner: Runner, task: WorkerTask, conn: Connection) -> tuple[Any, ...]:
    def progress(stage: str, done: int, total: int) -> None:
        conn.send(("progress", stage, done, total))

    try:
        digests, text = task.run(runner, progress)
    except StoryfuseError as exc:
        return ("failed", exc)
    except Exception as exc:  # a bug: logged here (the server's stderr), the job fails, the worker lives on
        traceback.print_exc()
        return ("failed", _portable(exc))
    return ("done", digests, text)


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _warm_up(runner: Runner) -> None:
    article = Article(id="warm-up", path="warm-up", text=_WARM_UP)
    with contextlib.suppress(Exception):  # a real job reports whatever failed here
        digest_articles(runner, (article,), (), 30, "html")


def _watch_parent(parent: int) -> None:
    # Orphaned (the server was killed): end now rather than finish a brief no one will read.
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK)
    os._exit(0)
