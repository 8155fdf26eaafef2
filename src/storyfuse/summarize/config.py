"""Settings of the summariser; every default is justified where it is set."""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.errors import ConfigError


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    """Settings of :func:`summarize`.

    Weights and thresholds come from ``benchmarks/tune_summary.py``: grid search on 293
    Multi-News clusters (300-word budget, ROUGE-1 + ROUGE-2 F1), 5-fold cross-validation by
    cluster; the comments give what the folds chose.
    """

    # Word budget of the whole summary (whitespace-separated words).
    words: int = 250
    # Sentences shorter or longer than this are never used: fragments and run-on paragraphs
    # (the bounds; not tuned).
    min_words: int = 6
    max_words: int = 60
    # Lead bias: position prior (1 + rank) ** -position_power, rank 0 = a document's first
    # candidate sentence.
    position_weight: float = 3.0
    position_power: float = 0.15
    # Cosine to the story centroid.
    centrality_weight: float = 1.0
    # log(independent sources) / log(independent groups in the story): 1 for a fact every
    # independent outlet reports, 0 for a single-source one.
    corroboration_weight: float = 4.0
    # min(1, words / length_target): short sentences say less.
    length_weight: float = 0.0
    length_target: int = 10
    # Added to sentences that quote someone: a quotation is what an outlet alone can add.
    quote_weight: float = 0.8
    # Subtracted from sentences that lean on context (opening pronoun or connective,
    # a quote attributed only to "he"/"she").
    context_penalty: float = 0.5
    # MMR: similarity to the closest chosen sentence, times this, is subtracted ...
    redundancy_weight: float = 0.5
    # ... and a sentence at least this similar to a chosen one is never taken.
    redundancy_threshold: float = 0.3

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ConfigError(f"summary words must be at least 1, not {self.words}")
        if not 1 <= self.min_words <= self.max_words:
            raise ConfigError("summary min_words must be at least 1 and at most max_words")
        if self.length_target < 1:
            raise ConfigError(f"summary length_target must be at least 1, not {self.length_target}")
        if not 0 < self.redundancy_threshold <= 1:
            raise ConfigError("summary redundancy_threshold must be in (0, 1]")
        if min(self.position_power, self.redundancy_weight) < 0:
            raise ConfigError("summary position_power and redundancy_weight cannot be negative")
