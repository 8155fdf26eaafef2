"""Corpus-wide steps as map → group → reduce over partitions, run here or on a Dask cluster.

A flow holds a corpus as partitions (lists of items) where it runs: in this process's memory
(:class:`LocalFlow`, its maps through an :class:`~storyfuse.pipeline.executors.Executor`) or
on a cluster's workers (:class:`storyfuse.pipeline.cluster.DaskFlow`). Steps are written once
against these operations:

* ``map_parts(fn, *parts, shared=(...))``: ``fn`` applied to each partition (several
  collections zipped partition by partition), with values sent once to every worker
  (``share``) as its last arguments;
* ``group(parts)``: items ``(key, value)`` with integer keys routed to partition ``key % n``
  (the same partition in every flow, so a grouped collection lines up with a collection
  partitioned by the same numbers), in the order of the input partitions;
* ``reduce(parts, per_part, combine)``: a tree reduction, for what is small once reduced
  (document frequencies, a count).

Keys are integers because Python's string hashes differ between processes; :func:`stable_key`
turns text into one. Partition contents are the same in every flow, item for item and in
order, so the steps' results are too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, Protocol, TypeVar

from storyfuse.pipeline.executors import Executor, SerialExecutor

T = TypeVar("T")
A = TypeVar("A")

# Reductions combine this many partial results per task (Dask's own default for bags).
SPLIT_EVERY = 8


class Flow(Protocol):
    """Where a corpus's partitions live and its steps run (see the module docstring)."""

    partitions: int

    def from_items(self, items: Sequence[Any]) -> Any: ...

    def generate(self, fn: Callable[[int], list[Any]]) -> Any: ...

    def map_parts(self, fn: Callable[..., list[Any]], *parts: Any, shared: tuple[Any, ...] = ()) -> Any: ...

    def group(self, parts: Any) -> Any: ...

    def reduce(self, parts: Any, per_part: Callable[[list[Any]], A], combine: Callable[[list[A]], A]) -> A: ...

    def share(self, value: Any) -> Any: ...

    def persist(self, parts: Any) -> Any: ...

    def release(self, parts: Any) -> None: ...

    def collect(self, parts: Any) -> list[Any]: ...

    def close(self) -> None: ...


def flow_for(executor: Executor, partitions: int) -> Flow:
    """The flow that runs on ``executor``'s machines: a cluster's for a Dask executor."""
    cluster = getattr(executor, "cluster", None)
    if cluster is not None:
        from storyfuse.pipeline.cluster import DaskFlow

        return DaskFlow(cluster, partitions)
    return LocalFlow(partitions, executor)


def stable_key(text: str) -> int:
    """A 63-bit integer for ``text``, the same in every process (a grouping key)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def split_by_key(items: Iterable[tuple[int, Any]], partitions: int) -> list[list[tuple[int, Any]]]:
    """One partition's items dealt into ``partitions`` buckets by ``key % partitions``."""
    buckets: list[list[tuple[int, Any]]] = [[] for _ in range(partitions)]
    for item in items:
        buckets[item[0] % partitions].append(item)
    return buckets


def chunks(items: Sequence[T], partitions: int) -> list[list[T]]:
    """``items`` cut into ``partitions`` contiguous runs of near-equal size (order kept)."""
    n = len(items)
    return [list(items[p * n // partitions:(p + 1) * n // partitions]) for p in range(partitions)]


def tree_reduce(values: list[A], combine: Callable[[list[A]], A]) -> A:
    """``combine`` over groups of ``SPLIT_EVERY`` until one value is left."""
    while len(values) > 1:
        values = [combine(values[i:i + SPLIT_EVERY]) for i in range(0, len(values), SPLIT_EVERY)]
    return values[0] if values else combine([])


class LocalFlow:
    """Partitions as lists in this process; maps through ``executor`` (serial, or a process
    pool whose results come back in order)."""

    def __init__(self, partitions: int, executor: Executor | None = None) -> None:
        self.partitions = max(1, partitions)
        self.executor = executor or SerialExecutor()

    def from_items(self, items: Sequence[Any]) -> list[list[Any]]:
        return chunks(items, self.partitions)

    def generate(self, fn: Callable[[int], list[Any]]) -> list[list[Any]]:
        return list(self.executor.map(fn, range(self.partitions)))

    def map_parts(self, fn: Callable[..., list[Any]], *parts: list[list[Any]],
                  shared: tuple[Any, ...] = ()) -> list[list[Any]]:
        return list(self.executor.map(partial(_apply, fn, shared=shared), list(zip(*parts, strict=True))))

    def group(self, parts: list[list[tuple[int, Any]]]) -> list[list[tuple[int, Any]]]:
        dealt = self.map_parts(partial(split_by_key, partitions=self.partitions), parts)
        return [[item for buckets in dealt for item in buckets[p]] for p in range(self.partitions)]

    def reduce(self, parts: list[list[Any]], per_part: Callable[[list[Any]], A],
               combine: Callable[[list[A]], A]) -> A:
        return tree_reduce(list(self.executor.map(per_part, parts)), combine)

    def share(self, value: Any) -> Any:
        return value

    def persist(self, parts: list[list[Any]]) -> list[list[Any]]:
        return parts

    def release(self, parts: list[list[Any]]) -> None:
        pass

    def collect(self, parts: list[list[Any]]) -> list[Any]:
        return [item for part in parts for item in part]

    def close(self) -> None:
        pass  # the executor is its owner's to close


def _apply(fn: Callable[..., list[Any]], args: tuple[Any, ...], shared: tuple[Any, ...]) -> list[Any]:
    return fn(*args, *shared)
