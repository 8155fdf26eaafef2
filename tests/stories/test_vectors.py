"""The index's array arithmetic against plain definitions over dictionaries of terms."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.stories.vectors import WEIGHT, Dense, Vocabulary, article_vector, dots, merged

TERMS = [f"t{k}" for k in range(30)]
# Weights as the index keeps them (WEIGHT, 4 bytes), so that the definitions' sums are exact.
weights = st.floats(min_value=0.01, max_value=5.0, allow_nan=False).map(lambda w: float(WEIGHT(w)))
vectors = st.dictionaries(st.sampled_from(TERMS), weights, max_size=20)


def arrays(vocabulary: Vocabulary, vector: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    return vocabulary.encode(list(vector)), np.array(list(vector.values()), WEIGHT)


def as_dict(vocabulary: Vocabulary, ids: np.ndarray, values: np.ndarray) -> list[tuple[str, float]]:
    return list(zip(vocabulary.decode(ids), values.tolist(), strict=True))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(vectors, vectors, st.integers(min_value=1, max_value=25))
def test_merged_is_the_sum_in_arrival_order_cut_to_the_strongest(story: dict[str, float],
                                                                 article: dict[str, float], keep: int) -> None:
    summed = dict(story)
    for term, weight in article.items():
        summed[term] = float(WEIGHT(summed.get(term, 0.0)) + WEIGHT(weight))
    if len(summed) > keep:
        summed = dict(sorted(summed.items(), key=lambda kv: -kv[1])[:keep])
    vocabulary, dense = Vocabulary(), Dense()
    a, b = arrays(vocabulary, story), arrays(vocabulary, article)
    values = dense.fit(len(vocabulary.terms))
    assert as_dict(vocabulary, *merged(a, b, values, keep)) == list(summed.items())
    assert not values.any()  # left zero for the next use


@settings(max_examples=200, deadline=None, derandomize=True)
@given(vectors, st.lists(vectors, max_size=5))
def test_dots_are_the_sums_of_products(article: dict[str, float], stories: list[dict[str, float]]) -> None:
    vocabulary = Vocabulary()
    encoded = [arrays(vocabulary, s) for s in stories]
    values = Dense().fit(len(vocabulary.terms) + len(article))
    got = dots(arrays(vocabulary, article), encoded, values)
    expected = [sum(w * s.get(t, 0.0) for t, w in article.items()) for s in stories]
    assert np.allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert not values.any()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(TERMS), st.integers(min_value=1, max_value=9), min_size=1, max_size=20),
       st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=25))
def test_article_vector_is_tfidf_strongest_first(counts: dict[str, int], extra: int, keep: int) -> None:
    terms = Counter(counts)
    frequency = Counter({t: 1 + int(t[1:]) % extra for t in TERMS})
    documents = extra + 1
    weights = {t: (1 + math.log(c)) * math.log((documents + 1) / (frequency[t] + 0.5)) for t, c in terms.items()}
    top = sorted(weights.items(), key=lambda kv: -kv[1])[:keep]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    expected = [(t, w / norm) for t, w in top if w > 0]
    got_terms, got_weights = article_vector(terms, frequency, documents, keep)
    assert got_terms == [t for t, _ in expected]
    assert got_weights.dtype == WEIGHT
    assert np.allclose(got_weights, [w for _, w in expected], rtol=1e-6, atol=0)


def test_the_dense_array_grows_to_the_vocabulary() -> None:
    dense = Dense()
    small = dense.fit(10)
    assert dense.fit(len(small) + 1) is not small and len(dense.values) >= 2 * len(small)
    assert dense.fit(5) is dense.values
