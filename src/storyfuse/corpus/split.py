"""Blocks: connected components of the kept links, a block too large split by its weak links.

Average-link refines a block in time quadratic in its size, so a block of more than
``average_link_limit`` documents is grouped in one pass instead (:mod:`.refine`), which is
quadratic too, only cheaper. No story of a year's news is that large; a block that is was made
by chance links, each between two stories, and a denser corpus has more of them (k-nearest
links, :mod:`.neighbours`, make them rarer but cannot rule them out). So the links of each
block over the limit that are weaker than the next of ``split_floors`` are dropped, and the
components of what is left of those blocks are found again, until no block is over the limit
or the floors run out. Copy links are never dropped: a reprint belongs with its original,
whatever block that is.

A link joins two documents of one block, so the other blocks' components cannot change: a
round finds components over the oversized blocks' links alone and puts their roots in place of
the old ones (at 1,000,000 synthetic articles one block of more than 3,000 took two rounds;
the run took 1,231 s finding components again over all links, 1,147 s over the block's). A
corpus with no block over the limit pays one count of block sizes (a group by block).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np

from storyfuse.corpus.arrays import run_starts, split_rows
from storyfuse.corpus.components import component_roots
from storyfuse.corpus.profiles import CorpusConfig
from storyfuse.pipeline.flow import Flow

log = logging.getLogger("storyfuse.corpus")


def block_roots(flow: Flow, links: Any, config: CorpusConfig) -> Any:
    """(node, block) for every node of ``links`` (persisted partitions of
    :data:`~.neighbours.END` rows, each in the partition of its ``node``, released here): the
    smallest node of its block. A node with no link left is in no pair: its own block."""
    roots = flow.persist(component_roots(flow, flow.map_parts(_pairs, links)))
    within = roots  # the roots of the blocks last found: only those can be over the limit
    for floor in config.split_floors:
        large = oversized(flow, within, config.average_link_limit)
        if not large:
            break
        log.info("%d blocks over %d documents: their links under %.2f dropped", len(large),
                 config.average_link_limit, floor)
        shared = flow.share(large)
        fewer = flow.persist(flow.map_parts(partial(_inside_strong, floor=floor), links, within, shared=(shared,)))
        flow.release(links)
        links = fewer
        within = flow.persist(component_roots(flow, flow.map_parts(_pairs, links)))
        replaced = flow.persist(flow.map_parts(_replaced, roots, within, shared=(shared,)))
        flow.release(roots)
        roots = replaced
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


def _block_of(roots: Iterable[tuple[int, int]]) -> Callable[[np.ndarray], np.ndarray]:
    """A lookup of the block of each of some nodes (all of them in ``roots``' pairs)."""
    found = _root_array(roots)
    found = found[np.argsort(found[:, 0])]

    def lookup(nodes: np.ndarray) -> np.ndarray:
        if not len(found):
            return np.full(len(nodes), -1, np.int64)
        return found[np.searchsorted(found[:, 0], nodes).clip(0, len(found) - 1), 1]
    return lookup


def _in(blocks: np.ndarray, large: frozenset[int]) -> np.ndarray:
    return np.isin(blocks, np.fromiter(large, np.int64, len(large)))


def _inside_strong(links: Iterable[np.ndarray], roots: Iterable[tuple[int, int]], large: frozenset[int],
                   *, floor: float) -> list[np.ndarray]:
    """The links of the blocks of ``large`` at ``floor`` or more (the others' links are not
    needed again: those blocks are final)."""
    block_of = _block_of(roots)
    out = []
    for rows in links:
        inside = _in(block_of(rows["node"]), large)
        out.append(rows[inside & (rows["weight"] >= floor)])
    return out


def _replaced(roots: Iterable[tuple[int, int]], found: Iterable[tuple[int, int]], large: frozenset[int]
              ) -> list[tuple[int, int]]:
    """``roots`` less the nodes of the blocks of ``large``, plus ``found``: those nodes' new
    blocks (a node left with no link is in none, its own block)."""
    kept = _root_array(roots)
    kept = kept[~_in(kept[:, 1], large)]
    return [*map(tuple, kept.tolist()), *found]
