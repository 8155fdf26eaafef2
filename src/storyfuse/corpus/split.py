"""Blocks: connected components of the kept links, a block too large split by its weak links.

Average-link refines a block in time quadratic in its size, so a block of more than
``average_link_limit`` documents is grouped in one pass instead (:mod:`.refine`), which is
quadratic too, only cheaper. No story of a year's news is that large; a block that is was made
by chance links, each between two stories, and a denser corpus has more of them (k-nearest
links, :mod:`.neighbours`, make them rarer but cannot rule them out). So the documents of each
block over the limit lose their links weaker than the next of ``split_floors`` (links of
other blocks stay as they are), and the components are found again, until no block is over
the limit or the floors run out. Copy links are never dropped: a reprint belongs with its
original, whatever block that is.

A corpus with no block over the limit pays one count of block sizes (a group by block).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import numpy as np

from storyfuse.corpus.arrays import run_starts, split_rows
from storyfuse.corpus.components import component_roots
from storyfuse.corpus.profiles import CorpusConfig
from storyfuse.pipeline.flow import Flow


def block_roots(flow: Flow, links: Any, config: CorpusConfig) -> Any:
    """(node, block) for every node of ``links`` (persisted partitions of
    :data:`~.neighbours.END` rows, each in the partition of its ``node``, released here): the
    smallest node of its block."""
    roots = flow.persist(component_roots(flow, flow.map_parts(_pairs, links)))
    for floor in config.split_floors:
        large = oversized(flow, roots, config.average_link_limit)
        if not large:
            break
        fewer = flow.persist(flow.map_parts(partial(_without_weak, floor=floor), links, roots,
                                            shared=(flow.share(large),)))
        for done in (links, roots):
            flow.release(done)
        links = fewer
        roots = flow.persist(component_roots(flow, flow.map_parts(_pairs, links)))
    flow.release(links)
    return roots


def oversized(flow: Flow, roots: Any, limit: int) -> frozenset[int]:
    """The blocks (their smallest nodes) of more than ``limit`` documents."""
    counted = flow.map_parts(partial(_counted, partitions=flow.partitions), roots)
    found = flow.collect(flow.map_parts(partial(_larger, limit=limit), flow.group(counted)))
    return frozenset(found)


def _pairs(links: Iterable[np.ndarray]) -> list[np.ndarray]:
    return [np.column_stack([rows["low"], rows["high"]]) for rows in links]


def _root_array(roots: Iterable[tuple[int, int]]) -> np.ndarray:
    return np.array(list(roots), np.int64).reshape(-1, 2)


def _counted(roots: Iterable[tuple[int, int]], partitions: int) -> list[tuple[int, np.ndarray]]:
    """(partition, rows (block, documents of it here)) for the partition of each block."""
    blocks, counts = np.unique(_root_array(roots)[:, 1], return_counts=True)
    rows = np.column_stack([blocks, counts])
    return split_rows(rows, rows[:, 0], partitions)


def _larger(received: Iterable[tuple[int, np.ndarray]], limit: int) -> list[int]:
    rows = np.concatenate([np.empty((0, 2), np.int64), *(part for _, part in received)])
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    starts = run_starts(rows[:, 0])
    sizes = np.add.reduceat(rows[:, 1], starts) if len(rows) else rows[:, 1]
    return rows[starts[sizes > limit], 0].tolist()


def _without_weak(links: Iterable[np.ndarray], roots: Iterable[tuple[int, int]], large: frozenset[int],
                  *, floor: float) -> list[np.ndarray]:
    """The links, less those under ``floor`` whose node is in a block of ``large``."""
    found = _root_array(roots)
    found = found[np.argsort(found[:, 0])]
    out = []
    for rows in links:
        at = np.searchsorted(found[:, 0], rows["node"]).clip(0, max(len(found) - 1, 0))
        block = found[at, 1] if len(found) else np.empty(0, np.int64)
        in_large = np.isin(block, np.fromiter(large, np.int64, len(large)))
        out.append(rows[~in_large | (rows["weight"] >= floor)])
    return out
