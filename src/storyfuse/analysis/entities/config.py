"""The entity stage's settings."""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.errors import ConfigError


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """How entities are found.

    ``labels``: the named participants of a story: people, organisations, countries and
    cities, other places, nationality/religious/political groups (NORP: "Republicans",
    "Taliban" are actors), buildings and sites (FAC: "the Kremlin", a port), named events
    (EVENT: a storm, a war). Numbers and dates are left to the discrepancy stage, and
    PRODUCT, WORK_OF_ART, LAW and LANGUAGE are mostly noise from the small model on news.

    ``word_budget``: most words the model reads per call. 2,000 words take ~0.23 s on one
    core of the 2-core development machine; with sampling, grouping and counting, the
    largest Multi-News clusters (8,000-13,000 words) take 0.25-0.26 s, under the 0.35 s
    target. On 30 clusters of 4+ documents this finds the entities behind 94% of the mentions
    that reading every sentence finds (the misses are names met only late in long clusters).

    ``sightings``: a sentence is read only if it has a name-like word the model has read
    fewer times than this; two readings give the label vote a second opinion.
    """

    labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
    word_budget: int = 2000
    sightings: int = 2
    batch_size: int = 64

    def __post_init__(self) -> None:
        if self.word_budget < 0:
            raise ConfigError(f"word_budget must be >= 0, got {self.word_budget}")
        if self.sightings < 1 or self.batch_size < 1:
            raise ConfigError("sightings and batch_size must be >= 1")
        if not self.labels:
            raise ConfigError("labels must name at least one entity label")
