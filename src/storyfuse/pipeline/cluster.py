"""Running on a Dask cluster (``pip install 'storyfuse[dask]'``): an executor for the runner's
maps and a :class:`~storyfuse.pipeline.flow.Flow` for corpus-wide steps.

Without a scheduler address a ``LocalCluster`` is started on this machine (worker processes,
one thread each: each worker process loads its own models once, as a process pool's do). With
``tcp://HOST:8786`` the work goes to an existing cluster (``dask scheduler`` and ``dask worker``
on its machines); every worker needs storyfuse installed with the same extras.

Dask retries a task whose worker died (up to ``distributed.scheduler.allowed-failures``, 3 by
default) and recomputes lost partitions from their lineage, so a killed worker costs time,
not results. A bad document is a rejection inside the task, as in a local run, never a failed
task.
"""

from __future__ import annotations

import logging
import operator
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from storyfuse.errors import ConfigError, MissingDependency
from storyfuse.pipeline.flow import SPLIT_EVERY, A, chunks, split_by_key

T = TypeVar("T")
R = TypeVar("R")

def _dask() -> tuple[Any, Any, Any]:
    try:
        import dask
        import dask.bag
        import distributed
    except ImportError as exc:  # an extra: say how to get it
        raise MissingDependency(exc.name or "dask", "dask") from exc
    return dask, dask.bag, distributed


class DaskCluster:
    """A client of the cluster at ``scheduler``, or of a ``LocalCluster`` of ``workers``
    processes started here (and closed with it)."""

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        _, _, distributed = _dask()
        self.closed = False
        self.cluster = None
        if scheduler is None:
            self.cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                                    host="127.0.0.1", dashboard_address=None,
                                                    silence_logs=logging.CRITICAL)
            self.client = distributed.Client(self.cluster)
        else:
            try:
                self.client = distributed.Client(scheduler, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"no Dask scheduler answers at {scheduler}: {exc}") from exc

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class DaskExecutor:
    """The runner's maps as tasks on the cluster, ``chunksize`` items to a task; results come
    back in the order of the items."""

    in_process = False

    def __init__(self, cluster: DaskCluster, chunksize: int = 8) -> None:
        self.cluster = cluster
        self.chunksize = chunksize

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        batches = [items[i:i + self.chunksize] for i in range(0, len(items), self.chunksize)]
        futures = self.cluster.client.map(_run_batch, batches, fn=fn, pure=False)
        for future in futures:
            yield from future.result()

    def close(self) -> None:
        self.cluster.close()


def _run_batch(batch: Sequence[T], fn: Callable[[T], R]) -> list[R]:
    return [fn(item) for item in batch]


class DaskFlow:
    """Partitions as a Dask bag on the cluster's workers; the results of every step are the
    same as :class:`~storyfuse.pipeline.flow.LocalFlow`'s (the same partition contents)."""

    def __init__(self, cluster: DaskCluster, partitions: int) -> None:
        self.dask, self.bag, _ = _dask()
        self.cluster = cluster
        self.partitions = max(1, partitions)
        # Data sent from here lives on the cluster while a future refers to it: held until close.
        self._held: list[Any] = []

    def from_items(self, items: Sequence[Any]) -> Any:
        """The items in the task graph (not scattered: data scattered to a worker that dies is
        gone, while a graph's partitions are computed again)."""
        name = f"items-{uuid.uuid4().hex}"
        return self.bag.from_delayed([self.dask.delayed(chunk, name=f"{name}-{p}", traverse=False)
                                      for p, chunk in enumerate(chunks(items, self.partitions))])

    def generate(self, fn: Callable[[int], list[Any]]) -> Any:
        task = self.dask.delayed(fn, pure=True)
        return self.bag.from_delayed([task(p) for p in range(self.partitions)])

    def map_parts(self, fn: Callable[..., list[Any]], *parts: Any, shared: tuple[Any, ...] = ()) -> Any:
        return parts[0].map_partitions(fn, *parts[1:], *shared)

    def group(self, parts: Any) -> Any:
        """A task shuffle: each partition dealt into buckets, output ``p`` the ``p``-th bucket
        of every input, in input order (only that bucket moves between workers)."""
        n = self.partitions
        dealt = parts.map_partitions(_deal, n).to_delayed()
        pick = self.dask.delayed(operator.getitem, pure=True)
        gather = self.dask.delayed(_concat, pure=True)
        return self.bag.from_delayed([gather([pick(d, p) for d in dealt]) for p in range(n)])

    def reduce(self, parts: Any, per_part: Callable[[list[Any]], A], combine: Callable[[list[A]], A]) -> A:
        """A reduction tree of tasks, ``SPLIT_EVERY`` partial results to a task."""
        level = [self.dask.delayed(per_part, pure=True)(d) for d in parts.to_delayed()]
        step = self.dask.delayed(combine, pure=True)
        while len(level) > 1:
            level = [step(level[i:i + SPLIT_EVERY]) for i in range(0, len(level), SPLIT_EVERY)]
        return level[0].compute()  # type: ignore[no-any-return]

    def share(self, value: Any) -> Any:
        """``value`` sent to every worker once (a copy on each: a worker lost is not the value
        lost); pass what this returns to :meth:`map_parts`. Scattered inside a one-item list:
        Dask scatters a list, tuple, set or dict item by item, and a set of futures in a task's
        arguments is not replaced by the values."""
        [future] = self.cluster.client.scatter([value], broadcast=True, hash=False)
        self._held.append(future)
        return self.dask.delayed(future)

    def persist(self, parts: Any) -> Any:
        """``parts`` computed and kept on the workers until :meth:`release` (a lazy collection
        built from them refers to their keys, not to their futures)."""
        persisted = self.cluster.client.persist(parts)
        self._held.append(persisted)
        return persisted

    def release(self, parts: Any) -> None:
        self._held = [held for held in self._held if held is not parts]

    def collect(self, parts: Any) -> list[Any]:
        return list(parts.compute())

    def close(self) -> None:
        self._held.clear()  # the cluster is its owner's (the executor's) to close


def _deal(part: Iterable[tuple[int, Any]], partitions: int) -> list[Any]:
    # A bag partition's result must be a list; this one's items are the buckets.
    return split_by_key(part, partitions)


def _concat(buckets: list[list[Any]]) -> list[Any]:
    return [item for bucket in buckets for item in bucket]
