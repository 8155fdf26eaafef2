"""Reduce: one block (a connected component of documents sharing keys) into copy groups and stories.

Copies: documents whose MinHash signatures agree on ``copy_jaccard`` of their values, among
the pairs that share an LSH band; copy groups are the connected components of those pairs.
Stories: average-link clustering of the block's TF-IDF vectors, cut at cosine ``threshold``
(pairs published more than ``window_days`` apart never join), then stories holding members
of one copy group merged (a reprint is of its original's story). A block too large for
average-link's quadratic cost is grouped in one pass in publication order instead.

Names: a copy group is named by its smallest document id; a story by ``s`` and 16 hex digits of
its smallest document id's stable key, so names do not depend on where or in which order the
blocks ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from storyfuse.corpus.profiles import CorpusConfig, Profile, band_keys, published_seconds
from storyfuse.pipeline.flow import stable_key
from storyfuse.text import UnionFind


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one document went: its story and its copy group (itself when it copies no one)."""

    node: int
    document: str
    story: str
    copy_group: str


def refine_block(block: Sequence[Profile], config: CorpusConfig) -> list[Assignment]:
    """Copy groups and stories of one block's documents (in node order)."""
    block = sorted(block, key=lambda p: p.node)
    copies = copy_groups(block, config)
    labels = story_labels(block, config)
    stories = UnionFind(range(len(block)))
    first_of: dict[tuple[str, object], int] = {}  # the first member of each copy group and label
    for k, (group, label) in enumerate(zip(copies, labels, strict=True)):
        stories.attach(k, first_of.setdefault(("copy", group), k))
        stories.attach(k, first_of.setdefault(("label", label), k))
    names = {root: story_name([block[k].document for k in members])
             for root, members in stories.groups().items()}
    return [Assignment(p.node, p.document, names[stories.find(k)], copies[k]) for k, p in enumerate(block)]


def story_name(documents: Sequence[str]) -> str:
    return f"s{stable_key(min(documents)):016x}"


def copy_groups(block: Sequence[Profile], config: CorpusConfig) -> list[str]:
    """Each document's copy group, named by its smallest document id."""
    found = UnionFind(range(len(block)))
    buckets: dict[int, list[int]] = {}
    for k, profile in enumerate(block):
        for key in band_keys(profile.signature, config):
            buckets.setdefault(key, []).append(k)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (a, b) not in checked:
                    checked.add((a, b))
                    if _agreement(block[a], block[b]) >= config.copy_jaccard:
                        found.attach(max(a, b), min(a, b))
    names = {root: min(block[k].document for k in members) for root, members in found.groups().items()}
    return [names[found.find(k)] for k in range(len(block))]


def _agreement(a: Profile, b: Profile) -> float:
    return float(np.mean(a.signature == b.signature))


def story_labels(block: Sequence[Profile], config: CorpusConfig) -> list[int]:
    """A story label for each document (average-link, or one pass for a large block)."""
    if len(block) == 1:
        return [0]
    vectors = _sparse(block)
    times = np.array([published_seconds(p.published) for p in block])
    if len(block) > config.average_link_limit:
        return _one_pass(vectors, times, block, config)
    similar = (vectors @ vectors.T).toarray()
    similar[_apart(times, times, config.window_days)] = 0.0
    distance = np.clip(1.0 - similar, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - config.threshold, criterion="distance")]


def _sparse(block: Sequence[Profile]) -> sparse.csr_matrix:
    """The block's vectors as rows of one sparse matrix over the terms they use."""
    _, columns = np.unique(np.concatenate([p.terms for p in block]), return_inverse=True)
    lengths = [len(p.terms) for p in block]
    rows = np.repeat(np.arange(len(block)), lengths)
    weights = np.concatenate([p.weights for p in block]).astype(np.float64)
    return sparse.csr_matrix((weights, (rows, columns)), shape=(len(block), int(columns.max()) + 1))


def _apart(times: np.ndarray, others: np.ndarray, window_days: float) -> np.ndarray:
    """Pairs published more than the window apart (both times known)."""
    with np.errstate(invalid="ignore"):
        return np.abs(times[:, None] - others[None, :]) > window_days * 86400


def _one_pass(vectors: sparse.csr_matrix, times: np.ndarray, block: Sequence[Profile],
              config: CorpusConfig) -> list[int]:
    """Each document, in publication order, joins the story whose members it is closest to on
    average (at ``threshold`` or more), else starts one: a sparse product per document, so
    the cost is the block's size times its nonzero weights, with no n × n matrix."""
    order = sorted(range(len(block)), key=lambda k: (block[k].published or "", block[k].node))
    labels = np.full(len(block), -1)
    sizes: list[int] = []
    for k in order:
        similar = vectors @ vectors[k].toarray().ravel()
        similar[_apart(times[k:k + 1], times, config.window_days)[0]] = 0.0
        placed = labels >= 0
        totals = np.bincount(labels[placed], weights=similar[placed], minlength=len(sizes))
        scores = totals / np.maximum(sizes, 1)
        best = int(np.argmax(scores)) if len(sizes) else -1
        if best < 0 or scores[best] < config.threshold:
            sizes.append(0)
            best = len(sizes) - 1
        sizes[best] += 1
        labels[k] = best
    return labels.tolist()
