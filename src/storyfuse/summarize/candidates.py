"""Which sentences may enter a summary, and how they read on their own.

Cleaning already removed most page furniture, but a summary sentence is read out of context,
so the bar is higher than "not furniture": a sentence must end like a sentence, not ask the
reader a question, not be a byline, caption, crawl notice or sign-up prompt, and be neither a
fragment nor a run-on paragraph. What passes may still lean on its context ("But he said…");
that is a soft penalty (:func:`leans_on_context`), not a filter, because such sentences often
carry the facts. The words are the language profile's
(:class:`storyfuse.lang.profile.SummaryRules`, the dateline :class:`~storyfuse.lang.profile.DateRules`).
"""

from __future__ import annotations

import re

from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import SummaryRules
from storyfuse.text import SPACED

# Closing marks that may follow the final punctuation of a sentence.
_CLOSERS = "\"'”’)]»"
_ENDINGS = ".!"
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")
_FIRST_WORD = re.compile(r"[(]?([A-Za-z]+)")
_OPENING_QUOTES = ("\"", "“", "‘", "'")
# Double quotation marks, straight or curly (single ones are mostly apostrophes).
_QUOTATION = re.compile(r'["“”]')


def strip_dateline(text: str, *, lang: Language | None = None) -> str:
    """The sentence without a leading wire dateline ("MOSCOW - …", "(CNN) — …" → "…"): where and
    who filed it, which a cited brief already shows (the sentence's ``origin`` keeps it)."""
    stripped = (lang or get_language()).dates.summary_dateline.sub("", text, count=1)
    return stripped if len(stripped) < len(text) and stripped[:1].isupper() else text


def word_count(text: str) -> int:
    """Words as the budget counts them: whitespace-separated tokens."""
    return len(SPACED.findall(text))


def is_summary_worthy(text: str, min_words: int, max_words: int, *, lang: Language | None = None) -> bool:
    """Can this (dateline-stripped) sentence stand in a summary at all?"""
    words = word_count(text)
    if not min_words <= words <= max_words or not _ends_like_a_sentence(text):
        return False
    rules = (lang or get_language()).summary
    lower = text.lower()
    if text.isupper() or _is_credit(text, lower, rules) or _is_caption(text, lower, rules):
        return False
    if any(w in lower for w in rules.web):
        return False
    return not rules.reader.search(_QUOTED.sub(" ", text))


def _is_credit(text: str, lower: str, rules: SummaryRules) -> bool:
    if rules.byline.match(text) or any(c in lower for c in rules.credits):
        return True
    return lower.startswith(rules.contact_start) and any(c in lower for c in rules.contact_clue)


def _is_caption(text: str, lower: str, rules: SummaryRules) -> bool:
    if lower.startswith(rules.caption_start) or any(c in lower for c in rules.captions):
        return True
    return bool(rules.caption_date.search(text))


def _ends_like_a_sentence(text: str) -> bool:
    """Ends with a full stop or exclamation mark, possibly inside closing quotes; a question
    (usually one put to the reader) or an unpunctuated line (a heading, a label) does not."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _ENDINGS


def leans_on_context(text: str, *, lang: Language | None = None) -> bool:
    """Does the sentence read as a continuation: an opening pronoun or connective, a quote
    attributed only to "he"/"she", or a quotation with no attribution at all?"""
    rules = (lang or get_language()).summary
    if rules.pronoun_speaker.search(text):
        return True
    if text.startswith(_OPENING_QUOTES):
        # Someone's words: they lean on context only when the speaker is not named at all
        # (a bare quotation, its attribution in another sentence).
        return len(_QUOTED.sub(" ", text).split()) < 2
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in rules.leaning_start


def has_quotation(text: str) -> bool:
    """Does the sentence quote someone (double quotation marks)?"""
    return bool(_QUOTATION.search(text))
