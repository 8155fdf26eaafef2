"""Blocks: memberships travel as rows to the partition of their key; buckets become edges."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from storyfuse.corpus.blocks import (
    BAND,
    COPY,
    TERM,
    _copies,
    _copy_pairs,
    _nearest,
    _similar,
    _similar_pairs,
    bucket_edges,
    keyed,
    strongest_once,
)
from storyfuse.corpus.profiles import CorpusConfig, Profile, document_frequencies, profiles, term_bags
from storyfuse.model import Document
from storyfuse.pipeline.flow import stable_key
from tests.corpus.helpers import corpus, group

CONFIG = CorpusConfig()


def found(docs: list[Document], config: CorpusConfig = CONFIG) -> list[Profile]:
    bags = term_bags(docs, "en")
    return profiles(docs, bags, 0, document_frequencies(bags), "en", config)


@pytest.mark.parametrize("partitions", [1, 2, 5])
def test_rows_go_to_the_partition_of_their_key(partitions: int) -> None:
    items = keyed(found(corpus()), CONFIG, partitions)
    assert {kind for _, (kind, _) in items} == {BAND, TERM}
    for p, (_, rows) in items:
        assert len(rows) and set((rows["key"] % partitions).tolist()) == {p}


def as_set(edges: np.ndarray) -> set[tuple[int, int, float]]:
    return {(int(a), int(b), round(float(w), 5)) for a, b, w in edges.tolist()}


def test_edges_do_not_depend_on_the_partitioning() -> None:
    profiled = found(corpus())
    [one] = bucket_edges(keyed(profiled, CONFIG, 1), CONFIG)
    dealt = keyed(profiled, CONFIG, 3)
    three = np.concatenate([e for p in range(3) for e in bucket_edges([i for i in dealt if i[0] == p], CONFIG)])
    assert as_set(one) == as_set(strongest_once(three)) and len(one)  # the outlets and the reprint share keys
    assert len(as_set(one)) == len(one)  # each pair once


def test_a_reprint_is_linked_through_its_bands() -> None:
    no_terms = replace(CONFIG, key_terms=0)
    profiled = found(corpus(), no_terms)
    nodes = {p.document: p.node for p in profiled}
    [edges] = bucket_edges(keyed(profiled, no_terms, 2), no_terms)
    assert as_set(edges) == {(nodes["strike-a"], nodes["strike-copy"], COPY)}


def test_key_terms_are_shared_by_few_enough_documents() -> None:
    docs = corpus()
    bags = term_bags(docs, "en")
    frequency = document_frequencies(bags)
    config = replace(CONFIG, key_frequency_limit=2)
    counts = {stable_key(term): n for term, n in frequency.items() if term}
    keys = [k for p in profiles(docs, bags, 0, frequency, "en", config) for k in p.key_terms]
    assert keys and all(counts[k] == 2 for k in keys)


def test_terms_too_common_to_be_keys_make_no_block() -> None:
    docs = corpus()
    apart = {d: s for d, (s, _) in group(docs, 2, replace(CONFIG, key_frequency_limit=1)).items()}
    assert len(set(apart.values())) == len(docs) - 1  # only the reprint joins its original
    assert apart["strike-copy"] == apart["strike-a"]



def test_pairs_are_linked_as_larger_buckets_link_them() -> None:
    rows = {kind: r for _, (kind, r) in keyed(found(corpus()), CONFIG, 1)}
    for kind, pairwise, whole in ((TERM, _similar_pairs, _similar), (BAND, _copy_pairs, _copies)):
        first, second = np.triu_indices(len(rows[kind]), 1)
        weights = pairwise(rows[kind][first], rows[kind][second], CONFIG)
        assert np.allclose(weights > 0, whole(rows[kind], CONFIG)[first, second] > 0)
        assert (weights > 0).any() and not (weights > 0).all()
    first, second = np.triu_indices(len(rows[TERM]), 1)
    assert np.allclose(_similar_pairs(rows[TERM][first], rows[TERM][second], CONFIG),
                       _similar(rows[TERM], CONFIG)[first, second])


def test_a_member_links_only_to_its_closest_members() -> None:
    similar = np.array([[0, .9, .8, .2, 0], [.9, 0, .3, .4, .5], [.8, .3, 0, 0, 0],
                        [.2, .4, 0, 0, .6], [0, .5, 0, .6, 0]])
    edges = _nearest(np.array([10, 11, 12, 13, 14]), similar, 2)
    ends = {(a, b) for a, b, _ in edges.tolist()}
    assert ends == {(10, 11), (10, 12), (11, 14), (11, 12), (13, 14), (11, 13)}  # not (10, 13): weak for both
    assert np.all(edges["low"] < edges["high"])
