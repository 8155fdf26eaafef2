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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

# Fact alignment's stop words and stemmer, so that both stages read a sentence alike.
from storyfuse.align_features import _STOPWORDS, stem

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Stems are cut to this many characters: "helicopter"/"helicopters", "suspended"/"suspension"
# meet, as in fact alignment (where 5 was cross-validated; 6 keeps a little more apart).
_STEM_LENGTH = 6


def term_bags(texts: Sequence[str]) -> list[list[str]]:
    """Content-word stems and numbers of each sentence (a token's key is worked out once per
    call: news repeats its words, and stemming is most of the cost)."""
    keys: dict[str, str] = {}
    bags = []
    for text in texts:
        bag = []
        for token in _TOKEN.findall(text.lower()):
            key = keys.get(token)
            if key is None:
                key = keys[token] = _key(token)
            if key:
                bag.append(key)
        bags.append(bag)
    return bags


def _key(token: str) -> str:
    """A number as written, a content word stemmed, "" for a stop word."""
    if token[0].isdigit():
        return token
    return stem(token, _STEM_LENGTH) if len(token) > 1 and token not in _STOPWORDS else ""


def tfidf(bags: Sequence[Sequence[str]]) -> csr_matrix:
    """L2-normalised TF-IDF rows: sublinear TF (1 + log tf), smooth IDF
    (log((1 + n) / (1 + df)) + 1), as scikit-learn's TfidfVectorizer computes them; built
    directly because the vectoriser's fixed overhead is most of the time on a small story."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[float] = []
    indptr = [0]
    for bag in bags:
        row = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in bag)
        indices += row.keys()
        counts += row.values()
        indptr.append(len(indices))
    index = np.asarray(indices, dtype=np.int64)
    df = np.bincount(index, minlength=len(vocabulary))
    idf = np.log((1 + len(bags)) / (1 + df)) + 1
    data = (1 + np.log(np.asarray(counts, dtype=float))) * idf[index]
    rows = csr_matrix((data, index, np.asarray(indptr)), shape=(len(bags), len(vocabulary)))
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    rows.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(rows.indptr))
    return rows


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


def sentence_vectors(bags: Sequence[Sequence[str]], group: Sequence[int]) -> SentenceVectors:
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
