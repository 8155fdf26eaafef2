"""Claim verification: does a document state what a claim sentence says, and where?

A :class:`Verifier` scores (claim, candidate sentence) pairs of one story with a logistic model
over the pair signals of :mod:`.features`: lexical ones always, plus the cosine of sentence
embeddings when an encoder is given (the ``embeddings`` extra). The weights ship in
``weights.json`` and are rebuilt by ``benchmarks/train_verifier.py`` from SPARK's human
alignments (Multi-News test topics), cross-validated by topic; that script's figures are in the
README.

Two tasks, each with its own weights and threshold:

* ``cite``: does candidate *b* state everything claim *a* says? A document is cited for a
  claim only when one of its sentences reaches the threshold; that sentence is the evidence.
* ``align``: do *a* and *b* report the same thing? Fact alignment clusters on it.

With embeddings, only pairs that a cheap lexical pass keeps (lexical score at least
``prefilter``) are encoded and scored; every other pair scores 0: a sentence that shares
nothing with the claim does not state it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar, Literal, Protocol

import numpy as np

from storyfuse.analysis.verify.features import EMBEDDING, LEXICAL, Signals, lexical, signals
from storyfuse.errors import ConfigError
from storyfuse.lang import Language, get_language

Task = Literal["cite", "align"]
# Sentences per claim that the embedding model scores: all-MiniLM-L6-v2 encodes about 75-175
# news sentences a second on one core, so a 10-document story's 15 summary sentences with 6
# candidates each stay under a second; the lexical score ranks them.
CANDIDATES = 6
# Claims scored together (see Verifier.cite_scores).
BLOCK = 512


@dataclass(frozen=True, slots=True)
class VerifyConfig:
    """``embeddings``: score with sentence embeddings too (needs the ``embeddings`` extra);
    off by default, so that a brief does not depend on whether torch happens to be installed."""

    embeddings: bool = False
WEIGHTS_VERSION = 1


class Encoder(Protocol):
    """Sentence embeddings, L2-normalised rows (``storyfuse.analysis.verify.embeddings``)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Gates:
    """What a citation needs besides its score (a pair that fails one scores 0): every number
    of the claim in the candidate (``numbers``), the same polarity (``negation``), at least a
    share ``quote`` of the claim's quoted words and ``names`` of its names. Chosen on the
    citation gold by ``benchmarks/tune_citations.py``."""

    numbers: bool = True
    negation: bool = True
    quote: float = 1.0
    names: float = 0.0

    SIGNALS: ClassVar[tuple[str, ...]] = ("numbers_missing", "negation", "quote_cover", "names_cover")

    @classmethod
    def none(cls) -> Gates:
        return cls(False, False, 0.0, 0.0)

    def passes(self, values: dict[str, np.ndarray]) -> np.ndarray:
        ok = (values["quote_cover"] >= self.quote - 1e-9) & (values["names_cover"] >= self.names - 1e-9)
        if self.numbers:
            ok &= values["numbers_missing"] <= 0
        if self.negation:
            ok &= values["negation"] <= 0
        return ok

    def describe(self) -> str:
        return (f"numbers {'must agree' if self.numbers else 'free'}, negation {'must agree' if self.negation else 'free'}"
                f", quoted words ≥ {self.quote:g}, names ≥ {self.names:g}")

    def to_dict(self) -> dict[str, Any]:
        return {"numbers": self.numbers, "negation": self.negation, "quote": self.quote, "names": self.names}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gates:
        return cls(bool(data["numbers"]), bool(data["negation"]), float(data["quote"]), float(data["names"]))


@dataclass(frozen=True, slots=True)
class Weights:
    """One logistic model: ``features`` in order, their coefficients, and the decision threshold
    on the probability (for ``align``: the least mean probability for two clusters to merge).
    ``prefilter``: for an embedding model, the least lexical score of a pair it scores."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    prefilter: float = 0.0
    gates: Gates | None = None
    # cite only: a claim that nothing of another independent group comes this near
    # (Verifier.cite_scores) is single-source; between this and a citation it is unconfirmed.
    single_threshold: float = 0.0

    def logit(self, values: dict[str, np.ndarray]) -> np.ndarray:
        total = np.full(next(iter(values.values())).shape, self.intercept, dtype=np.float32)
        for name, weight in zip(self.features, self.coef, strict=True):
            total += np.float32(weight) * values[name]
        return total

    def to_dict(self) -> dict[str, Any]:
        data = {"features": list(self.features), "coef": [round(c, 6) for c in self.coef],
                "intercept": round(self.intercept, 6), "threshold": self.threshold,
                "prefilter": round(self.prefilter, 6)}
        if self.single_threshold:
            data["single_threshold"] = self.single_threshold
        return data | ({"gates": self.gates.to_dict()} if self.gates else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Weights:
        return cls(tuple(data["features"]), tuple(float(c) for c in data["coef"]), float(data["intercept"]),
                   float(data["threshold"]), float(data.get("prefilter", 0.0)),
                   Gates.from_dict(data["gates"]) if "gates" in data else None,
                   float(data.get("single_threshold", 0.0)))


@dataclass(frozen=True, slots=True)
class WeightSet:
    """The models of one signal set (``lexical`` or ``embeddings``), one per task."""

    cite: Weights
    align: Weights

    def task(self, task: Task) -> Weights:
        return self.cite if task == "cite" else self.align


def shipped_weights() -> dict[str, WeightSet]:
    """The weights in the package (``weights.json``), by signal set."""
    raw = json.loads(resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8"))
    if raw.get("version") != WEIGHTS_VERSION:
        raise ConfigError(f"verifier weights version {raw.get('version')!r}, expected {WEIGHTS_VERSION}")
    return {name: WeightSet(Weights.from_dict(v["cite"]), Weights.from_dict(v["align"]))
            for name, v in raw["sets"].items()}


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Per row, the k highest entries (ties at the k-th all kept)."""
    if scores.shape[1] <= k:
        return np.ones_like(scores, dtype=bool)
    kth = np.partition(scores, -k, axis=1)[:, -k][:, None]
    return np.asarray(scores >= kth)


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


@dataclass(frozen=True, slots=True)
class Verifier:
    """Pair scores for one story. ``lexical`` is always used; ``embedded`` and ``encoder``
    together switch to the embedding model for the pairs the lexical pass keeps."""

    lexical: WeightSet
    embedded: WeightSet | None = None
    encoder: Encoder | None = None
    # Overrides of the shipped citation rule (benchmarks/tune_citations.py tries others).
    gates: Gates | None = None
    cite_threshold: float | None = None

    @property
    def uses_embeddings(self) -> bool:
        return self.embedded is not None and self.encoder is not None

    def weights(self, task: Task) -> Weights:
        chosen = (self.embedded if self.uses_embeddings and self.embedded else self.lexical).task(task)
        if task == "cite" and (self.cite_threshold is not None or self.gates is not None):
            chosen = dataclasses.replace(chosen, threshold=_or(self.cite_threshold, chosen.threshold),
                                         gates=_or(self.gates, chosen.gates))
        return chosen

    def scores(self, texts: Sequence[str], rows: Sequence[int] | None = None, task: Task = "cite", *,
               lang: Language | None = None, prepared: Signals | None = None) -> np.ndarray:
        """Probability that sentence j states claim ``rows[i]`` (all sentences when None), as a
        len(rows) × len(texts) matrix; for ``cite``, 0 where a gate fails. A claim against
        itself scores 1."""
        return self.cite_scores(texts, rows, lang=lang, prepared=prepared, task=task)[0]

    def cite_scores(self, texts: Sequence[str], rows: Sequence[int] | None = None, *,
                    lang: Language | None = None, prepared: Signals | None = None,
                    task: Task = "cite") -> tuple[np.ndarray, np.ndarray]:
        """:meth:`scores`, and how near each candidate comes to the claim: the largest of the
        ungated score, the share of the claim's content words it has (``claim_cover``) and, with
        embeddings, their cosine. Single-source flags read nearness: a claim is single-source
        only when nothing elsewhere comes near it, and a paraphrase the score misses ("Nobody
        was hurt" ↔ "No one was injured") still comes near."""
        picked = np.arange(len(texts)) if rows is None else np.asarray(rows, dtype=np.intp)
        if not len(texts) or not len(picked):
            empty = np.zeros((len(picked), len(texts)))
            return empty, empty
        bags = prepared if prepared is not None else signals(texts, lang or get_language())
        if len(picked) > BLOCK:
            # A block of claims at a time: each signal is a claims × sentences matrix, and a
            # 5,000-sentence story would otherwise hold fifteen 25-million-entry ones at once.
            parts = [self.cite_scores(texts, picked[i:i + BLOCK].tolist(), prepared=bags, task=task)
                     for i in range(0, len(picked), BLOCK)]
            return np.vstack([g for g, _ in parts]), np.vstack([n for _, n in parts])
        values = lexical(bags, picked)
        raw = _sigmoid(self.lexical.task(task).logit(values))
        near = np.maximum(raw, values["claim_cover"])
        if self.uses_embeddings and self.embedded is not None:
            raw, cosine = self._embedded(texts, picked, values, raw, self.embedded.task(task))
            near = np.maximum(near, np.maximum(raw, cosine))
        inside = np.flatnonzero(picked < len(texts))
        gates = self.weights(task).gates
        gated = np.where(gates.passes(values), raw, 0.0) if task == "cite" and gates is not None else raw
        gated[inside, picked[inside]] = 1.0
        near[inside, picked[inside]] = 1.0
        return gated, near

    def _embedded(self, texts: Sequence[str], rows: np.ndarray, values: dict[str, np.ndarray],
                  lexical_scores: np.ndarray, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
        """Scores of the embedding model for the pairs the lexical pass keeps, 0 elsewhere, and
        the cosines (0 where not kept); only the sentences of kept pairs are encoded. The pass
        keeps, per claim, the ``CANDIDATES`` best-scoring sentences that reach the prefilter."""
        keep = (lexical_scores >= weights.prefilter) & _top(lexical_scores, CANDIDATES)
        used = np.asarray(keep.any(axis=0), dtype=bool)
        used[rows[keep.any(axis=1)]] = True
        needed = [int(i) for i in np.flatnonzero(used)]
        cosine = np.zeros_like(lexical_scores)
        if needed and self.encoder is not None:
            encoded = self.encoder.encode([texts[i] for i in needed])
            vectors = np.zeros((len(texts), encoded.shape[1]), dtype=np.float32)
            vectors[needed] = encoded
            cosine = vectors[rows] @ vectors.T
        scored = _sigmoid(weights.logit({**values, "embedding": cosine}))
        return np.where(keep, scored, 0.0), np.where(keep, cosine, 0.0)


def lexical_only(weights: dict[str, WeightSet] | None = None) -> Verifier:
    return Verifier((weights or shipped_weights())["lexical"])


def symmetric(scores: np.ndarray) -> np.ndarray:
    """The mean of both directions of a square score matrix: for alignment, where neither
    sentence is the claim."""
    return (scores + scores.T) / 2


__all__ = ["EMBEDDING", "Gates", "VerifyConfig", "LEXICAL", "Encoder", "Task", "Verifier", "WeightSet", "Weights", "lexical_only",
           "shipped_weights", "symmetric"]
