"""What identifies an event in an article: its content words and the names it mentions.

An article becomes a bag of terms: content words (the language's fact stop words left out,
stemmed so that inflections meet) and, for each capitalised word inside a sentence, a name term
(``"@" + the word``), which counts the people, places and organisations the story is about.
The headline's terms count twice. No spaCy: grouping must keep up with a stream (a thousand
articles a second on one core), and capitalisation finds the names that matter here.
"""

from __future__ import annotations

import re
from collections import Counter

from storyfuse.lang import Language

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A sentence start: a capital after one of these is a sentence's first word, not a name.
_SENTENCE_END = frozenset(".!?:;\"“”'‘’")
# Stems shorter than this collide too often ("ship", "shipment" → "ship" is fine; "us"/"use" not).
MIN_WORD = 3
STEM = 6
NAME = "@"


def article_terms(text: str, title: str | None, lang: Language) -> Counter[str]:
    """The term counts of one article (see the module docstring)."""
    terms = _terms(text, lang)
    if title:
        for term, n in _terms(title, lang).items():
            terms[term] += 2 * n
    return terms


def _terms(text: str, lang: Language) -> Counter[str]:
    counts: Counter[str] = Counter()
    stems: dict[str, str] = {}  # this text's words, each stemmed once (stemming was half the time)
    stop = lang.fact_stop_words
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        if len(word) >= MIN_WORD and lower not in stop:
            stem = stems.get(lower)
            if stem is None:
                stem = stems[lower] = lang.stem(lower, STEM)
            counts[stem] += 1
            if word[0].isupper() and not _starts_sentence(text, match.start()):
                counts[NAME + lower] += 1
    return counts


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence or a line (its capital says nothing)."""
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in _SENTENCE_END or "\n" in text[max(0, start - 2):start]
