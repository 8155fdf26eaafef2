"""What identifies an event in an article: its content words and the names it mentions.

An article becomes a bag of terms: content words (the language's fact stop words left out,
stemmed so that inflections meet) and, for each capitalised word inside a sentence, a name term
(``"@" + the word``), which counts the people, places and organisations the story is about.
The headline's terms count twice. No spaCy: grouping must keep up with a stream (a thousand
articles a second on one core), and capitalisation finds the names that matter here.

How it is fast: the regular expressions run in C, and Python sees each *distinct* word of an
article once (a third of its words), not each word. A capitalised word names something except
where it opens a sentence, and the openers are found by a second expression, so a name's count
is the word's count less its openings. What each distinct word means (its stem, whether it has
a capital) is remembered across articles by one :class:`TermCounter` (bounded).
:func:`reference_terms` is the plain word-by-word definition the tests hold the fast one to.
"""

from __future__ import annotations

import re
from collections import Counter

from storyfuse.lang import Language

# A word: letters, and letters joined by apostrophes ("O'Brien", "rock'n'roll"; before the fast
# counter, one apostrophe at most: "rock'n" and "roll"). So a letter never comes right after a
# word, nor an apostrophe followed by a letter.
_WORD_PATTERN = r"[^\W\d_]+(?:['’][^\W\d_]+)*"
_WORD = re.compile(_WORD_PATTERN)
# A sentence start: a capital after one of these is a sentence's first word, not a name.
_SENTENCE_END = frozenset(".!?:;\"“”'‘’")
# The words that open a sentence or a line by :func:`_starts_sentence`: the three characters
# before the word, less trailing spaces, end in a sentence end (an apostrophe only where no
# letter comes before it: that one is inside a word), or hold only spaces, or there is a line
# break in the last two. The first expression leaves out windows of spaces without a line break,
# which need three spaces in a row or a space other than " " (tabs, no-break spaces:
# ``_WIDE_SPACE``); a text with those takes the second, whose alternatives make it slower.
_TOKEN = f"({_WORD_PATTERN})"
_OPENER = re.compile(r"[.!?:;\"“”‘'’\n](?:(?<![^\W\d_]['’])|(?=\s))"
                     r"(?:\s{0,2}|(?<=\n)[\W\d_])" + _TOKEN)
_OPENER_ANY_SPACING = re.compile(
    r"(?:[.!?:;\"“”‘]\s{0,2}|['’](?<![^\W\d_]['’])|['’]\s{1,2}|\n[\W\d_]?|\s{3})" + _TOKEN)
# Every character ``str.isspace`` (and ``\s``) takes but " " and "\n" (a test lists them anew).
WIDE_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WIDE_SPACE = re.compile(f"[{WIDE_SPACES}]")
# A sentence end before the text makes its first word an opener exactly when the rule, which
# reads fewer than three characters there, says it is one.
_PAD = "."
# Stems shorter than this collide too often ("ship", "shipment" → "ship" is fine; "us"/"use" not).
MIN_WORD = 3
STEM = 6
NAME = "@"
_UNSEEN = ("", None)  # a word the memo does not hold yet
# Distinct words remembered by one counter before it starts afresh (some 20 MB).
MEMO_LIMIT = 200_000


class TermCounter:
    """The term counts of articles in one language; remembers what each word stems to."""

    def __init__(self, lang: Language, memo_limit: int = MEMO_LIMIT) -> None:
        self.lang = lang
        self.memo_limit = memo_limit
        self._words: dict[str, tuple[str, str | None] | None] = {}  # word → (stem, name term) or None

    def __call__(self, text: str, title: str | None = None) -> Counter[str]:
        terms = self._terms(text)
        if title:
            for term, n in self._terms(title).items():
                terms[term] += 2 * n
        return terms

    def _terms(self, text: str) -> Counter[str]:
        if len(self._words) > self.memo_limit:
            self._words.clear()
        counts: Counter[str] = Counter()
        remembered, openers = self._words.get, _openers(text)
        for word, n in Counter(_WORD.findall(text)).items():
            known = remembered(word, _UNSEEN)
            if known is _UNSEEN:
                known = self._word(word)
            if known is None:
                continue
            stem, name = known
            counts[stem] = counts.get(stem, 0) + n
            if name is not None and n > openers[word]:
                counts[name] = counts.get(name, 0) + n - openers[word]
        return counts

    def _word(self, word: str) -> tuple[str, str | None] | None:
        lower = word.lower()
        known = None
        if len(word) >= MIN_WORD and lower not in self.lang.fact_stop_words:
            known = (self.lang.stem(lower, STEM), NAME + lower if word[0].isupper() else None)
        self._words[word] = known
        return known


def _openers(text: str) -> Counter[str]:
    """How often each word opens a sentence or a line."""
    opener = _OPENER_ANY_SPACING if "   " in text or _WIDE_SPACE.search(text) else _OPENER
    return Counter(opener.findall(_PAD + text))


def article_terms(text: str, title: str | None, lang: Language) -> Counter[str]:
    """The term counts of one article (see the module docstring); a stream uses one
    :class:`TermCounter` for all its articles instead."""
    return TermCounter(lang)(text, title)


def reference_terms(text: str, title: str | None, lang: Language) -> Counter[str]:
    """The definition, word by word; :class:`TermCounter` must count exactly this."""
    terms = _reference(text, lang)
    if title:
        for term, n in _reference(title, lang).items():
            terms[term] += 2 * n
    return terms


def _reference(text: str, lang: Language) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        if len(word) >= MIN_WORD and lower not in lang.fact_stop_words:
            counts[lang.stem(lower, STEM)] += 1
            if word[0].isupper() and not _starts_sentence(text, match.start()):
                counts[NAME + lower] += 1
    return counts


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence or a line (its capital says nothing)."""
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in _SENTENCE_END or "\n" in text[max(0, start - 2):start]
