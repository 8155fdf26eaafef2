"""Map: what the corpus steps know of each document, and the keys that bring documents together.

A document's profile is its TF-IDF vector (its terms, :mod:`storyfuse.stories.terms`, weighted by
the whole corpus's document frequencies, which a reduction counts first) and its MinHash
signature (word 3-shingles, as :mod:`storyfuse.analysis.syndication` makes them, hashed with
CRC-32 rather than datasketch's SHA-1: a sixth of the cost, and as good a 32-bit hash before
MinHash's own random permutations; signatures are only compared with each other). Its keys:

* one per LSH band of the signature (copies share a band);
* one per each of its strongest ``key_terms`` terms that at least one other document and at
  most ``key_frequency_limit`` documents have (the event's names, its place, its subject).

The terms are counted once (:func:`term_bags`), for both the document frequencies and the
profiles.

Each bucket of a term is reduced to links between its members at cosine ``link`` or more
(:mod:`.blocks`). Every document is a node: ``partition << 32 | position``, an integer, so that grouping keys
are integers (see :mod:`storyfuse.pipeline.flow`) and a node tells which partition it is in.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from datasketch import MinHash

from storyfuse.analysis.syndication import shingles
from storyfuse.lang import language_or
from storyfuse.model import Document
from storyfuse.pipeline.flow import stable_key
from storyfuse.stories.terms import TermCounter
from storyfuse.stories.vectors import WEIGHT, counted_vector

POSITION_BITS = 32
# A document's distinct terms and how often it has each (int32), as :func:`term_bags` counts them.
Bag = tuple[tuple[str, ...], np.ndarray]


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """Settings of the corpus-scale steps (``benchmarks/corpus_scale.py``, ``story_grouping.py``)."""

    # Terms kept per article vector, as the stream grouper keeps (storyfuse.stories.StoryConfig).
    article_terms: int = 120
    # The strongest this many terms (of those other articles have too) are an article's
    # blocking keys, each bucket carrying its members' strongest ``bucket_terms``.
    key_terms: int = 12
    bucket_terms: int = 30
    # Key terms are only those that at most this many documents of the whole corpus have: a
    # term more documents share is a subject (a country, an institution) or words of
    # boilerplate, not one event's, which a year of news covers in hundreds of articles at
    # most. A number, not a share of the corpus: an event's coverage does not grow with the
    # archive holding it, so neither do the buckets (were they to grow with the corpus, so
    # would the pairs compared in each: time quadratic in its size).
    key_frequency_limit: int = 500
    # Two members of a bucket are linked (joined in one block) from this cosine over their
    # strongest ``bucket_terms`` (a lower bound of their full cosine, all weights being
    # positive): the stories' own threshold, so a link is a pair average-link would join by
    # itself. Lower links more of a story (BCubed F1 on the shared Multi-News stories 0.909 at
    # 0.05, 0.897 at 0.1, 0.891 here, 0.878 at 0.15, all at threshold 0.125), but on the
    # synthetic corpus, where every sentence recurs in hundreds of articles as boilerplate
    # does, 0.05 chained unrelated stories into blocks of 11,000 of 30,000 articles (at most
    # 175 at 0.1, 53 at 0.15).
    link: float = 0.125
    # Each document keeps links to at most this many others, its closest, and of those below
    # ``strong_link`` only its closest (corpus/neighbours.py). Measured on the synthetic
    # corpus at 300,000 articles (planted-story pairs kept in one block, largest block): all
    # links 0.9997 and 86,176 (chained); 6 closest 0.9996 and 1,028; 8 closest 0.9997 and
    # 42,746; 6 closest, weak ones only as the closest, 0.9994 and 657. Chance links grow
    # with the corpus's density (1.7 times as fast as its size from 100,000 to 300,000), so
    # the margin matters. On the shared Multi-News stories BCubed F1 0.8944 before, 0.891 now
    # (story_grouping.py, whole stream, each of three orders).
    neighbours: int = 6
    strong_link: float = 0.2
    # MinHash: bands × rows = permutations. Two documents share a band half the time at Jaccard
    # ≈ (1/32)^(1/4) ≈ 0.42 and 99% of the time at 0.7, where light edits of a reprint lie.
    bands: int = 32
    rows: int = 4
    seed: int = 1
    shingle_words: int = 3
    # A pair is a copy when its signatures agree on this share of permutations (the estimated
    # Jaccard similarity of its shingle sets: a reprint with light edits 0.5-0.9; two outlets'
    # own reports of one event, even sharing a quote or two, below 0.25).
    copy_jaccard: float = 0.5
    # Average-link merges clusters of one block down to this cosine: the median of the 5-fold
    # CV choices on the shared Multi-News stories, with the links above (0.125, 0.2, 0.175,
    # 0.15, 0.15; benchmarks/story_grouping.py, system "storyfuse batch").
    threshold: float = 0.15
    # A block holding more documents than this is grouped in one pass (each document joins the
    # closest story so far, in publication order), not by average-link (quadratic).
    average_link_limit: int = 3000
    # A block over that limit loses the links under each of these cosines in turn until it
    # splits (corpus/split.py): the strong links' floor, then up to all but copy links.
    split_floors: tuple[float, ...] = (0.2, 0.3, 0.5, 1.0)
    # Two articles published this far apart are not of one story (the stream's window).
    window_days: float = 7.0
    # A bucket (documents sharing one key) larger than this is left out: a term that many
    # documents share among their strongest is a subject (a country, a season), not an event.
    bucket_limit: int = 1000

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


@dataclass(frozen=True, slots=True)
class Profile:
    """One document as the corpus steps see it."""

    node: int
    document: str
    published: str | None
    terms: np.ndarray  # int64 term keys (stable_key), strongest first
    weights: np.ndarray  # L2-normalised
    signature: np.ndarray  # MinHash values: uint32, as datasketch keeps them below 2^32
    key_terms: tuple[int, ...] = ()  # its strongest terms that other documents have too

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The three arrays as one string of bytes: a block's profiles are sent to the worker
        # refining it, and three pickled arrays cost twice their data in time and size.
        arrays = (self.terms.astype(np.int64), self.weights.astype(WEIGHT), self.signature.astype(np.uint32))
        packed = b"".join(a.tobytes() for a in arrays)
        return _unpacked_profile, (self.node, self.document, self.published, packed, len(self.terms),
                                   len(self.signature), self.key_terms)


def _unpacked_profile(node: int, document: str, published: str | None, packed: bytes, terms: int,
                      permutations: int, key_terms: tuple[int, ...]) -> Profile:
    weights_at = 8 * terms
    signature_at = weights_at + np.dtype(WEIGHT).itemsize * terms
    return Profile(node, document, published, np.frombuffer(packed, np.int64, terms),
                   np.frombuffer(packed, WEIGHT, terms, weights_at),
                   np.frombuffer(packed, np.uint32, permutations, signature_at), key_terms)


def node_of(partition: int, position: int) -> int:
    return partition << POSITION_BITS | position


def partition_of(node: int) -> int:
    return node >> POSITION_BITS


def position_of(node: int) -> int:
    return node & ((1 << POSITION_BITS) - 1)


def term_bags(documents: Iterable[Document], language: str) -> list[Bag]:
    """Map: each document's terms (:mod:`storyfuse.stories.terms`), counted once for both the
    document frequencies and the profiles."""
    counters: dict[str, TermCounter] = {}
    out = []
    for doc in documents:
        terms = _counter(counters, doc, language)(doc.text, doc.title)
        out.append((tuple(terms), np.fromiter(terms.values(), np.int32, len(terms))))
    return out


def document_frequencies(bags: Iterable[Bag]) -> Counter[str]:
    """Map: in how many of these documents each term occurs; the key ``""`` counts the documents."""
    counts: Counter[str] = Counter()
    for terms, _ in bags:
        counts.update(terms)
        counts[""] += 1
    return counts


def summed(counters: Sequence[Counter[str]]) -> Counter[str]:
    """Reduce: the sum of partial counts."""
    total: Counter[str] = Counter()
    for counts in counters:
        total.update(counts)
    return total


def profiles(documents: Sequence[Document], bags: Sequence[Bag], partition: int, frequency: Counter[str],
             language: str, config: CorpusConfig) -> list[Profile]:
    """Map: the profile of each document of one partition (``bags``: their :func:`term_bags`)."""
    template = MinHash(num_perm=config.num_perm, seed=config.seed)
    known: dict[str, int] = {}  # term → its key, within this partition
    out = []
    for position, (doc, (terms, counts)) in enumerate(zip(documents, bags, strict=True)):
        keys, weights = counted_vector(terms, counts, frequency, frequency[""], config.article_terms)
        signature = MinHash(num_perm=config.num_perm, seed=config.seed, permutations=template.permutations,
                            scheme=template.scheme, hashfunc=zlib.crc32)
        stop = language_or(doc.language, language).stop_words
        signature.update_batch([s.encode("utf-8") for s in shingles(doc.text, config.shingle_words, stop)])
        term_keys = np.fromiter((known[t] if t in known else known.setdefault(t, stable_key(t))
                                 for t in keys), np.int64, len(keys))
        out.append(Profile(node_of(partition, position), doc.id, doc.published, term_keys,
                           weights.astype(WEIGHT), signature.hashvalues.astype(np.uint32),
                           _key_terms(keys, term_keys, frequency, config)))
    return out


def _key_terms(keys: Sequence[str], term_keys: np.ndarray, frequency: Counter[str],
               config: CorpusConfig) -> tuple[int, ...]:
    """The strongest terms that from 2 to ``key_frequency_limit`` documents of the corpus have."""
    limit = config.key_frequency_limit
    shared = [key for term, key in zip(keys, term_keys.tolist(), strict=True) if 1 < frequency[term] <= limit]
    return tuple(shared[: config.key_terms])


def band_keys(signature: np.ndarray, config: CorpusConfig) -> list[int]:
    """One key per LSH band: its rows' values hashed with the band's number (multiply-add with
    odd 64-bit constants, wrapping: vectorised, and as spread as a cryptographic hash needs
    not be for bucketing)."""
    rows = signature[: config.bands * config.rows].astype(np.uint64).reshape(config.bands, config.rows)
    keys = np.arange(config.bands, dtype=np.uint64) * _MIX[0]
    with np.errstate(over="ignore"):
        for column in range(config.rows):
            keys = (keys ^ rows[:, column]) * _MIX[1 + column % (len(_MIX) - 1)]
    return (keys >> np.uint64(1)).tolist()  # type: ignore[no-any-return]


_MIX = tuple(np.uint64(c) for c in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB,
                                     0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD))


def published_seconds(published: str | None) -> float:
    """A publication time as POSIX seconds (naive times read as UTC); NaN when unknown."""
    if not published:
        return float("nan")
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return float("nan")
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _counter(counters: dict[str, TermCounter], doc: Document, language: str) -> TermCounter:
    lang = language_or(doc.language, language)
    if lang.code not in counters:
        counters[lang.code] = TermCounter(lang)
    return counters[lang.code]
