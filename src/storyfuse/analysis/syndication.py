"""Syndication: which documents are copies (verbatim or lightly edited) of one another.

Map: each document becomes a MinHash signature of its word 3-shingles (datasketch).
Group: an LSH index proposes candidate pairs without comparing every pair, so the step
grows near-linearly with the corpus (benchmarks/syndication.py). Reduce: each candidate
pair is confirmed sentence by sentence, giving the share of each document's sentences
copied from the other. Documents that share most of their text form one independent group.

A single story (a few dozen documents) skips the hashing: the exact Jaccard similarity of
every pair's shingle sets is cheaper to compute than the signatures, and it has no chance
misses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from datasketch import MinHash, MinHashLSH

from storyfuse.lang import Language, get_language
from storyfuse.model import Document, Syndication
from storyfuse.text import UnionFind, words


@dataclass(frozen=True, slots=True)
class SyndicationConfig:
    num_perm: int = 128
    seed: int = 1
    shingle_words: int = 3
    # LSH bands × rows (≤ num_perm): a pair becomes a candidate when all rows of one band
    # agree, which happens half the time at Jaccard ≈ (1/bands)^(1/rows) ≈ 0.29 here. A lightly
    # edited full reprint scores 0.5-0.8, a reprint of half a wire story about 0.5, of a third
    # about 0.33; lower thresholds let chance collisions between unrelated documents grow
    # quadratically. Fixed rather than derived by datasketch, whose optimiser (numerical
    # integration) costs ~40 ms per call, more than the rest of a 10-document story.
    lsh_bands: int = 42
    lsh_rows: int = 3
    # Up to this many documents, candidate pairs come from exact shingle-set Jaccard instead
    # (every pair compared: 1,225 pairs of small sets at 50, well under the cost of hashing
    # 50 signatures), and a pair is a candidate at Jaccard ≥ exact_jaccard, where the LSH
    # above still proposes a pair one time in eight: what the banding could find, this finds.
    exact_below: int = 50
    exact_jaccard: float = 0.15
    # A sentence counts as copied when its words overlap a sentence of the other document
    # this much (overlap / shorter sentence). Light edits ("rows" → "disputes", a dropped
    # clause) stay above 0.7; two outlets reporting one fact in their own words stay below.
    sentence_overlap: float = 0.7
    # Sentences shorter than this must match exactly: short sentences coincide by chance.
    min_sentence_words: int = 6
    # Pairs are listed when one document copied at least this share of its sentences ...
    report_share: float = 0.3
    # ... and are one source (an independent group) when one copied most of its text.
    group_share: float = 0.5


# How a step applies a function to every item: the builtin ``map`` here, an executor's ``map``
# when the runner spreads a corpus over processes (results must come back in input order).
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]


def find_syndication(
    documents: Sequence[Document],
    config: SyndicationConfig = SyndicationConfig(),
    *,
    lang: Language | None = None,
    map_items: Mapper = map,
) -> tuple[tuple[Syndication, ...], tuple[tuple[str, ...], ...]]:
    """Copied pairs and the independent groups they induce (every document in one group);
    shingles made only of ``lang``'s stop words (default: English) are left out.

    Map (signatures, through ``map_items``) → group (LSH buckets) → map (each candidate pair
    confirmed sentence by sentence) → reduce (union-find into independent groups)."""
    by_id = {doc.id: doc for doc in documents}
    stop_words = (lang or get_language()).stop_words
    candidates = candidate_pairs(documents, config, stop_words, map_items)
    checked = map_items(partial(confirm_pair, config=config), [(by_id[a], by_id[b]) for a, b in candidates])
    pairs = tuple(pair for pair in checked if pair is not None)
    return pairs, independent_groups(by_id, pairs, config)


def confirm_pair(pair: tuple[Document, Document], config: SyndicationConfig) -> Syndication | None:
    """The pair as syndication when one of the two copied enough of its sentences from the other."""
    a, b = pair
    copied = copied_shares(a, b, config)
    if max(copied.values()) < config.report_share:
        return None
    return Syndication((a.id, b.id), copied, _origin(a, b))


def candidate_pairs(
    documents: Sequence[Document], config: SyndicationConfig, stop_words: frozenset[str] | None = None,
    map_items: Mapper = map,
) -> list[tuple[str, str]]:
    """Document pairs whose MinHash signatures are close (sorted, each pair once); for a few
    documents, pairs whose shingle sets are close."""
    if len(documents) <= config.exact_below:
        return exact_pairs(documents, config, stop_words)
    signatures = signatures_of(documents, config, stop_words, map_items)
    lsh = MinHashLSH(num_perm=config.num_perm, params=(config.lsh_bands, config.lsh_rows))
    with lsh.insertion_session() as session:
        for doc_id, signature in signatures.items():
            session.insert(doc_id, signature)
    pairs = set()
    for doc_id, signature in signatures.items():
        for other in lsh.query(signature):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    return sorted(pairs)


def exact_pairs(
    documents: Sequence[Document], config: SyndicationConfig, stop_words: frozenset[str] | None = None
) -> list[tuple[str, str]]:
    """Document pairs whose shingle sets have a Jaccard similarity of at least
    ``config.exact_jaccard`` (sorted, each pair once)."""
    sets = sorted((doc.id, shingles(doc.text, config.shingle_words, stop_words)) for doc in documents)
    pairs = []
    for i, (first, mine) in enumerate(sets):
        for second, theirs in sets[i + 1:]:
            union = len(mine | theirs)
            if first != second and union and len(mine & theirs) / union >= config.exact_jaccard:
                pairs.append((first, second))
    return pairs


def signatures_of(
    documents: Iterable[Document], config: SyndicationConfig, stop_words: frozenset[str] | None = None,
    map_items: Mapper = map,
) -> dict[str, MinHash]:
    """One MinHash per document; the permutations are drawn once per call and shared."""
    template = MinHash(num_perm=config.num_perm, seed=config.seed)
    documents = list(documents)
    sign = partial(_signature, config=config, stop_words=stop_words,
                   permutations=(template.permutations, template.scheme))
    return dict(zip((doc.id for doc in documents), map_items(sign, documents), strict=True))


def _signature(doc: Document, config: SyndicationConfig, stop_words: frozenset[str] | None,
               permutations: tuple[Any, Any]) -> MinHash:
    signature = MinHash(num_perm=config.num_perm, seed=config.seed, permutations=permutations[0],
                        scheme=permutations[1])
    signature.update_batch([s.encode("utf-8") for s in shingles(doc.text, config.shingle_words, stop_words)])
    return signature


def shingles(text: str, size: int, stop_words: frozenset[str] | None = None) -> set[str]:
    """Word n-grams, leaving out those made only of stop words ("one of the", "said in a"):
    every text has them, and they would make unrelated documents candidates. ``stop_words``:
    the default language's unless given."""
    tokens = words(text)
    if not tokens:
        return set()
    stop = get_language().stop_words if stop_words is None else stop_words
    content = [token not in stop for token in tokens]
    return {
        " ".join(tokens[i:i + size])
        for i in range(max(1, len(tokens) - size + 1))
        if any(content[i:i + size])
    }


def copied_shares(a: Document, b: Document, config: SyndicationConfig) -> dict[str, float]:
    """For each of two documents, the share of its sentences found (lightly edited) in the other."""
    words_a = [_words(s.text) for s in a.sentences]
    words_b = [_words(s.text) for s in b.sentences]
    return {
        a.id: _share_copied(words_a, words_b, config),
        b.id: _share_copied(words_b, words_a, config),
    }


def copied_sentences(a: Document, b: Document, config: SyndicationConfig) -> list[bool]:
    """For each sentence of ``a``: does ``b`` carry it, verbatim or lightly edited?"""
    words_b = [_words(s.text) for s in b.sentences]
    return [_found(_words(s.text), words_b, config) for s in a.sentences]


def _share_copied(mine: list[frozenset[str]], theirs: list[frozenset[str]],
                  config: SyndicationConfig) -> float:
    if not mine:
        return 0.0
    return round(sum(_found(words, theirs, config) for words in mine) / len(mine), 3)


def _found(words: frozenset[str], candidates: list[frozenset[str]], config: SyndicationConfig) -> bool:
    if not words:
        return False
    if len(words) < config.min_sentence_words:
        return words in candidates
    for other in candidates:
        shorter = min(len(words), len(other))
        if shorter and len(words & other) / shorter >= config.sentence_overlap \
                and len(other) >= config.min_sentence_words:
            return True
    return False


def _words(text: str) -> frozenset[str]:
    return frozenset(words(text))


def independent_groups(by_id: dict[str, Document], pairs: Iterable[Syndication],
                       config: SyndicationConfig) -> tuple[tuple[str, ...], ...]:
    """Union-find over pairs that share most of one document's text (a group is named by its
    smallest id); singletons included."""
    found = UnionFind(sorted(by_id))
    for pair in pairs:
        if max(pair.copied.values()) >= config.group_share:
            first, second = (found.find(doc_id) for doc_id in pair.documents)
            found.attach(max(first, second), min(first, second))
    return tuple(sorted(tuple(members) for members in found.groups().values()))


def _origin(a: Document, b: Document) -> str | None:
    """The earlier of two copies: by publication time, else by a wire credit in a dateline."""
    if a.published and b.published and _comparable(a.published, b.published):
        return a.id if a.published < b.published else b.id
    for original, copy in ((a, b), (b, a)):
        if original.source and _credits(copy, original.source) and not _credits(original, copy.source):
            return original.id
    return None


def _comparable(first: str, second: str) -> bool:
    """ISO dates order as strings; a bare date and a time on the same day do not."""
    if first[:10] != second[:10]:
        return True
    return first != second and len(first) > 10 and len(second) > 10


def _credits(doc: Document, outlet: str | None) -> bool:
    """Does the document's opening dateline credit this outlet, as in "PARIS (Reuters) -"?"""
    return bool(outlet) and f"({outlet})" in doc.text[:200]
