"""Group by key: the documents sharing a key, reduced to the edges that make blocks.

Two kinds of bucket, each reduced to links between members that are then joined as stars
(the smallest node to each other one: as connected as every pair, in linear size):

* an LSH band's bucket holds candidate copies; members are linked where a sketch of their
  signatures (every sixteenth MinHash value) agrees on ``copy_jaccard`` of its values;
* a term's bucket (a term in a time cell) holds the documents of a few weeks that count it
  among their strongest; members are linked where their strongest ``bucket_terms`` give a
  cosine of at least ``link``.

Joining a whole bucket would chain every story that quotes one common sentence, or mentions
one country, into a single block.

A document is a member of some 56 buckets (32 bands, 12 terms in 2 time cells). Its
memberships travel as rows of two numpy arrays, one of each kind for each partition they go
to (the partition of a bucket's key): as Python tuples they were ten times the size, and most
of a run's time went to sending them between workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


def bucket_edges(grouped: Iterable[tuple[int, Any]], config: CorpusConfig) -> list[tuple[int, int]]:
    """Reduce each bucket to edges (see the module docstring)."""
    received: dict[int, list[np.ndarray]] = {BAND: [], TERM: []}
    for _, (kind, rows) in grouped:
        received[kind].append(rows)
    edges: list[tuple[int, int]] = []
    for kind, link, pair_link in ((BAND, _copies, _copy_pairs), (TERM, _similar, _similar_pairs)):
        if not received[kind]:
            continue
        rows, starts, sizes = _buckets(np.concatenate(received[kind]))
        edges += _pair_edges(rows, starts[sizes == 2], pair_link, config)
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
            if 2 < size <= config.bucket_limit:
                members = rows[start:start + size]
                edges += _stars(members["node"].tolist(), link(members, config))
    return sorted(set(edges))  # a pair sharing several keys is one edge


def _buckets(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows sorted by key, where each key's run starts and its length."""
    rows = rows[np.argsort(rows["key"], kind="stable")]
    starts = run_starts(rows["key"])
    return rows, starts, np.diff(np.r_[starts, len(rows)])


# Two-member buckets (most of them) are linked all at once, this many to an array operation.
PAIRS_AT_ONCE = 4096


def _pair_edges(rows: np.ndarray, starts: np.ndarray,
                link: Callable[[np.ndarray, np.ndarray, CorpusConfig], np.ndarray],
                config: CorpusConfig) -> list[tuple[int, int]]:
    """The edges of the buckets of two rows starting at ``starts``."""
    edges: list[tuple[int, int]] = []
    for at in range(0, len(starts), PAIRS_AT_ONCE):
        first, second = rows[starts[at:at + PAIRS_AT_ONCE]], rows[starts[at:at + PAIRS_AT_ONCE] + 1]
        linked = link(first, second, config)
        low = np.minimum(first["node"], second["node"])[linked]
        high = np.maximum(first["node"], second["node"])[linked]
        edges += zip(low.tolist(), high.tolist(), strict=True)
    return edges


def _copy_pairs(first: np.ndarray, second: np.ndarray, config: CorpusConfig) -> np.ndarray:
    linked: np.ndarray = (first["sketch"] == second["sketch"]).mean(axis=1) >= config.copy_jaccard
    return linked


def _similar_pairs(first: np.ndarray, second: np.ndarray, config: CorpusConfig) -> np.ndarray:
    """:func:`_similar` of each pair: the weight products of the terms the two share, summed."""
    same = first["terms"][:, :, None] == second["terms"][:, None, :]
    products = first["weights"].astype(np.float64)[:, :, None] * second["weights"].astype(np.float64)[:, None, :]
    similar = (same * products).sum(axis=(1, 2))
    with np.errstate(invalid="ignore"):
        apart = np.abs(first["when"] - second["when"]) > config.window_days * 86400
    linked: np.ndarray = (similar >= config.link) & ~apart
    return linked


def _copies(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
    sketches = members["sketch"]
    agree = (sketches[:, None, :] == sketches[None, :, :]).mean(axis=2)
    linked: np.ndarray = agree >= config.copy_jaccard
    return linked


def _similar(members: np.ndarray, config: CorpusConfig) -> np.ndarray:
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
