"""What the learned salience model reads: one row of features per candidate sentence.

Every feature is computed from the story's own candidate table (no external data), in groups
that the training script switches off one at a time (``benchmarks/train_salience.py``):

* **position**: rank among its document's candidates (the lead is 0), its log, relative
  position, and how many candidates the document has.
* **corroboration**: independent sources of its (verified) fact, that as a share of the story's
  groups, how many outlet sentences state the fact, whether it is the fact's representative
  wording; and its closest and mean TF-IDF cosine to sentences of *other* independent groups.
* **centrality**: cosine to the story centroid (raw, as a within-story percentile and relative
  to the story's best), its document's mean centrality; how many independent groups use its
  content words and word pairs (mean, sum, share of pairs used by two or more groups); the
  mean story frequency of its words (SumBasic).
* **novelty**: closest cosine to a document's lead sentence (its own document's included; a
  lead is not compared with itself).
* **length**: words, content words.
* **quotes**: a quotation, a speech word, leaning on context ("But he said…").
* **density**: numbers and capitalised words (names) per word.
* **dateline**: a wire dateline was stripped from the sentence.
* **story**: independent groups and candidates in the story (sets the scale of the others).

Within-story percentiles and relative values matter because a model scores sentences one at a
time: "the most central of this story" is what selection needs, not an absolute cosine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from storyfuse.summarize.table import CandidateTable
from storyfuse.text import NUMBERS

# Rows of the candidate-by-candidate cosine matrix held at once (a 1,024 × 20,000 block is 160 MB;
# Multi-News's largest story has under 2,000 candidates, so it is one block).
_BLOCK = 1024
# A capitalised word: a name, in Latin-script languages (the sentence's first word is not counted).
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")

GROUPS: dict[str, tuple[str, ...]] = {
    "position": ("rank", "log_rank", "relative", "doc_candidates"),
    "corroboration": ("sources", "corroboration", "support", "representative", "closest_other",
                      "closest_other_pct", "mean_other"),
    "centrality": ("centrality", "centrality_pct", "centrality_rel", "doc_centrality", "group_terms",
                   "group_terms_pct", "group_terms_sum", "group_terms_sum_rel", "group_pairs",
                   "group_pairs_pct", "shared_pairs", "term_share"),
    "novelty": ("lead_similarity", "lead_similarity_pct"),
    "length": ("words", "content_words"),
    "quotes": ("quotes", "speech", "leans"),
    "density": ("number_density", "name_density"),
    "dateline": ("dateline",),
    "story": ("groups", "candidates"),
}
FEATURES: tuple[str, ...] = tuple(name for names in GROUPS.values() for name in names)


def salience_features(table: CandidateTable) -> np.ndarray:
    """The candidates' features, one row each, columns in :data:`FEATURES` order."""
    n = len(table)
    if not n:
        return np.zeros((0, len(FEATURES)))
    cross = _cross(table)
    columns = {**_position(table), **_corroboration(table, cross), **_centrality(table), **_novelty(cross),
               **_surface(table)}
    return np.column_stack([np.asarray(columns[name], dtype=float) for name in FEATURES])


def percentile(values: np.ndarray) -> np.ndarray:
    """Each value's rank in the story as a share: 0 for the highest, 1 for the lowest."""
    ranks = np.argsort(np.argsort(-values, kind="stable"), kind="stable")
    return ranks / max(len(values) - 1, 1)


def relative(values: np.ndarray) -> np.ndarray:
    """Each value over the story's highest (zeros when that is not positive); for the
    non-negative features, a share in [0, 1]."""
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros(len(values))


def _position(table: CandidateTable) -> dict[str, np.ndarray]:
    return {"rank": table.rank, "log_rank": np.log1p(table.rank), "relative": table.relative,
            "doc_candidates": np.bincount(table.document)[table.document]}


def _cross(table: CandidateTable) -> dict[str, np.ndarray]:
    """Each candidate's closest and mean cosine to the candidates of *other* independent groups,
    and its closest cosine to a document lead (not itself): worked out a block of rows at a time,
    so memory grows with the story, not with its square."""
    n = len(table)
    closest, mean, lead = np.zeros(n), np.zeros(n), np.zeros(n)
    rows = table.vectors.rows
    if rows is None:
        return {"closest_other": closest, "mean_other": mean, "lead_similarity": lead}
    groups = table.group
    leads = np.flatnonzero(table.rank == 0)
    columns = rows.T.tocsc()
    for start in range(0, n, _BLOCK):
        block = slice(start, min(start + _BLOCK, n))
        similar = np.asarray((rows[block] @ columns).toarray())
        similar[np.arange(block.stop - start), np.arange(start, block.stop)] = 0.0
        other = groups[block, None] != groups[None, :]
        across = np.where(other, similar, 0.0)
        closest[block] = across.max(axis=1)
        mean[block] = across.sum(axis=1) / np.maximum(other.sum(axis=1), 1)
        if len(leads):
            lead[block] = similar[:, leads].max(axis=1)
    return {"closest_other": closest, "mean_other": mean, "lead_similarity": lead}


def _corroboration(table: CandidateTable, cross: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    n_groups = max(table.n_groups, 1)
    share = np.log(table.sources) / np.log(n_groups) if n_groups > 1 else np.zeros(len(table))
    support = [len(table.facts[f].support) if f < len(table.facts) else 1 for f in table.fact]
    closest = cross["closest_other"]
    return {"sources": table.sources, "corroboration": share, "support": np.asarray(support),
            "representative": table.representative, "closest_other": closest,
            "closest_other_pct": percentile(closest), "mean_other": cross["mean_other"]}


def _centrality(table: CandidateTable) -> dict[str, np.ndarray]:
    centrality = table.vectors.centrality
    documents = table.document
    by_document = np.bincount(documents, weights=centrality) / np.bincount(documents)
    terms, pairs, share = _term_spread(table)
    return {"centrality": centrality, "centrality_pct": percentile(centrality),
            "centrality_rel": relative(centrality), "doc_centrality": by_document[documents],
            "group_terms": terms[0], "group_terms_pct": percentile(terms[0]), "group_terms_sum": terms[1],
            "group_terms_sum_rel": relative(terms[1]), "group_pairs": pairs[0],
            "group_pairs_pct": percentile(pairs[0]), "shared_pairs": pairs[1], "term_share": share}


def _term_spread(table: CandidateTable) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray],
                                                 np.ndarray]:
    """How widely the story's independent groups use each sentence's words and word pairs:
    (mean and sum of the groups' share per distinct word), (mean share per pair, share of pairs
    used by two or more groups), and the mean story frequency of its words."""
    n_groups = max(table.n_groups, 1)
    pair_bags = [list(zip(bag, bag[1:], strict=False)) for bag in table.bags]
    word_groups = _group_counts(table.bags, table.group)
    pair_groups = _group_counts(pair_bags, table.group)
    counts = Counter(term for bag in table.bags for term in bag)
    total = max(sum(counts.values()), 1)
    # Distinct words in the order written (not a set's order, which changes with the process's
    # string hashing and with it the last bit of a float sum, and so a feature's ties).
    distinct = [dict.fromkeys(bag) for bag in table.bags]
    mean_terms = _mean([word_groups[t] / n_groups for t in words] for words in distinct)
    sum_terms = np.asarray([sum(word_groups[t] for t in words) / n_groups for words in distinct])
    mean_pairs = _mean([pair_groups[p] / n_groups for p in bag] for bag in pair_bags)
    shared = _mean([pair_groups[p] > 1 for p in bag] for bag in pair_bags)
    share = _mean([counts[t] / total for t in bag] for bag in table.bags)
    return (mean_terms, sum_terms), (mean_pairs, shared), share


def _group_counts(bags: Iterable[Iterable[object]], groups: np.ndarray) -> Counter[object]:
    """In how many independent groups each key occurs."""
    seen = {(key, int(group)) for bag, group in zip(bags, groups, strict=True) for key in bag}
    return Counter(key for key, _ in seen)


def _mean(rows: Iterable[list[float] | list[bool]]) -> np.ndarray:
    return np.asarray([float(np.mean(row)) if row else 0.0 for row in rows])


def _novelty(cross: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    closest = cross["lead_similarity"]
    return {"lead_similarity": closest, "lead_similarity_pct": percentile(closest)}


def _names(text: str) -> int:
    """Capitalised words, not counting the sentence's first word (capitalised anyway)."""
    found = [m.start() for m in _CAPITALISED.finditer(text)]
    return len(found) - (bool(found) and found[0] == 0)


def _surface(table: CandidateTable) -> dict[str, np.ndarray]:
    words = np.maximum(table.words, 1)
    numbers = np.asarray([len(NUMBERS.findall(text)) for text in table.texts])
    names = np.asarray([_names(text) for text in table.texts])
    dateline = [ref.text.strip() != text for ref, text in zip(table.refs, table.texts, strict=True)]
    return {"words": table.words, "content_words": np.asarray([len(bag) for bag in table.bags]),
            "quotes": table.quotes, "speech": table.speech, "leans": table.leans,
            "number_density": numbers / words, "name_density": names / words, "dateline": np.asarray(dateline),
            "groups": np.full(len(table), table.n_groups), "candidates": np.full(len(table), len(table))}
