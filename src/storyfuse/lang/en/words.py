"""English function and reporting words."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# scikit-learn's English list (318 words).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
# Words every news report is full of: they say nothing about which fact a sentence reports.
REPORTING = frozenset((
    "said", "says", "say", "saying", "told", "tells", "tell", "according", "added", "adds",
    "reported", "reports", "mr", "ms", "mrs", "dr", "would", "could", "also", "just", "like",
    "including", "percent", "per", "cent",
))
# scikit-learn's list also holds content words that news facts turn on ("fire", "bill").
CONTENT = frozenset((
    "fire", "bill", "computer", "system", "interest", "mill", "detail", "amount", "bottom", "top",
    "front", "back", "side", "call", "thick", "thin", "cry", "describe", "found", "fill", "move",
    "show", "full",
))
FACT_STOP_WORDS = (STOP_WORDS - CONTENT) | REPORTING
