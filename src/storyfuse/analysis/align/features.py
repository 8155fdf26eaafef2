"""Sentence features for fact alignment: content words, names and numbers, and their similarity.

A sentence becomes three bags of keys:

* **words**: lowercased content words (stopwords and reporting verbs dropped), lightly
  stemmed and cut to a fixed prefix so that "suspended"/"suspension" or "helicopter"/
  "helicopters" meet, plus the sentence's numbers;
* **names**: capitalised words that are names rather than sentence-initial capitals;
* **numbers**: numbers written with digits, normalised ("1,400" → 1400, "2:40" → 2.40).

Each bag is weighted by TF-IDF fitted on the sentences of the documents themselves (no
external data), and the similarity of two sentences is the cosine of their word vectors plus
bonuses for the cosine of their name and number vectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from storyfuse.lang import Language, get_language
from storyfuse.text import LETTER_WORDS, NUMBERS

# Numbers (``NUMBERS``) are read before words, so that "1,400" is one number and not the words
# "1" and "400"; words (``LETTER_WORDS``) have no digits. From the language profile: the stop
# words (``fact_stop_words``: function and reporting words), the stemmer, and the dateline rule
# (a wire dateline or label at the start of a sentence, "CALDERHAVEN, March 3 (Northwire) -",
# "UPDATE:", says where and who filed it, not what happened); a function given no profile
# reads the default language's.


@dataclass(frozen=True, slots=True)
class SentenceKeys:
    """The keys of one sentence: content-word stems (numbers included), names, numbers."""

    words: tuple[str, ...]
    names: tuple[str, ...]
    numbers: tuple[str, ...]


def normalise_number(raw: str) -> str:
    """One spelling per number: thousands separators dropped, "2:40" and "2.40" alike."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return raw.replace(",", "")
    return raw.replace(":", ".").replace(",", ".")


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) > 1 or word.isalpha())


def _capitalised_keys(texts: Sequence[str], length: int, lang: Language) -> frozenset[str]:
    """Keys of words capitalised somewhere other than at a sentence start: names, not grammar."""
    capitalised = {word for text in texts for word in LETTER_WORDS.findall(text)[1:] if word[0].isupper()}
    return frozenset(lang.stem(word, length) for word in capitalised
                     if _is_capitalised(word) and word.lower() not in lang.fact_stop_words)


def sentence_keys(
    text: str,
    length: int,
    name_keys: frozenset[str],
    memo: dict[str, str] | None = None,
    lang: Language | None = None,
) -> SentenceKeys:
    """The word, name and number keys of one sentence. ``memo`` (word → key, "" for a stop
    word) may be shared by the sentences of one story: news repeats its words, and stemming
    is most of the cost."""
    memo = {} if memo is None else memo
    lang = lang or get_language()
    text = lang.dates.fact_dateline.sub("", text)
    numbers = tuple(normalise_number(number) for number in NUMBERS.findall(text))
    words: list[str] = []
    names: list[str] = []
    for word in LETTER_WORDS.findall(text):  # (digits never match LETTER_WORDS: numbers stay out)
        key = memo.get(word)
        if key is None:
            key = memo[word] = _word_key(word, length, lang)
        if not key:
            continue
        words.append(key)
        if key in name_keys and _is_capitalised(word):
            names.append(key)
    return SentenceKeys(tuple(words) + tuple(f"#{n}" for n in numbers), tuple(names), numbers)


def _word_key(word: str, length: int, lang: Language) -> str:
    if len(word) < 2 or lang.base_form(word.lower()) in lang.fact_stop_words:
        return ""
    return lang.stem(word, length)


def all_keys(texts: Sequence[str], length: int, lang: Language | None = None) -> list[SentenceKeys]:
    """The keys of every sentence; names are judged across all of them together."""
    lang = lang or get_language()
    name_keys = _capitalised_keys(texts, length, lang)
    memo: dict[str, str] = {}
    return [sentence_keys(text, length, name_keys, memo, lang) for text in texts]


def tfidf(bags: Sequence[Sequence[str]], binary: bool = False) -> csr_matrix:
    """L2-normalised TF-IDF rows of ``bags``, IDF fitted on the bags themselves: sublinear TF
    (1 + log tf), smooth IDF (log((1 + n) / (1 + df)) + 1), as scikit-learn's TfidfVectorizer
    computes them. Built directly because the vectoriser's fixed overhead (parameter
    validation, vocabulary sorting) is most of the time on a small story.

    Sublinear TF damps a word repeated in one sentence; ``binary`` counts a name or number
    once however often it recurs.
    """
    vocabulary: dict[str, int] = {}
    terms = (vocabulary.setdefault(t, len(vocabulary)) for bag in bags for t in bag)
    index = np.fromiter(terms, dtype=np.int64)
    row = np.repeat(np.arange(len(bags)), [len(bag) for bag in bags])
    # Duplicate (row, term) entries are summed on conversion: the term counts.
    rows = coo_matrix((np.ones(len(index)), (row, index)), shape=(len(bags), len(vocabulary))).tocsr()
    df = np.bincount(rows.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(bags)) / (1 + df)) + 1
    tf = np.ones(rows.nnz) if binary else 1 + np.log(rows.data)
    rows.data = tf * idf[rows.indices]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    rows.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(rows.indptr))
    return rows


def _tfidf(bags: Sequence[Sequence[str]], binary: bool) -> Any:
    """:func:`tfidf`, or None when there is not a single key."""
    return tfidf(bags, binary) if any(bags) else None


def _gram(matrix: Any, n: int) -> np.ndarray:
    return np.zeros((n, n)) if matrix is None else np.asarray((matrix @ matrix.T).toarray())


def _overlap(matrix: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Shared distinct keys of every pair, and whether the two key sets are equal."""
    if matrix is None:
        return np.zeros((n, n)), np.zeros((n, n), dtype=bool)
    member = matrix.copy()
    member.data[:] = 1.0
    shared = _gram(member, n)
    sizes = np.diag(shared)
    identical = (shared == sizes[:, None]) & (shared == sizes[None, :]) & (shared > 0)
    return shared, identical


@dataclass(frozen=True, slots=True)
class Cosines:
    """Pairwise cosines of the word, name and number vectors of a set of sentences, and how
    many word keys each pair shares (``identical`` where the two key sets are equal)."""

    words: np.ndarray
    names: np.ndarray
    numbers: np.ndarray
    shared: np.ndarray
    identical: np.ndarray

    def combine(self, name_bonus: float, number_bonus: float, min_shared: int) -> np.ndarray:
        """The similarity: word cosine plus weighted name and number cosines; 0 for a pair
        sharing fewer than ``min_shared`` word keys, unless their keys are the same (one
        shared rare word makes a short sentence look like a long one: "Until last year" ↔
        "600,000 containers a year")."""
        sim = self.words + name_bonus * self.names + number_bonus * self.numbers
        return np.where((self.shared >= min_shared) | self.identical, sim, 0.0)


def cosines(texts: Sequence[str], stem_length: int, lang: Language | None = None) -> Cosines:
    """The cosine and overlap matrices of ``texts``, IDF fitted on ``texts`` alone."""
    keys, n = all_keys(texts, stem_length, lang), len(texts)
    words = _tfidf([k.words for k in keys], binary=False)
    shared, identical = _overlap(words, n)
    return Cosines(
        _gram(words, n),
        _gram(_tfidf([k.names for k in keys], binary=True), n),
        _gram(_tfidf([k.numbers for k in keys], binary=True), n),
        shared,
        identical,
    )


def similarity(
    texts: Sequence[str],
    stem_length: int,
    name_bonus: float,
    number_bonus: float,
    min_shared: int,
    lang: Language | None = None,
) -> np.ndarray:
    """Pairwise sentence similarity: word cosine + name and number bonuses (``lang``: the
    profile whose stop words, stemmer and datelines are read; the default one when None)."""
    return cosines(texts, stem_length, lang).combine(name_bonus, number_bonus, min_shared)
