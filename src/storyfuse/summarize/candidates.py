"""Which sentences may enter a summary, and how they read on their own.

Cleaning already removed most page furniture, but a summary sentence is read out of context,
so the bar is higher than "not furniture": a sentence must end like a sentence, not ask the
reader a question, not be a byline, caption, crawl notice or sign-up prompt, and be neither a
fragment nor a run-on paragraph. What passes may still lean on its context ("But he said…");
that is a soft penalty (:func:`leans_on_context`), not a filter, because such sentences often
carry the facts.
"""

from __future__ import annotations

import re

# A wire dateline at the start of a sentence: "MOSCOW - ", "CALDERHAVEN, March 3 (Northwire) - ",
# "WASHINGTON (AP) — ", "(CNN) — ". It says where and who filed, which a cited brief already
# shows; the summary text drops it (the sentence's ``origin`` keeps the full wording).
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*(?:[A-Z][A-Za-z.]+\s*)+)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)\n]{1,40}\))?"
    r"|\([A-Za-z .&]{2,30}\))"
    r"\s*(?:--?|–|—|:)\s+(?=\S)"
)
# Closing marks that may follow the final punctuation of a sentence.
_CLOSERS = "\"'”’)]»"
_ENDINGS = ".!"
_WORD = re.compile(r"\S+")
# Bylines and credits: "By JANE DOE Associated Press", "... contributed to this report".
_BYLINE = re.compile(r"^By (?:[A-Z][\w.'’-]*,?\s*|(?:and|of|the|for|in|at)\s+){1,8}$")
_CREDITS = ("contributed to this report", "contributed to this story", "contributed reporting",
            "associated press writer", "staff writer")
# Contact lines: "Follow her on Twitter @…", "Email him at …".
_CONTACT_START = ("follow ", "contact ", "email ", "e-mail ", "reach ")
_CONTACT_CLUE = ("@", "twitter", "facebook", ".com")
# Photo captions and credits: "(left)", "(AP Photo/…)", "Getty Images", "Photo: …".
_CAPTIONS = ("(left)", "(right)", "(center)", "(centre)", "(pictured)", "(top)", "(bottom)", "(above)",
             "(below)", "(file)", "(inset)", "ap photo", "afp photo", "reuters photo",
             "epa photo", "getty images")
_CAPTION_START = ("photo:", "photos:", "image:", "picture:", "credit:", "caption:")
# What web pages and archives say about themselves: sign-ups, links, crawl notices. Single
# words are avoided where news uses them too ("slowed to a crawl", "a copyright lawsuit").
_WEB = ("http://", "https://", "www.", "pic.twitter.com", "click here", "sign up", "signed up",
        "log in", "download the app", "share this", "wayback machine", "internet archive", "this crawl",
        "crawl data", "crawls", "warc", "all rights reserved", "terms of use", "terms of service",
        "privacy policy")
# Second person addresses the reader ("You can add location information to your Tweets");
# news text uses it almost only inside quotations, which are blanked out before the check.
_READER = re.compile(r"\byou(?:r|rs|'re|’re|'ll|’ll|'ve|’ve)?\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")
# First words that make a sentence depend on the one before it.
_LEANING_START = frozenset((
    "he", "she", "it", "they", "his", "her", "its", "their", "them", "him", "this", "that",
    "these", "those", "but", "however", "and", "also", "still", "yet", "so", "instead",
    "meanwhile", "moreover", "furthermore", "additionally", "then", "thus", "therefore",
    "nevertheless", "besides", "likewise", "similarly", "otherwise",
))
# A quotation attributed only to a pronoun ("…, he said."): the speaker is in another sentence.
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|added|told|explained|continued|noted|wrote)\b"
    r"|\b(?:said|says|added|told)\s+(?:he|she|they)\b",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[(]?([A-Za-z]+)")
_OPENING_QUOTES = ("\"", "“", "‘", "'")
# Double quotation marks, straight or curly (single ones are mostly apostrophes).
_QUOTATION = re.compile(r'["“”]')


def strip_dateline(text: str) -> str:
    """The sentence without a leading wire dateline ("MOSCOW - …" → "…")."""
    stripped = _DATELINE.sub("", text, count=1)
    return stripped if len(stripped) < len(text) and stripped[:1].isupper() else text


def word_count(text: str) -> int:
    """Words as the budget counts them: whitespace-separated tokens."""
    return len(_WORD.findall(text))


def is_summary_worthy(text: str, min_words: int, max_words: int) -> bool:
    """Can this (dateline-stripped) sentence stand in a summary at all?"""
    words = word_count(text)
    if not min_words <= words <= max_words or not _ends_like_a_sentence(text):
        return False
    lower = text.lower()
    if text.isupper() or _is_credit(text, lower) or _is_caption(lower) or any(w in lower for w in _WEB):
        return False
    return not _READER.search(_QUOTED.sub(" ", text))


def _is_credit(text: str, lower: str) -> bool:
    if _BYLINE.match(text) or any(c in lower for c in _CREDITS):
        return True
    return lower.startswith(_CONTACT_START) and any(c in lower for c in _CONTACT_CLUE)


def _is_caption(lower: str) -> bool:
    return lower.startswith(_CAPTION_START) or any(c in lower for c in _CAPTIONS)


def _ends_like_a_sentence(text: str) -> bool:
    """Ends with a full stop or exclamation mark, possibly inside closing quotes; a question
    (usually one put to the reader) or an unpunctuated line (a heading, a label) does not."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _ENDINGS


def leans_on_context(text: str) -> bool:
    """Does the sentence read as a continuation: an opening pronoun or connective, a quote
    attributed only to "he"/"she", or a quotation with no attribution at all?"""
    if _PRONOUN_SPEAKER.search(text):
        return True
    if text.startswith(_OPENING_QUOTES):
        # Someone's words: they lean on context only when the speaker is not named at all
        # (a bare quotation, its attribution in another sentence).
        return len(_QUOTED.sub(" ", text).split()) < 2
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in _LEANING_START


def has_quotation(text: str) -> bool:
    """Does the sentence quote someone (double quotation marks)?"""
    return bool(_QUOTATION.search(text))
