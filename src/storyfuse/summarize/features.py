"""Sentence features for extractive summarisation, computed on one story's candidate sentences.

* **terms**: lowercased content words (stop words and reporting verbs dropped), lightly
  stemmed, plus numbers; the same crude stemming as fact alignment.
* **vectors**: TF-IDF rows (sublinear TF, IDF fitted on the story's own candidate sentences,
  no external data), L2-normalised; their dot products are the redundancy measure.
* **centrality**: cosine of each sentence to the story's centroid, where every independent
  group of documents (syndicated copies count once) contributes one averaged vector, so a wire
  story reprinted five times does not pull the centroid towards itself.
* **position**: the sentence's rank among its document's candidate sentences (the lead is 0).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyfuse.analysis.align.features import tfidf
from storyfuse.lang import Language, get_language
from storyfuse.text import LETTER_WORDS, NUMBERS

# Numbers first, so that "1,400" is one token and not "1" and "400".
_TOKEN = re.compile(f"{NUMBERS.pattern}|{LETTER_WORDS.pattern}")
# Stems are cut to this many characters: "helicopter"/"helicopters", "suspended"/"suspension"
# meet, as in fact alignment (where 5 was cross-validated; 6 keeps a little more apart).
_STEM_LENGTH = 6


def term_bags(texts: Sequence[str], *, lang: Language | None = None) -> list[list[str]]:
    """Content-word stems and numbers of each sentence (a token's key is worked out once per
    call: news repeats its words, and stemming is most of the cost)."""
    # The profile's stemmer and fact stop words, as fact alignment reads a sentence.
    lang = lang or get_language()
    keys: dict[str, str] = {}
    bags = []
    for text in texts:
        bag = []
        for token in _TOKEN.findall(text.lower()):
            key = keys.get(token)
            if key is None:
                key = keys[token] = _key(token, lang)
            if key:
                bag.append(key)
        bags.append(bag)
    return bags


def _key(token: str, lang: Language) -> str:
    """A number as written, a content word stemmed, "" for a stop word."""
    if token[0].isdigit():
        return token
    return lang.stem(token, _STEM_LENGTH) if len(token) > 1 and token not in lang.fact_stop_words else ""


@dataclass(frozen=True, slots=True)
class SentenceVectors:
    """TF-IDF rows of the candidate sentences (a sparse matrix) and their centrality."""

    rows: Any
    centrality: np.ndarray

    def similarity_to(self, index: int) -> np.ndarray:
        """Cosine of every sentence to sentence ``index`` (a sparse matrix times a dense
        vector: slicing a sparse row and multiplying two sparse matrices costs far more)."""
        start, end = self.rows.indptr[index], self.rows.indptr[index + 1]
        dense = np.zeros(self.rows.shape[1])
        dense[self.rows.indices[start:end]] = self.rows.data[start:end]
        return np.asarray(self.rows @ dense)


def sentence_vectors(bags: Sequence[Sequence[str]], group: Sequence[int] | np.ndarray) -> SentenceVectors:
    """Vectors and centrality of sentences given as term bags; ``group[i]`` is the
    independent group of sentence i's document (any integer label)."""
    n = len(bags)
    if not any(bags):
        return SentenceVectors(None, np.zeros(n))
    rows = tfidf(bags)
    labels = np.asarray(group)
    centroid = np.zeros(rows.shape[1])
    for label in np.unique(labels):
        # Each group adds the mean of its sentences: copies and long documents count once.
        centroid += np.asarray(rows[labels == label].mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    centrality = np.asarray(rows @ (centroid / norm)).ravel() if norm else np.zeros(n)
    return SentenceVectors(rows, centrality)


def redundancy(vectors: SentenceVectors, index: int, n: int) -> np.ndarray:
    """Cosine of every sentence to sentence ``index`` (zeros when there are no vectors)."""
    return np.zeros(n) if vectors.rows is None else vectors.similarity_to(index)
