"""Where the runner's maps run: in this process, in a pool of worker processes, or on a Dask
cluster (:class:`storyfuse.pipeline.cluster.DaskExecutor`, the same two methods).

An executor only decides where ``fn`` is applied to each item; results always come back in the
order of the items, so every executor gives the same answers.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

from storyfuse.errors import ConfigError
from storyfuse.pipeline.resources import Resources

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """``in_process``: items run in this process, so they can use the runner's loaded models."""

    in_process: bool

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """One item after another, here."""

    in_process = True

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A pool of ``workers`` processes (started on first use, "spawn" so that no thread or
    lock of this process is copied into them); each worker loads its own models once."""

    in_process = False

    def __init__(self, workers: int, chunksize: int = 4) -> None:
        if workers < 1:
            raise ConfigError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.chunksize = chunksize
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker)
        return self._pool.map(fn, items, chunksize=self.chunksize)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def executor_for(workers: int, kind: str = "local", scheduler: str | None = None) -> Executor:
    """``local``: serial for 1 worker, a process pool for more; ``dask``: the cluster at
    ``scheduler``, or a LocalCluster of ``workers`` processes (``storyfuse[dask]``)."""
    if kind == "dask" or scheduler is not None:
        from storyfuse.pipeline.cluster import DaskCluster, DaskExecutor

        return DaskExecutor(DaskCluster(scheduler, max(workers, 1)))
    if kind != "local":
        raise ConfigError(f"unknown executor {kind!r} (local or dask)")
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)


# A worker process's own models (set by the pool's initializer; None in the main process).
_worker_resources: Resources | None = None


def _start_worker() -> None:
    global _worker_resources
    _worker_resources = Resources()


def worker_resources() -> Resources:
    """The models of this worker process."""
    global _worker_resources
    if _worker_resources is None:
        _worker_resources = Resources()
    return _worker_resources


