"""What is expensive to load, loaded on first use and kept for the runner's lifetime.

Stages receive a :class:`Resources` rather than loading models themselves, so a runner (a CLI
run, the web app, an executor's worker) loads each model once, and two runners never share one.
"""

from __future__ import annotations

import threading
from typing import Any

from storyfuse.analysis.entities import load_pipeline
from storyfuse.analysis.verify import Verifier, WeightSet, shipped_weights
from storyfuse.summarize.scorer import SalienceModel, shipped_model


class Resources:
    """Loaded models, by what identifies them (the spaCy pipeline by its model names).
    ``salience``: the summary's salience model, instead of the package's (cross-validation
    gives each fold's runner the model trained without that fold)."""

    def __init__(self, salience: SalienceModel | None = None) -> None:
        self._given = salience
        self._salience = salience
        self._nlp: dict[tuple[str, ...], Any] = {}
        self._weights: dict[str, WeightSet] | None = None
        self._encoder: Any = None
        # Web jobs run on threads sharing one runner: load each model once, not once per job.
        self._lock = threading.Lock()

    def nlp(self, models: tuple[str, ...]) -> Any:
        """The first of ``models`` that is installed, with only its entity recogniser."""
        with self._lock:
            if models not in self._nlp:
                self._nlp[models] = load_pipeline(models)
            return self._nlp[models]

    @property
    def given_salience(self) -> SalienceModel | None:
        """The salience model given instead of the package's (None: the package's)."""
        return self._given

    def use_salience(self, model: SalienceModel | None) -> None:
        """Use ``model`` from now on (None: the package's); a worker process takes its runner's."""
        with self._lock:
            if model is not self._given:
                self._given, self._salience = model, model

    def salience(self) -> SalienceModel:
        """The summary's salience model (the package's, loaded on first use)."""
        with self._lock:
            if self._salience is None:
                self._salience = shipped_model()
            return self._salience

    def verifier(self, embeddings: bool) -> Verifier:
        """The claim verifier with the shipped weights; with ``embeddings``, the sentence
        encoder too (loaded once; it keeps the vectors of sentences it has seen)."""
        with self._lock:
            if self._weights is None:
                self._weights = shipped_weights()
            if embeddings and self._encoder is None:
                from storyfuse.analysis.verify.embeddings import SentenceEncoder

                self._encoder = SentenceEncoder()
            weights = self._weights
        if not embeddings:
            return Verifier(weights["lexical"])
        return Verifier(weights["lexical"], weights["embeddings"], self._encoder)
