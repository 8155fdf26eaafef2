"""Group by key: the documents sharing a key, reduced to the edges that make blocks.

Two kinds of bucket, each reduced to links between members that are then joined as stars
(the smallest node to each other one: as connected as every pair, in linear size):

* an LSH band's bucket holds candidate copies; members are linked where a sketch of their
  signatures (every eighth MinHash value) agrees on ``copy_jaccard`` of its values;
* a term's bucket (a term in a time cell) holds the documents of a few weeks that count it
  among their strongest; members are linked where their strongest ``bucket_terms`` give a
  cosine of at least ``link``.

Joining a whole bucket would chain every story that quotes one common sentence, or mentions
one country, into a single block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse

from storyfuse.corpus.profiles import CorpusConfig, Profile, band_keys, published_seconds
from storyfuse.pipeline.flow import stable_key
from storyfuse.text import UnionFind

# What a term bucket carries of each member: node, strongest term keys, their weights, time.
Member = tuple[int, np.ndarray, np.ndarray, float]
SKETCH_STEP = 8  # the sketch: MinHash values 0, 8, 16 ... (16 of 128)
# Up to this many members, a bucket's vectors are one dense matrix (else sparse).
DENSE_MEMBERS = 64


def keyed(found: Iterable[Profile], config: CorpusConfig) -> list[tuple[int, Any]]:
    """Map: (band key, (node, sketch)) for each LSH band, (term key, member) for each key term."""
    out: list[tuple[int, Any]] = []
    for profile in found:
        sketch = (profile.node, profile.signature[::SKETCH_STEP].astype(np.uint32).tobytes())
        out += [(key, sketch) for key in dict.fromkeys(band_keys(profile.signature, config))]
        when = published_seconds(profile.published)
        member = (profile.node, profile.terms[: config.bucket_terms], profile.weights[: config.bucket_terms], when)
        out += [(stable_key(f"t{term}:{cell}"), member) for term in profile.key_terms for cell in _cells(when, config)]
    return out


def _cells(when: float, config: CorpusConfig) -> tuple[str, ...]:
    """The time cells a document's term keys carry: two grids of cells twice the window wide,
    the second shifted by one window, so two documents at most a window apart share a cell of
    one of them. A term's bucket then holds the documents of a few weeks, not of the whole
    corpus (whose size it would otherwise grow with). Undated documents share one cell."""
    if when != when:  # NaN: unknown
        return ("-",)
    window = config.window_days * 86400
    return (f"a{int(when // (2 * window))}", f"b{int((when + window) // (2 * window))}")


def bucket_edges(grouped: Iterable[tuple[int, Any]], config: CorpusConfig) -> list[tuple[int, int]]:
    """Reduce each bucket to edges (see the module docstring)."""
    buckets: dict[int, list[Any]] = {}
    for key, value in grouped:
        buckets.setdefault(key, []).append(value)
    edges: list[tuple[int, int]] = []
    for members in buckets.values():
        if 1 < len(members) <= config.bucket_limit:
            linked = _copies(members, config) if len(members[0]) == 2 else _similar(members, config)
            edges += _stars([m[0] for m in members], linked)
    return sorted(set(edges))  # a pair sharing several keys is one edge


def _copies(members: Sequence[tuple[int, bytes]], config: CorpusConfig) -> np.ndarray:
    sketches = np.stack([np.frombuffer(m[1], np.uint32) for m in members])
    agree = (sketches[:, None, :] == sketches[None, :, :]).mean(axis=2)
    linked: np.ndarray = agree >= config.copy_jaccard
    return linked


def _similar(members: Sequence[Member], config: CorpusConfig) -> np.ndarray:
    _, columns = np.unique(np.concatenate([m[1] for m in members]), return_inverse=True)
    rows = np.repeat(np.arange(len(members)), [len(m[1]) for m in members])
    weights = np.concatenate([m[2] for m in members]).astype(np.float64)
    shape = (len(members), int(columns.max()) + 1)
    if len(members) <= DENSE_MEMBERS:
        vectors = np.zeros(shape)
        vectors[rows, columns] = weights
        similar = vectors @ vectors.T
    else:
        matrix = sparse.csr_matrix((weights, (rows, columns)), shape=shape)
        similar = (matrix @ matrix.T).toarray()
    times = np.array([m[3] for m in members])
    with np.errstate(invalid="ignore"):
        apart = np.abs(times[:, None] - times[None, :]) > config.window_days * 86400
    linked: np.ndarray = (similar >= config.link) & ~apart
    return linked


def _stars(nodes: Sequence[int], linked: np.ndarray) -> list[tuple[int, int]]:
    """A star from the smallest node of each linked group to its other members."""
    if len(nodes) == 2:  # most buckets: one pair, linked or not
        return [(min(nodes), max(nodes))] if linked[0, 1] else []
    rows, columns = np.nonzero(linked)
    upper = rows < columns
    if not upper.any():
        return []
    found = UnionFind(range(len(nodes)))
    for a, b in zip(rows[upper].tolist(), columns[upper].tolist(), strict=True):
        found.attach(b, a)
    edges: list[tuple[int, int]] = []
    for members in found.groups().values():
        group = [nodes[k] for k in members]
        first = min(group)
        edges += [(first, node) for node in group if node != first]
    return edges
