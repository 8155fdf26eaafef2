"""What is expensive to load, loaded on first use and kept for the runner's lifetime.

Stages receive a :class:`Resources` rather than loading models themselves, so a runner (a CLI
run, the web app, an executor's worker) loads each model once, and two runners never share one.
"""

from __future__ import annotations

import threading
from typing import Any

from storyfuse.analysis.entities import load_pipeline


class Resources:
    """Loaded models, by what identifies them (the spaCy pipeline by its model names)."""

    def __init__(self) -> None:
        self._nlp: dict[tuple[str, ...], Any] = {}
        # Web jobs run on threads sharing one runner: load each model once, not once per job.
        self._lock = threading.Lock()

    def nlp(self, models: tuple[str, ...]) -> Any:
        """The first of ``models`` that is installed, with only its entity recogniser."""
        with self._lock:
            if models not in self._nlp:
                self._nlp[models] = load_pipeline(models)
            return self._nlp[models]
