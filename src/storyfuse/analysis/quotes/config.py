"""The quote stage's settings and the record of one quote found in one document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    """Thresholds for finding and grouping quotes."""

    # Marked spans with fewer words are scare quotes, names or titles ("readiness for
    # dialogue", "concrete proposals", "biased" in the seeds); the shortest real partial
    # quote in the seeds and the example has 4 words ("to keep everybody in").
    min_words: int = 4
    # At most this many words may follow "X said" for the clause before it to be reported
    # speech: "…, the former Danish prime minister said after meeting President Dmitry
    # Medvedev in the Kremlin." (Reuters, seeds) has 8; longer tails are content of their own.
    max_tail_words: int = 12
    # Two wordings are one quote when this share of the shorter one's words occurs in the
    # longer one. Measured: the example's reworded Marrow quote ("won't … after dark …
    # we're sure") shares 0.79, the seeds' "strengthen Russia's" / "step up its" pair 0.91,
    # partial quotes 1.0; distinct quotes in the seeds share at most 0.5 (two Rasmussen
    # quotes on the security treaty), in the example none reach the content-word floor below.
    min_containment: float = 0.7
    # …and at least this many shared words outside function words, so that short wordings
    # made of "we", "is", "the" alone never match.
    min_shared_content: int = 3
    # A leading sentence of a reported candidate is kept only when this share of its words
    # is in the quote it matched (drops narrative swept in from the start of the paragraph).
    min_trim_overlap: float = 0.5
    # The canonical wording is picked among those at least this share of the longest one's
    # length (the seeds' "strengthen Russia's" wording has 11 words to "step up its"'s 13)…
    complete_share: float = 0.8
    # …preferring the one most outlets give word for word (this share of the shorter in the
    # longer: 1.0 for copies and partial quotes, 0.91 for the seeds' closest rewording).
    same_wording: float = 0.95


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """One quote in one document: where it starts, its wording there and its speaker."""

    document: str
    sentence: int
    text: str
    speaker: str | None
    reported: bool
