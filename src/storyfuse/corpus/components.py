"""Connected components over a corpus's candidate pairs, without gathering them to one task.

The alternating algorithm of Kiveris et al. ("Connected Components in MapReduce and Beyond",
SoCC 2014): rounds of *large-star* (each node links its larger neighbours to the smallest node
of its neighbourhood) and *small-star* (each node links itself and its smaller neighbours to
the smallest of them), each a group by node. Neither round adds edges, and they stop changing
when every component is a star around its smallest node, after O(log² n) rounds at worst (a
few on news: copies and stories are shallow). Node ids are integers (grouping keys, see
:func:`storyfuse.pipeline.flow.stable_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np

from storyfuse.corpus.arrays import run_starts, split_rows
from storyfuse.errors import StoryfuseError
from storyfuse.pipeline.flow import Flow

# Alternations allowed: far more than log² of any corpus's size (a path of 2^20 nodes settles
# in well under this).
MAX_ROUNDS = 400

Node = int
Edge = tuple[Node, Node]
# The edges of a partition as one int64 array of rows (node, node, moved): whether the round
# moved the edge. As arrays, a round is a few sorts (as Python tuples, most of a corpus run).
Edges = np.ndarray


def component_roots(flow: Flow, edges: Any) -> Any:
    """(node, smallest node of its component) for every node of ``edges`` (partitions of
    (node, node) pairs or of (n, 2) arrays of them), one item per node; an edge from a node to
    itself is ignored."""
    current = flow.persist(flow.map_parts(_as_edges, edges))
    for _ in range(MAX_ROUNDS):
        large = flow.persist(_round(flow, current, _both_ways, _large_star))
        small = flow.persist(_round(flow, large, _towards_smaller, _small_star))
        moved = flow.reduce(large, _moved, _total) + flow.reduce(small, _moved, _total)
        for done in (current, large):
            flow.release(done)
        current = small
        if not moved:
            return flow.map_parts(_one_each, _round(flow, current, _ends, _roots))
    raise StoryfuseError(f"connected components did not settle in {MAX_ROUNDS} rounds")


def _round(flow: Flow, edges: Any, emit: Callable[[Edges], np.ndarray], reduce: Callable[[np.ndarray], Edges]
           ) -> Any:
    dealt = flow.map_parts(partial(_dealt, emit=emit, partitions=flow.partitions), edges)
    return flow.map_parts(partial(_reduced, reduce=reduce), flow.group(dealt))


def _dealt(parts: Iterable[Edges], emit: Callable[[Edges], np.ndarray], partitions: int
           ) -> list[tuple[int, np.ndarray]]:
    """(partition, pairs) for each partition the emitted pairs (node, other) go to: the node's."""
    pairs = emit(_joined(parts, 3))
    return split_rows(pairs, pairs[:, 0], partitions)


def _reduced(received: Iterable[tuple[int, np.ndarray]], reduce: Callable[[np.ndarray], Edges]
             ) -> list[Edges]:
    return [reduce(_joined((pairs for _, pairs in received), 2))]


def _joined(parts: Iterable[np.ndarray], columns: int) -> np.ndarray:
    arrays = list(parts)
    return np.concatenate(arrays) if arrays else np.empty((0, columns), np.int64)


def _as_edges(edges: Iterable[Edge | np.ndarray]) -> list[Edges]:
    """A partition's edges, given as (node, node) items or as (n, 2) arrays of them."""
    items = list(edges)
    arrays = [item.reshape(-1, 2) for item in items if isinstance(item, np.ndarray)]
    pairs = np.array([item for item in items if not isinstance(item, np.ndarray)], np.int64).reshape(-1, 2)
    pairs = np.concatenate([pairs, *arrays]).astype(np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return [np.column_stack([pairs, np.ones(len(pairs), np.int64)])]


def _both_ways(edges: Edges) -> np.ndarray:
    return np.concatenate([edges[:, :2], edges[:, 1::-1]])


def _towards_smaller(edges: Edges) -> np.ndarray:
    return np.column_stack([edges[:, :2].max(axis=1), edges[:, :2].min(axis=1)])


def _neighbourhoods(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct pairs sorted by node then neighbour; for each row, the smallest neighbour
    of its node and how many neighbours that node has."""
    pairs = np.unique(pairs.reshape(-1, 2), axis=0)  # sorted by node, then neighbour
    starts = run_starts(pairs[:, 0])
    sizes = np.diff(np.r_[starts, len(pairs)])
    return pairs, np.repeat(pairs[starts, 1], sizes), np.repeat(sizes, sizes)


def _large_star(pairs: np.ndarray) -> Edges:
    """Each node's larger neighbours, linked to the smallest of the node and its neighbours."""
    pairs, least, _ = _neighbourhoods(pairs)
    smallest = np.minimum(least, pairs[:, 0])
    larger = pairs[:, 1] > pairs[:, 0]
    moved = smallest != pairs[:, 0]
    return np.column_stack([pairs[larger, 1], smallest[larger], moved[larger]])


def _small_star(pairs: np.ndarray) -> Edges:
    """Each node and its smaller neighbours, linked to the smallest of them."""
    pairs, smallest, sizes = _neighbourhoods(pairs)
    moved = (sizes > 1).astype(np.int64)
    first = run_starts(pairs[:, 0])
    others = pairs[:, 1] != smallest
    own = np.column_stack([pairs[first, 0], smallest[first], moved[first]])  # the node itself
    return np.concatenate([own, np.column_stack([pairs[others, 1], smallest[others], moved[others]])])


def _moved(parts: Iterable[Edges]) -> int:
    return sum(int(edges[:, 2].sum()) for edges in parts)


def _total(counts: list[int]) -> int:
    return sum(counts)


def _ends(edges: Edges) -> np.ndarray:
    """A star's edge is (leaf, centre), the centre the smallest node: each leaf and each
    centre, with the centre."""
    return np.concatenate([edges[:, :2], np.column_stack([edges[:, 1], edges[:, 1]])])


def _roots(pairs: np.ndarray) -> Edges:
    return np.unique(pairs, axis=0)


def _one_each(parts: Iterable[np.ndarray]) -> list[Edge]:
    return [(a, b) for edges in parts for a, b in dict(edges.tolist()).items()]
