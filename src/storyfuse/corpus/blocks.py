"""Group by key: the documents sharing a key, reduced to the weighted edges that make blocks.

Two kinds of bucket, each reduced to edges between members:

* an LSH band's bucket holds candidate copies; members are linked where a sketch of their
  signatures (every sixteenth MinHash value) agrees on ``copy_jaccard`` of its values, as a
  star from the smallest node of each linked group (as connected as every pair, in linear
  size), the weight :data:`COPY`;
* a term's bucket (a term in a time cell) holds the documents of a few weeks that count it
  among their strongest; each member is linked to its ``neighbours`` closest members whose
  strongest ``bucket_terms`` give a cosine of at least ``link``, the cosine its weight.

Joining a whole bucket would chain every story that quotes one common sentence, or mentions
one country, into a single block; which edges are kept is decided over all of a document's
buckets (:mod:`.neighbours`).

A document is a member of some 56 buckets (32 bands, 12 terms in 2 time cells). Its
memberships travel as rows of two numpy arrays, one of each kind for each partition they go
to (the partition of a bucket's key): as Python tuples they were ten times the size, and most
of a run's time went to sending them between workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy import sparse

from storyfuse.corpus.arrays import run_starts, split_rows
from storyfuse.corpus.profiles import CorpusConfig, Profile, band_keys, published_seconds
from storyfuse.pipeline.flow import stable_key
from storyfuse.text import UnionFind

# The sketch: MinHash values 0, 16, 32 ... (8 of 128; a band's row is sent for each of 32 bands,
# and most bands' buckets hold one document).
SKETCH_STEP = 16
BAND_ROW = np.dtype([("key", np.int64), ("node", np.int64), ("sketch", np.uint32, (128 // SKETCH_STEP,))])
BAND, TERM = 0, 1
# An edge between two documents, the cosine of their strongest terms as its weight, or COPY
# (above any cosine) when the two are copies.
EDGE = np.dtype([("low", np.int64), ("high", np.int64), ("weight", np.float32)])
COPY = 2.0
# Up to this many members, a bucket's vectors are one dense matrix (else sparse).
DENSE_MEMBERS = 64


def term_row(terms: int) -> np.dtype:
    """A term bucket's member: its strongest terms' keys cut to 32 bits and their weights as
    float16 (two of a bucket's few hundred terms meet by chance about once in 10^4 buckets,
    which can add a link, joining two blocks, never cut one: stories are then made on the full
    vectors), and its publication time."""
    return np.dtype([("key", np.int64), ("node", np.int64), ("when", np.float64),
                     ("terms", np.uint32, (terms,)), ("weights", np.float16, (terms,))])


def keyed(found: Iterable[Profile], config: CorpusConfig, partitions: int) -> list[tuple[int, Any]]:
    """Map: (partition, (kind, rows)) holding, for each partition, this partition's memberships
    of the buckets whose key falls there (``key % partitions``): a row (band key, node,
    sketch) for each LSH band, a row (term key, node, time, terms, weights) for each key term
    in each of its time cells."""
    bands, terms = [], []
    for profile in found:
        sketch = profile.signature[::SKETCH_STEP]
        bands += [(key, profile.node, sketch) for key in dict.fromkeys(band_keys(profile.signature, config))]
        when = published_seconds(profile.published)
        vector = _padded(profile, config.bucket_terms)
        terms += [(stable_key(f"t{term}:{cell}"), profile.node, when, *vector)
                  for term in profile.key_terms for cell in _cells(when, config)]
    out: list[tuple[int, Any]] = []
    arrays = ((BAND, np.array(bands, BAND_ROW)), (TERM, np.array(terms, term_row(config.bucket_terms))))
    for kind, rows in arrays:
        out += [(p, (kind, part)) for p, part in split_rows(rows, rows["key"], partitions)]
    return out


def _padded(profile: Profile, terms: int) -> tuple[np.ndarray, np.ndarray]:
    keys = np.zeros(terms, np.uint32)
    weights = np.zeros(terms, np.float16)  # a weight of 0 adds nothing to a cosine
    n = min(terms, len(profile.terms))
    keys[:n] = profile.terms[:n].astype(np.int64) & 0xFFFFFFFF
    weights[:n] = profile.weights[:n]
    return keys, weights


def _cells(when: float, config: CorpusConfig) -> tuple[str, ...]:
    """The time cells a document's term keys carry: two grids of cells twice the window wide,
    the second shifted by one window, so two documents at most a window apart share a cell of
    one of them. A term's bucket then holds the documents of a few weeks, not of the whole
    corpus (whose size it would otherwise grow with). Undated documents share one cell."""
    if when != when:  # NaN: unknown
        return ("-",)
    window = config.window_days * 86400
    return (f"a{int(when // (2 * window))}", f"b{int((when + window) // (2 * window))}")


def bucket_edges(grouped: Iterable[tuple[int, Any]], config: CorpusConfig) -> list[np.ndarray]:
    """Reduce each bucket to weighted edges (see the module docstring), as one array of
    :data:`EDGE` rows; a pair sharing several keys is one edge, at its strongest."""
    received: dict[int, list[np.ndarray]] = {BAND: [], TERM: []}
    for _, (kind, rows) in grouped:
        received[kind].append(rows)
    found: list[np.ndarray] = []
    for kind, link, pair_link in ((BAND, _copy_edges, _copy_pairs), (TERM, _similar_edges, _similar_pairs)):
        if not received[kind]:
            continue
        rows, starts, sizes = _buckets(np.concatenate(received[kind]))
        found.append(_pair_edges(rows, starts[sizes == 2], pair_link, config))
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
            if 2 < size <= config.bucket_limit:
                members = rows[start:start + size]
                found.append(link(members, config))
    return [strongest_once(np.concatenate(found) if found else np.empty(0, EDGE))]


def strongest_once(edges: np.ndarray, fields: tuple[str, ...] = ("low", "high")) -> np.ndarray:
    """Each distinct value of ``fields`` (by default the (low, high) pair) once, with its
    largest weight."""
    edges = edges[np.lexsort((-edges["weight"], *(edges[name] for name in reversed(fields))))]
    seen = edges[list(fields)]
    return edges[np.r_[True, seen[1:] != seen[:-1]]] if len(edges) else edges


def _buckets(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows sorted by key, where each key's run starts and its length."""
    rows = rows[np.argsort(rows["key"], kind="stable")]
    starts = run_starts(rows["key"])
    return rows, starts, np.diff(np.r_[starts, len(rows)])


# Two-member buckets (most of them) are linked all at once, this many to an array operation.
PAIRS_AT_ONCE = 4096


def _pair_edges(rows: np.ndarray, starts: np.ndarray,
                link: Callable[[np.ndarray, np.ndarray, CorpusConfig], np.ndarray],
                config: CorpusConfig) -> np.ndarray:
    """The edges of the buckets of two rows starting at ``starts``: their weights from ``link``,
    kept where positive."""
    found = [np.empty(0, EDGE)]
    for at in range(0, len(starts), PAIRS_AT_ONCE):
        first, second = rows[starts[at:at + PAIRS_AT_ONCE]], rows[starts[at:at + PAIRS_AT_ONCE] + 1]
        weights = link(first, second, config)
        kept = weights > 0
        found.append(_edges(first["node"][kept], second["node"][kept], weights[kept]))
    return np.concatenate(found)


def _edges(a: np.ndarray, b: np.ndarray, weights: np.ndarray) -> np.ndarray:
    edges = np.empty(len(a), EDGE)
    edges["low"], edges["high"], edges["weight"] = np.minimum(a, b), np.maximum(a, b), weights
    return edges


def _copy_pairs(first: np.ndarray, second: np.ndarray, config: CorpusConfig) -> np.ndarray:
    agree = (first["sketch"] == second["sketch"]).mean(axis=1)
    return np.where(agree >= config.copy_jaccard, COPY, 0.0)


def _similar_pairs(first: np.ndarray, second: np.ndarray, config: CorpusConfig) -> np.ndarray:
    """:func:`_similar` of each pair: the weight products of the terms the two share, summed."""
    same = first["terms"][:, :, None] == second["terms"][:, None, :]
    products = first["weights"].astype(np.float64)[:, :, None] * second["weights"].astype(np.float64)[:, None, :]
    similar = (same * products).sum(axis=(1, 2))
    with np.errstate(invalid="ignore"):
        apart = np.abs(first["when"] - second["when"]) > config.window_days * 86400
    return np.where((similar >= config.link) & ~apart, similar, 0.0)


def _copy_edges(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
    return _stars(members["node"], _copies(members, config))


def _copies(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
    sketches = members["sketch"]
    agree = (sketches[:, None, :] == sketches[None, :, :]).mean(axis=2)
    linked: np.ndarray = agree >= config.copy_jaccard
    return linked


def _similar_edges(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
    return _nearest(members["node"], _similar(members, config), config.neighbours)


def _similar(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
    """The cosines of the members' strongest terms, 0 below ``link``, between a member and
    itself, and for pairs published more than the window apart."""
    _, columns = np.unique(members["terms"].ravel(), return_inverse=True)
    count, width = members["terms"].shape
    rows = np.repeat(np.arange(count), width)
    weights = members["weights"].ravel().astype(np.float64)
    shape = (count, int(columns.max()) + 1)
    if count <= DENSE_MEMBERS:
        dense = np.zeros(shape)
        np.add.at(dense, (rows, columns.ravel()), weights)  # padding (weight 0) may repeat a key
        similar = dense @ dense.T
    else:
        matrix = sparse.csr_matrix((weights, (rows, columns.ravel())), shape=shape)  # repeats summed
        similar = (matrix @ matrix.T).toarray()
    times = members["when"]
    with np.errstate(invalid="ignore"):
        apart = np.abs(times[:, None] - times[None, :]) > config.window_days * 86400
    similar[(similar < config.link) | apart] = 0.0
    np.fill_diagonal(similar, 0.0)
    return similar


def _nearest(nodes: np.ndarray, similar: np.ndarray, neighbours: int) -> np.ndarray:
    """An edge from each member to each of its ``neighbours`` most similar members (of
    positive similarity)."""
    take = min(neighbours, len(nodes) - 1)
    closest = np.argpartition(-similar, take - 1, axis=1)[:, :take]
    rows = np.repeat(np.arange(len(nodes)), take)
    weights = similar[rows, closest.ravel()]
    kept = weights > 0
    return _edges(nodes[rows[kept]], nodes[closest.ravel()[kept]], weights[kept])


def _stars(nodes: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """A star from the smallest node of each linked group to its other members, as copy edges."""
    rows, columns = np.nonzero(linked)
    upper = rows < columns
    found = UnionFind(range(len(nodes)))
    for a, b in zip(rows[upper].tolist(), columns[upper].tolist(), strict=True):
        found.attach(b, a)
    low, high = [], []
    for members in found.groups().values():
        group = sorted(int(nodes[k]) for k in members)
        low += [group[0]] * (len(group) - 1)
        high += group[1:]
    return _edges(np.array(low, np.int64), np.array(high, np.int64), np.full(len(low), COPY))
