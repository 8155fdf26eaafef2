"""Strongest links: each document keeps its closest links and all its copy links."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from storyfuse.corpus.blocks import COPY, EDGE
from storyfuse.corpus.neighbours import strongest_links
from storyfuse.corpus.profiles import CorpusConfig
from storyfuse.corpus.split import block_roots
from storyfuse.pipeline.flow import LocalFlow


def edges(*links: tuple[int, int, float]) -> np.ndarray:
    rows = np.empty(len(links), EDGE)
    for k, (a, b, w) in enumerate(links):
        rows[k] = (min(a, b), max(a, b), w)
    return rows


def kept(links: np.ndarray, neighbours: int, partitions: int = 1, strong: float = 0.0) -> set[tuple[int, int]]:
    flow = LocalFlow(partitions)
    parts = flow.from_items([links[k:k + 1] for k in range(len(links))])
    found = flow.collect(strongest_links(flow, parts, neighbours, strong))
    return {(int(a), int(b)) for rows in found for a, b in zip(rows["low"], rows["high"], strict=True)}


def two_stories(cross: float) -> np.ndarray:
    """Stories 1-4 and 5-8, their members linked at 0.6, and 4 and 5 at ``cross``."""
    inside = [(a, b, 0.6) for story in ((1, 2, 3, 4), (5, 6, 7, 8)) for a, b in itertools.combinations(story, 2)]
    return edges(*inside, (4, 5, cross))


def test_a_chance_link_weaker_than_a_story_s_own_is_dropped() -> None:
    assert (4, 5) not in kept(two_stories(0.2), 3)
    assert (4, 5) in kept(two_stories(0.2), 4)  # one more neighbour allowed: the 4th strongest


def test_an_edge_is_kept_when_either_end_keeps_it() -> None:
    links = edges((1, 2, 0.9), (2, 3, 0.8), (1, 3, 0.3), (1, 4, 0.2))
    # 1 keeps 2, 2 keeps 1, 3 keeps 2 and 4 keeps 1 (its only link, weakest for 1): not (1, 3)
    assert kept(links, 1) == {(1, 2), (2, 3), (1, 4)}
    assert kept(links, 2) == {(1, 2), (2, 3), (1, 3), (1, 4)}


def test_a_weak_link_is_kept_only_as_an_end_s_strongest() -> None:
    links = edges((1, 2, 0.5), (1, 3, 0.15), (3, 4, 0.18), (4, 5, 0.1))
    # (1, 3) is second for 1 and 3 (each has a stronger link): dropped below 0.2, not at 0.1
    assert kept(links, 3, strong=0.2) == {(1, 2), (3, 4), (4, 5)}
    assert kept(links, 3, strong=0.1) == {(1, 2), (1, 3), (3, 4), (4, 5)}


def test_copy_links_are_always_kept() -> None:
    links = edges(*[(1, b, 0.9) for b in range(2, 6)], *[(1, b, COPY) for b in range(6, 12)])
    assert {(1, b) for b in range(6, 12)} <= kept(links, 1)


@pytest.mark.parametrize("partitions", [2, 5])
def test_kept_links_do_not_depend_on_the_partitioning(partitions: int) -> None:
    rng = np.random.default_rng(7)
    pairs = {tuple(sorted(rng.choice(40, 2, replace=False).tolist())) for _ in range(150)}
    links = edges(*[(a, b, float(rng.random())) for a, b in pairs])
    assert kept(links, 3, partitions) == kept(links, 3, 1)


def test_dropped_chance_links_keep_stories_in_their_own_blocks() -> None:
    flow = LocalFlow(2)
    links = strongest_links(flow, flow.from_items([two_stories(0.2)]), 3, 0.0)
    roots = dict(flow.collect(block_roots(flow, links, CorpusConfig())))
    assert {roots[n] for n in (1, 2, 3, 4)} == {1} and {roots[n] for n in (5, 6, 7, 8)} == {5}
