"""Splitting blocks too large for average-link: their weak links dropped, copy links kept."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from storyfuse.corpus.blocks import COPY
from storyfuse.corpus.neighbours import END
from storyfuse.corpus.profiles import CorpusConfig
from storyfuse.corpus.split import block_roots, oversized
from storyfuse.pipeline.flow import LocalFlow

STORIES = ((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11))


def links(flow: LocalFlow, *edges: tuple[int, int, float]) -> list[list[np.ndarray]]:
    """Each edge seen from both ends, each row in the partition of its node (as kept links are)."""
    rows = np.array([(n, min(a, b), max(a, b), w) for a, b, w in edges for n in (a, b)], END)
    return [[rows[rows["node"] % flow.partitions == p]] for p in range(flow.partitions)]


def chained(cross: float) -> list[tuple[int, int, float]]:
    """Three stories, linked inside at 0.6, the first two by a link at ``cross``."""
    inside = [(a, b, 0.6) for story in STORIES for a, b in itertools.combinations(story, 2)]
    return [*inside, (4, 5, cross)]


def blocks(edges: list[tuple[int, int, float]], config: CorpusConfig, partitions: int = 2) -> dict[int, int]:
    flow = LocalFlow(partitions)
    return dict(flow.collect(block_roots(flow, links(flow, *edges), config)))


@pytest.mark.parametrize("partitions", [1, 3])
def test_a_block_over_the_limit_loses_its_weak_links(partitions: int) -> None:
    config = replace(CorpusConfig(), average_link_limit=5, split_floors=(0.2, 0.5))
    found = blocks(chained(0.15), config, partitions)
    assert {found[n] for n in STORIES[0]} == {1} and {found[n] for n in STORIES[1]} == {5}
    assert {found[n] for n in STORIES[2]} == {9}


def test_blocks_within_the_limit_keep_their_weak_links() -> None:
    found = blocks(chained(0.15), replace(CorpusConfig(), average_link_limit=8, split_floors=(0.2,)))
    assert {found[n] for n in (*STORIES[0], *STORIES[1])} == {1}


def test_floors_rise_until_the_block_splits() -> None:
    config = replace(CorpusConfig(), average_link_limit=5, split_floors=(0.2, 0.3, 0.5))
    found = blocks(chained(0.4), config)
    assert found[4] == 1 and found[5] == 5  # 0.4 survives the floors 0.2 and 0.3, not 0.5


def test_copy_links_hold_however_large_the_block() -> None:
    config = replace(CorpusConfig(), average_link_limit=5, split_floors=(0.2, 1.0))
    found = blocks([*chained(0.15), (4, 5, COPY)], config)
    assert found[4] == found[5] == 4  # the block split down to the copies: the cosines all went
    assert {found.get(n, n) for n in (1, 2, 3, 6, 7, 8)} == {1, 2, 3, 6, 7, 8}
    assert {found[n] for n in STORIES[2]} == {9}  # the small block keeps its links


def test_oversized_names_the_blocks_over_the_limit() -> None:
    flow = LocalFlow(2)
    roots = flow.from_items([(n, 1) for n in range(1, 7)] + [(n, 7) for n in range(7, 10)])
    assert oversized(flow, roots, 5) == {1}
    assert oversized(flow, roots, 2) == {1, 7}
    assert oversized(flow, roots, 6) == frozenset()


def reference_blocks(edges: list[tuple[int, int, float]], config: CorpusConfig) -> dict[int, int]:
    """The definition: components over all links left, weak links of oversized blocks dropped
    floor after floor, found again each time over the whole graph (scipy)."""
    kept = list(edges)
    found = components(kept)
    for floor in config.split_floors:
        large = {b for b, size in Counter(found.values()).items() if size > config.average_link_limit}
        if not large:
            break
        kept = [(a, b, w) for a, b, w in kept if found[a] not in large or w >= floor]
        found = components(kept)
    return found


def components(edges: list[tuple[int, int, float]]) -> dict[int, int]:
    """Each node of ``edges`` and the smallest node of its component."""
    nodes = sorted({n for a, b, _ in edges for n in (a, b)})
    at = {n: k for k, n in enumerate(nodes)}
    graph = csr_matrix((np.ones(len(edges)), ([at[a] for a, _, _ in edges], [at[b] for _, b, _ in edges])),
                       shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    smallest: dict[int, int] = {}
    for node, label in zip(nodes, labels.tolist(), strict=True):
        smallest.setdefault(label, node)  # nodes are sorted: the first seen is the smallest
    return {node: smallest[label] for node, label in zip(nodes, labels.tolist(), strict=True)}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 40), st.sampled_from([0.15, 0.25, 0.4, 0.6, COPY])),
                max_size=80),
       st.integers(2, 12), st.integers(1, 4))
def test_splitting_only_the_large_blocks_gives_the_components_of_all_links_left(
        edges: list[tuple[int, int, float]], limit: int, partitions: int) -> None:
    edges = [(a, b, w) for a, b, w in edges if a != b]
    config = replace(CorpusConfig(), average_link_limit=limit, split_floors=(0.2, 0.3, 0.5, 1.0))
    expected = reference_blocks(edges, config)
    assert blocks(edges, config, partitions) == expected
