"""Map → group → reduce: each document's strongest links, the only ones that make blocks.

A bucket links its members by the cosine of their strongest terms, each to its
``neighbours`` closest (:mod:`.blocks`). Over a dense corpus that is not enough: a document
is in some 24 buckets, and every unrelated document it shares a sentence with can be a link
at a low cosine. Such links grow with the square of the corpus's density in time (there are
more documents of the same weeks to share a sentence with) and at 300,000 synthetic articles
they chained a third of the corpus into one block. Here the edges are grouped by each of
their ends, and an edge is kept when it is among the ``neighbours`` strongest of either end
(a k-nearest-neighbour graph, as approximate nearest-neighbour clustering uses): a document
then makes at most that many links however dense the corpus, and a member of a story keeps
its links to the story's other members, which are closer than the chance ones. Copy links
are always kept: a reprint belongs with its original.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import numpy as np

from storyfuse.corpus.arrays import run_starts, split_rows
from storyfuse.corpus.blocks import COPY, EDGE, strongest_once
from storyfuse.pipeline.flow import Flow

# An edge as seen from one of its ends.
END = np.dtype([("node", np.int64), ("low", np.int64), ("high", np.int64), ("weight", np.float32)])
_EDGE_FIELDS = ("low", "high", "weight")  # EDGE's


def strongest_links(flow: Flow, edges: Any, neighbours: int, strong: float) -> Any:
    """The edges (partitions of :data:`~.blocks.EDGE` arrays) kept by either end, as
    :data:`END` rows in the partition of their ``node`` (an edge kept by both ends is there
    twice): each end's ``neighbours`` strongest but, below the cosine ``strong``, only its
    strongest."""
    dealt = flow.map_parts(partial(_both_ends, partitions=flow.partitions), edges)
    return flow.map_parts(partial(_kept, neighbours=neighbours, strong=strong), flow.group(dealt))


def _both_ends(parts: Iterable[np.ndarray], partitions: int) -> list[tuple[int, np.ndarray]]:
    edges = np.concatenate([np.empty(0, EDGE), *parts])
    ends = np.empty(2 * len(edges), END)
    for name in _EDGE_FIELDS:
        ends[name] = np.r_[edges[name], edges[name]]
    ends["node"] = np.r_[edges["low"], edges["high"]]
    return split_rows(ends, ends["node"], partitions)


def _kept(received: Iterable[tuple[int, np.ndarray]], neighbours: int, strong: float) -> list[np.ndarray]:
    """Each node's ``neighbours`` strongest edges other than copies (below ``strong``, its
    strongest only), and all its copy edges: a copy does not take the place of a story link."""
    ends = np.concatenate([np.empty(0, END), *(rows for _, rows in received)])
    # Each (node, edge) once: buckets of other partitions found the same edge too, and a
    # repeated edge must not take the ranks of other neighbours.
    ends = strongest_once(ends, ("node", "low", "high"))
    copies = ends[ends["weight"] >= COPY]
    ends = ends[ends["weight"] < COPY]
    ends = ends[np.lexsort((ends["high"], ends["low"], -ends["weight"], ends["node"]))]
    starts = run_starts(ends["node"])
    rank = np.arange(len(ends)) - np.repeat(starts, np.diff(np.r_[starts, len(ends)]))
    near = (rank < neighbours) & ((ends["weight"] >= strong) | (rank == 0))
    return [np.concatenate([copies, ends[near]])]
