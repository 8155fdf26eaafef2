"""Pair signals for claim verification: does sentence *b* state what claim *a* says?

Every signal is a matrix over (claim, candidate) pairs of one story's sentences, computed from
sparse bags so that a 300-sentence story costs a few matrix products:

* ``words``: TF-IDF cosine of stemmed content words and numbers (fact alignment's similarity);
* ``phrases``: the share of the claim's word pairs (consecutive content words) found in the
  candidate: a reworded sentence keeps its words, a copied or closely paraphrased one keeps
  their order too;
* ``shared``: how many content words the two share, up to ``SHARED_CAP`` (as a share of it):
  one shared rare word makes a four-word claim look covered ("Until last year" ↔ "600,000
  containers a year");
* ``claim_cover`` / ``candidate_cover``: the IDF-weighted share of each side's content words
  other than names (what is said to happen: the predicate and its objects) that the other
  side has too;
* ``names_cover`` / ``names_extra``: the claim's names found in the candidate (1 when the
  claim names nobody), and whether the candidate names people or places the claim does not;
* ``numbers_missing``: the share of the claim's numbers (figures, dates, times) the candidate
  lacks; ``numbers_conflict``: both give numbers and share none (190 vs 180 metres);
* ``negation``: one side is negated and the other is not;
* ``quote_cover``: the share of the claim's quoted words the candidate has (1 without a quote);
* ``length``: |log(candidate words / claim words)|;
* ``embedding``: cosine of sentence embeddings, when an encoder is given (see ``embeddings``).

The learned combination lives in :mod:`storyfuse.analysis.verify` (``weights.json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from storyfuse.analysis.align.features import SentenceKeys, all_keys, tfidf
from storyfuse.lang import Language
from storyfuse.text import LETTER_WORDS

LEXICAL = ("words", "phrases", "shared", "claim_cover", "candidate_cover", "names_cover", "names_extra", "numbers_missing",
           "numbers_conflict", "negation", "quote_cover", "length")
EMBEDDING = ("embedding",)
# Stems are cut to five characters, as fact alignment's cross-validation chose.
STEM_LENGTH = 5
SHARED_CAP = 4


@dataclass(frozen=True, slots=True)
class Signals:
    """Per-sentence bags of one story (rows: sentences), ready for pair products."""

    words: csr_matrix
    content: csr_matrix
    content_idf: csr_matrix
    content_mass: np.ndarray
    names: csr_matrix
    numbers: csr_matrix
    quoted: csr_matrix
    all_words: csr_matrix
    phrases: csr_matrix
    negated: np.ndarray
    length: np.ndarray

    def __len__(self) -> int:
        return len(self.length)


def _binary(bags: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> csr_matrix:
    """Rows of 0/1 membership of each bag's distinct keys in ``vocabulary`` (grown as needed)."""
    distinct = [set(bag) for bag in bags]
    cols = np.fromiter((vocabulary.setdefault(key, len(vocabulary)) for keys in distinct for key in keys),
                       dtype=np.int32)
    indptr = np.zeros(len(bags) + 1, dtype=np.int32)
    np.cumsum([len(keys) for keys in distinct], out=indptr[1:])
    shape = (len(bags), max(len(vocabulary), 1))
    matrix = csr_matrix((np.ones(len(cols)), cols, indptr), shape=shape)
    matrix.sort_indices()
    return matrix


def _negation_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """One search per sentence instead of a set lookup per word (a word is a run of letters)."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def _widen(matrix: csr_matrix, columns: int) -> csr_matrix:
    return csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], columns))


def _content(keys: SentenceKeys) -> tuple[str, ...]:
    names = set(keys.names)
    return tuple(k for k in keys.words if not k.startswith("#") and k not in names)


def _pairs(keys: SentenceKeys) -> list[str]:
    words = [k for k in keys.words if not k.startswith("#")]
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _quoted_keys(text: str, lang: Language) -> tuple[str, ...]:
    words = [w for m in lang.verify.quoted.finditer(text) for w in LETTER_WORDS.findall(m.group("text"))]
    return tuple(lang.stem(w, STEM_LENGTH) for w in words
                 if len(w) > 1 and lang.base_form(w.lower()) not in lang.fact_stop_words)


def signals(texts: Sequence[str], lang: Language) -> Signals:
    """The bags of ``texts`` (all sentences of one story: names and IDF are judged across
    them)."""
    keys = all_keys(texts, STEM_LENGTH, lang)
    vocabulary: dict[str, int] = {}
    content = _binary([_content(k) for k in keys], vocabulary)
    all_words = _binary([[k for k in key.words if not k.startswith("#")] for key in keys], vocabulary)
    quoted = _binary([_quoted_keys(t, lang) for t in texts], vocabulary)
    # The vocabulary grew while the bags were built: widen the earlier ones to match.
    content, all_words = (_widen(m, quoted.shape[1]) for m in (content, all_words))
    df = np.asarray(content.sum(axis=0)).ravel()
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    content_idf = csr_matrix(content.multiply(idf[None, :]))
    negations = _negation_pattern(lang.verify.negations)
    return Signals(
        words=tfidf([k.words for k in keys]) if any(k.words for k in keys) else csr_matrix((len(texts), 1)),
        content=content,
        content_idf=content_idf,
        content_mass=np.asarray(content_idf.sum(axis=1)).ravel(),
        names=_binary([k.names for k in keys], {}),
        numbers=_binary([k.numbers for k in keys], {}),
        quoted=quoted,
        all_words=all_words,
        phrases=_binary([_pairs(k) for k in keys], {}),
        negated=np.asarray([bool(negations.search(t)) for t in texts], dtype=bool),
        length=np.asarray([max(len(t.split()), 1) for t in texts], dtype=float),
    )


def _dense(matrix: csr_matrix) -> np.ndarray:
    # float32: a 2,000-sentence story's pair matrices are 4 million entries each.
    return np.asarray(matrix.toarray(), dtype=np.float32)


def _share(shared: np.ndarray, size: np.ndarray, empty: float) -> np.ndarray:
    """``shared / size`` per row, ``empty`` where a row has nothing to share."""
    out = shared / np.where(size > 0, size, 1).astype(np.float32)[:, None]
    out[size <= 0] = empty
    return out


def lexical(s: Signals, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Every lexical signal of the pairs (claim ``rows[i]``, candidate j), each len(rows) × n."""
    shared_idf = _dense(s.content_idf[rows] @ s.content.T)
    name_count = np.asarray(s.names.sum(axis=1)).ravel()
    shared_names = _dense(s.names[rows] @ s.names.T)
    number_count = np.asarray(s.numbers.sum(axis=1)).ravel()
    shared_numbers = _dense(s.numbers[rows] @ s.numbers.T)
    quote_count = np.asarray(s.quoted.sum(axis=1)).ravel()
    quote_shared = _dense(s.quoted[rows] @ s.all_words.T)
    phrase_count = np.asarray(s.phrases.sum(axis=1)).ravel()
    shared_phrases = _dense(s.phrases[rows] @ s.phrases.T)
    both_numbers = (number_count[rows][:, None] > 0) & (number_count[None, :] > 0)
    return {
        "words": _dense(s.words[rows] @ s.words.T),
        "shared": np.minimum(_dense(s.content[rows] @ s.content.T), SHARED_CAP) / SHARED_CAP,
        "phrases": _share(shared_phrases, phrase_count[rows], 0.0),
        "claim_cover": _share(shared_idf, s.content_mass[rows], 0.0),
        "candidate_cover": _share(shared_idf.T, s.content_mass, 0.0).T,
        "names_cover": _share(shared_names, name_count[rows], 1.0),
        "names_extra": (name_count[None, :] - shared_names > 0).astype(np.float32),
        "numbers_missing": 1.0 - _share(shared_numbers, number_count[rows], 1.0),
        "numbers_conflict": (both_numbers & (shared_numbers == 0)).astype(np.float32),
        "negation": (s.negated[rows][:, None] != s.negated[None, :]).astype(np.float32),
        "quote_cover": np.minimum(_share(quote_shared, quote_count[rows], 1.0), 1.0),
        "length": np.abs(np.log(s.length[None, :] / s.length[rows][:, None])).astype(np.float32),
    }
