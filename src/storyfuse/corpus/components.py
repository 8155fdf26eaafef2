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
from typing import Any

from storyfuse.errors import StoryfuseError
from storyfuse.pipeline.flow import Flow

# Alternations allowed: far more than log² of any corpus's size (a path of 2^20 nodes settles
# in well under this).
MAX_ROUNDS = 400

Node = int
Edge = tuple[Node, Node]
Rewired = tuple[Node, Node, bool]  # an edge, and whether the round moved it


def component_roots(flow: Flow, edges: Any) -> Any:
    """(node, smallest node of its component) for every node of ``edges`` (partitions of
    (node, node) pairs), one item per node; an edge from a node to itself is ignored."""
    current = flow.persist(flow.map_parts(_as_edges, edges))
    for _ in range(MAX_ROUNDS):
        large = flow.persist(_round(flow, current, _both_ways, _large_star))
        small = flow.persist(_round(flow, large, _towards_smaller, _small_star))
        moved = flow.reduce(large, _moved, _total) + flow.reduce(small, _moved, _total)
        for done in (current, large):
            flow.release(done)
        current = small
        if not moved:
            return flow.map_parts(_one_each, flow.group(flow.map_parts(_ends, current)))
    raise StoryfuseError(f"connected components did not settle in {MAX_ROUNDS} rounds")


def _round(flow: Flow, edges: Any, emit: Callable[[Iterable[Rewired]], list[Edge]],
           reduce: Callable[[Iterable[Edge]], list[Rewired]]) -> Any:
    return flow.map_parts(reduce, flow.group(flow.map_parts(emit, edges)))


def _as_edges(edges: Iterable[Edge]) -> list[Rewired]:
    return [(a, b, True) for a, b in edges if a != b]


def _both_ways(edges: Iterable[Rewired]) -> list[Edge]:
    out = []
    for a, b, _ in edges:
        out += [(a, b), (b, a)]
    return out


def _towards_smaller(edges: Iterable[Rewired]) -> list[Edge]:
    return [(max(a, b), min(a, b)) for a, b, _ in edges]


def _neighbours(received: Iterable[Edge]) -> dict[Node, set[Node]]:
    found: dict[Node, set[Node]] = {}
    for node, other in received:
        found.setdefault(node, set()).add(other)
    return found


def _large_star(received: Iterable[Edge]) -> list[Rewired]:
    """Each node's larger neighbours, linked to the smallest of the node and its neighbours."""
    out = []
    for node, others in _neighbours(received).items():
        smallest = min(min(others), node)
        out += [(other, smallest, smallest != node) for other in others if other > node]
    return out


def _small_star(received: Iterable[Edge]) -> list[Rewired]:
    """Each node and its smaller neighbours, linked to the smallest of them."""
    out = []
    for node, smaller in _neighbours(received).items():
        smallest = min(smaller)
        moved = len(smaller) > 1
        out += [(other, smallest, moved) for other in smaller | {node} if other != smallest]
    return out


def _moved(edges: Iterable[Rewired]) -> int:
    return sum(moved for _, _, moved in edges)


def _total(counts: list[int]) -> int:
    return sum(counts)


def _ends(edges: Iterable[Rewired]) -> list[Edge]:
    out = []
    for a, b, _ in edges:  # a star's edge: (leaf, centre), the centre the smallest node
        out += [(a, b), (b, b)]
    return out


def _one_each(grouped: Iterable[Edge]) -> list[Edge]:
    return list(dict(grouped).items())
