"""What a language profile holds: the words and rules each stage reads, grouped by stage.

Only the shape is here; the words are in one module per language (:mod:`storyfuse.lang.en`).
Patterns that are built from the words are compiled once, when the profile is built.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- analysis areas (quotes, names, align, figures): classes go here ---


# --- text areas (clean, dates, summary): classes go here ---


@dataclass(frozen=True, slots=True)
class Language:
    """One language's profile.

    ``segmenter``: the pysbd language code; ``spacy_models``: spaCy pipelines to try in order;
    ``stop_words``: function words that carry no content (syndication shingles, figures);
    ``fact_stop_words``: the words that say nothing about *which* fact a sentence reports
    (function words and reporting words: "said", "according"), for fact alignment and the
    summariser's sentence vectors.
    """

    code: str
    name: str
    segmenter: str
    spacy_models: tuple[str, ...]
    stop_words: frozenset[str]
    fact_stop_words: frozenset[str]
    # --- analysis area fields ---
    # --- text area fields ---
