"""Synthetic news corpora with planted stories and planted syndicated copies, for scale benchmarks.

A corpus of ``Spec.articles`` documents (10,000 to 1,000,000) is generated from Multi-News
sentences, read at run time from the shared data folder (research use only; no text of it is
kept in this repository). Each article is a pure function of its number ``n`` and ``Spec.seed``
(:func:`article`), so any worker can produce any slice of the corpus (:func:`partition`) and
every process produces the same bytes: randomness comes from :class:`random.Random` seeded with
strings built from the seed, the story and the position, never from ``hash()``.

What is planted, and why:

* **Stories.** Article numbers are mapped to slots by an affine permutation
  ``slot = (a*n + b) % N``; slots are cut into blocks of 64 and each block into stories of 1-20
  slots (mean about 8). A story's slots are consecutive, but its article numbers are a
  multiple of ``a**-1`` apart (a multiplier near N/phi), so a story's articles are spread all
  over the range of ``n``, hence over all partitions of the corpus: a sharded grouper must
  merge across shards to find it. Everything about a story is computed on the fly from its
  block, so nothing the size of the corpus is ever held in memory.
* **What a story shares.** A story draws three proper names made unique across stories
  (pseudo-words that encode the story's number), a date, and 30 "topic" sentences from all the
  clusters' sentences, the names planted in half of them. Its originals mix topic sentences
  (shared, like quotes every outlet carries) with other sentences drawn from everything, the
  names planted in several. Sentences come from all clusters, not from one cluster per story:
  with a few hundred clusters and a hundred thousand stories, stories drawing one cluster's
  few dozen sentences would share most of their text verbatim, which no copy detector could,
  or should, tell from syndication. Every sentence still recurs across the corpus (each about
  700 times at 1,000,000 articles), as boilerplate and common quotes do.
* **Syndicated copies.** Position 0 of a story is an original; any later position is, with
  probability ``copy_rate``, a copy of an earlier original of the story, lightly edited: at
  most one sentence dropped, 1-3 words changed to a synonym or deleted, sometimes an agency
  credit in front. The edits are light because that is what syndication looks like (a wire
  story run by many outlets with trims and house-style changes) and what a copy detector must
  still catch; the copy's content is regenerated from the original's (story, position), and
  its ``copy_group`` is the original's document id (found through the inverse permutation).

:func:`truth` gives the planted story and copy group of every document, and :func:`pair_scores`
the pairwise precision and recall of a predicted grouping against them, in O(N).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from math import gcd
from pathlib import Path

from storyfuse.model import Document

_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = _SHARED / "data" / "multinews" / "multinews_shared_normalized.jsonl"

Pools = tuple[tuple[str, ...], ...]

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
BLOCK = 64
MAX_STORY = 20
TOPIC = 30
NAMES = 3
OUTLETS = 200
_START = date(2024, 1, 1)
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
# 20 consonant-vowel syllables: one per base-20 digit of a story's number.
_DIGITS = tuple(c + v for c, v in zip("bdfgklmnprstvzbdfgkl", "aeiouaeiouaeiouiouae", strict=True))
_CREDITS = ("Wire", "AP", "Reuters", "AFP")
_SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "also": "additionally",
    "about": "around", "after": "following", "many": "numerous", "big": "large",
    "large": "big", "began": "started", "started": "began", "people": "individuals",
    "officials": "authorities", "but": "yet", "show": "indicate", "shows": "indicates",
    "help": "assist", "called": "named", "very": "highly", "most": "nearly all",
    "because": "since", "while": "whereas", "before": "prior to", "including": "among them",
}  # fmt: skip


@dataclass(frozen=True)
class Spec:
    """A corpus: its size, seed, share of non-first positions that are copies, and the pools."""

    articles: int
    seed: int = 0
    copy_rate: float = 0.25
    pools: Pools = field(kw_only=True, repr=False)


@dataclass(frozen=True, slots=True)
class Planted:
    """A generated document with its planted story and copy group (the original's id)."""

    document: Document
    story: str
    copy_group: str


@dataclass(frozen=True, slots=True)
class _Story:
    id: str
    block: int
    start: int  # the story's first slot within its block
    size: int
    pool: tuple[str, ...]
    names: tuple[str, ...]
    day: date
    topic: tuple[str, ...]
    copies: tuple[int, ...]  # per position: -1 for an original, else the original's position


# --- pools -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    kept = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if "\n" in piece:
            continue
        piece = " ".join(piece.split())
        if 8 <= len(piece.split()) <= 60:
            kept.append(piece)
    return kept


def load_pools(path: Path = DEFAULT) -> Pools:
    """One pool of unique sentences per Multi-News cluster (those with 20 or more), sorted by id."""
    pools: list[tuple[str, tuple[str, ...]]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pool = dict.fromkeys(s for doc in row["documents"] for s in _sentences(doc))
            if len(pool) >= 20:
                pools.append((str(row["id"]), tuple(pool)))
    return tuple(pool for _, pool in sorted(pools))


# --- the permutation and the blocks ------------------------------------------------------------


@lru_cache(maxsize=64)
def _affine(articles: int, seed: int) -> tuple[int, int, int]:
    """``(a, b, a_inv)``: ``slot = (a*n + b) % N`` and back. ``a_inv`` is taken near N/phi (plus
    a seeded offset) and made coprime with N, so a story's consecutive slots land far apart in n."""
    rng = random.Random(f"{seed}:affine:{articles}")
    inverse = (int(articles * 0.6180339887498949) + rng.randrange(max(1, articles // 1000))) % articles
    while gcd(inverse, articles) != 1:
        inverse = (inverse + 1) % articles
    return pow(inverse, -1, articles), rng.randrange(articles), inverse


def _slot(n: int, spec: Spec) -> int:
    a, b, _ = _affine(spec.articles, spec.seed)
    return (a * n + b) % spec.articles


def _number(slot: int, spec: Spec) -> int:
    _, b, inverse = _affine(spec.articles, spec.seed)
    return (inverse * (slot - b)) % spec.articles


def _sizes(block: int, spec: Spec) -> list[int]:
    """The story sizes of a block: 1-20 (mean about 8) filling its slots, the last one cut."""
    room = min(BLOCK, spec.articles - block * BLOCK)
    rng = random.Random(f"{spec.seed}:block:{block}")
    sizes: list[int] = []
    while room > 0:
        size = min(MAX_STORY, 1 + int(rng.expovariate(1 / 8)), room)
        sizes.append(size)
        room -= size
    return sizes


def _locate(slot: int, spec: Spec) -> tuple[int, int, int, int]:
    """``(block, story index, story start, story size)`` of a slot; the position is slot - start."""
    block, offset = divmod(slot, BLOCK)
    start = 0
    for k, size in enumerate(_sizes(block, spec)):
        if offset < start + size:
            return block, k, start, size
        start += size
    raise AssertionError(f"slot {slot} beyond its block")


# --- stories -----------------------------------------------------------------------------------


def _syllables(number: int) -> str:
    digits = [_DIGITS[number % 20]]
    while number >= 20:
        number //= 20
        digits.append(_DIGITS[number % 20])
    return "".join(reversed(digits))


def _pseudo(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables))


def _names(unique: int, rng: random.Random) -> tuple[str, ...]:
    """Three "Given Family" names; each family name is one random syllable then the base-20
    syllables of ``unique*3 + i`` (all syllables are consonant-vowel, so it parses back: unique)."""
    names = []
    for i in range(NAMES):
        family = _pseudo(rng, 1) + _syllables(unique * NAMES + i)
        names.append(f"{_pseudo(rng, rng.randint(2, 3)).capitalize()} {family.capitalize()}")
    return tuple(names)


def _plant(sentence: str, name: str) -> str:
    """The sentence with its first capitalised non-initial word (3+ letters) replaced by ``name``."""
    words = sentence.split(" ")
    for i in range(1, len(words)):
        word = words[i]
        letters = len(word) - len(word.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
        if letters >= 3 and word[0].isupper():
            words[i] = name + word[letters:]
            return " ".join(words)
    return sentence


def _attribute(sentence: str, name: str) -> str:
    return f"{sentence[:-1]}, said {name}." if sentence.endswith(".") else sentence


def _story(block: int, k: int, start: int, size: int, spec: Spec) -> _Story:
    story = f"b{block}s{k}"
    rng = random.Random(f"{spec.seed}:story:{story}")
    pool = _everything(spec.pools)
    names = _names(block * BLOCK + k, rng)
    day = _START + timedelta(days=rng.randrange(365))
    topic = tuple(
        _plant(s, rng.choice(names)) if rng.random() < 0.5 else s
        for s in rng.sample(pool, min(TOPIC, len(pool)))
    )
    copies = [-1]
    for q in range(1, MAX_STORY):
        originals = [p for p in range(q) if copies[p] < 0]
        copies.append(rng.choice(originals) if rng.random() < spec.copy_rate else -1)
    return _Story(story, block, start, size, pool, names, day, topic, tuple(copies))


# The pools' sentences in one tuple, per pools object (a worker builds it once).
_FLAT: dict[int, tuple[str, ...]] = {}


def _everything(pools: Pools) -> tuple[str, ...]:
    if id(pools) not in _FLAT:
        _FLAT[id(pools)] = tuple(s for pool in pools for s in pool)
    return _FLAT[id(pools)]


# --- articles ----------------------------------------------------------------------------------


def _original(story: _Story, q: int, spec: Spec) -> tuple[list[str], int]:
    """The sentences and outlet of an original: topic sentences (shared within the story) mixed
    with other pool sentences, the story's names planted in several."""
    rng = random.Random(f"{spec.seed}:article:{story.id}:{q}")
    count = rng.randint(8, 14)
    from_topic = min(len(story.topic), sum(rng.random() < 0.4 for _ in range(count)))
    chosen = rng.sample(story.topic, from_topic)
    pool = rng.sample(story.pool, min(len(story.pool), count))
    own = [_plant(s, rng.choice(story.names)) if rng.random() < 0.3 else s for s in pool if s not in chosen]
    sentences = chosen + own[: count - from_topic]
    rng.shuffle(sentences)
    for i in rng.sample(range(len(sentences)), min(2, len(sentences))):
        sentences[i] = _attribute(sentences[i], rng.choice(story.names))
    return sentences, rng.randrange(OUTLETS)


def _edit_word(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    inner = range(1, len(words) - 1)
    known = [i for i in inner if words[i].lower() in _SYNONYMS]
    if known:
        i = rng.choice(known)
        words[i] = _SYNONYMS[words[i].lower()]
    elif len(words) > 3:
        del words[rng.choice(inner)]
    return " ".join(words)


def _copy(sentences: list[str], story: _Story, q: int, spec: Spec) -> list[str]:
    """A light edit of an original: at most one sentence dropped, 1-3 words changed or deleted,
    sometimes an agency credit in front."""
    rng = random.Random(f"{spec.seed}:copy:{story.id}:{q}")
    edited = list(sentences)
    if len(edited) > 2 and rng.random() < 0.5:
        del edited[rng.randrange(1, len(edited))]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(edited))
        edited[i] = _edit_word(edited[i], rng)
    if rng.random() < 0.3:
        edited[0] = f"({rng.choice(_CREDITS)}) — {edited[0]}"
    return edited


def _document(n: int, sentences: list[str], outlet: int, title: str, published: str) -> Document:
    """Cleaned text, not segmented: the corpus steps read text, title and time, and holding the
    sentences too would double a worker's share of the corpus."""
    name = f"a{n:07d}"
    return Document(
        id=name, path=name, text=" ".join(sentences), source=f"outlet{outlet}", title=title,
        published=published, language="en",
    )  # fmt: skip


def _title(sentences: list[str], story: _Story) -> str:
    words = " ".join(sentences[0].split()[:8]).rstrip(",;:")
    return f"{story.names[0].split()[-1]}: {words}"


def article(n: int, spec: Spec) -> Planted:
    """Article number ``n`` (0 <= n < spec.articles) of the corpus, with its planted truth."""
    if not 0 <= n < spec.articles:
        raise IndexError(f"article {n} outside 0..{spec.articles - 1}")
    slot = _slot(n, spec)
    block, k, start, size = _locate(slot, spec)
    story = _story(block, k, start, size, spec)
    q = slot - block * BLOCK - start
    source = story.copies[q] if story.copies[q] >= 0 else q
    sentences, outlet = _original(story, source, spec)
    title = _title(sentences, story)
    group = f"a{_number(block * BLOCK + start + source, spec):07d}"
    if source != q:
        sentences = _copy(sentences, story, q, spec)
        shift = 1 + random.Random(f"{spec.seed}:outlet:{story.id}:{q}").randrange(OUTLETS - 1)
        outlet = (outlet + shift) % OUTLETS  # another outlet than the original's
    published = f"{story.day.isoformat()}T{q:02d}:00:00"
    return Planted(_document(n, sentences, outlet, title, published), story.id, group)


def partition(p: int, parts: int, spec: Spec) -> list[Planted]:
    """The articles of partition ``p`` of ``parts``: n in [p*N//parts, (p+1)*N//parts)."""
    low, high = p * spec.articles // parts, (p + 1) * spec.articles // parts
    return [article(n, spec) for n in range(low, high)]


# --- truth and scores --------------------------------------------------------------------------


def truth(planted: Iterable[Planted]) -> tuple[dict[str, str], dict[str, str]]:
    """Document id -> planted story, and document id -> copy group (the original's id)."""
    stories: dict[str, str] = {}
    groups: dict[str, str] = {}
    for item in planted:
        stories[item.document.id] = item.story
        groups[item.document.id] = item.copy_group
    return stories, groups


def _pairs(counts: Iterable[int]) -> int:
    return sum(c * (c - 1) // 2 for c in counts)


def pair_scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Pairwise (precision, recall) of co-membership over the documents of ``truth``; a document
    missing from ``predicted`` counts as a group of its own. A ratio with no pairs is 1.0."""
    cells: Counter[tuple[tuple[str, str], str]] = Counter()
    for doc, group in truth.items():
        guess = ("p", predicted[doc]) if doc in predicted else ("alone", doc)
        cells[guess, group] += 1
    rows: Counter[tuple[str, str]] = Counter()
    columns: Counter[str] = Counter()
    for (guess, group), count in cells.items():
        rows[guess] += count
        columns[group] += count
    both, said, real = _pairs(cells.values()), _pairs(rows.values()), _pairs(columns.values())
    return (both / said if said else 1.0), (both / real if real else 1.0)
