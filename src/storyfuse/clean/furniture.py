"""Line-level evidence that a line is page furniture rather than article text.

Evidence is *strong* (the line is furniture wherever it stands: "Sign in", a copyright
notice, "2 hrs ago") or *weak* (it looks like furniture — a short line with no full stop,
a line addressed to "you" — but only counts next to other furniture, at the head or tail
of a page). The words come from the page clutter of news sites and live in the language
profile (:class:`storyfuse.lang.profile.CleanRules`); each group is named by the reason
recorded with the removed line.
"""

from __future__ import annotations

import re

from storyfuse.clean.lines import Line
from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import CleanRules

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|‘[^’]*’(?!\w)")
_LIST_MARK = re.compile(r"^([•·▪◦*–—-]|\d{1,2}[.)])\s")

# A line of this many words or fewer, with no sentence ending, reads as a heading or link.
SHORT_LINE_WORDS = 12


# Patterns that are furniture wherever they stand, with the longest line each is trusted on:
# real furniture is short, and a 60-word paragraph that mentions "copyright" is about copyright.
# Whole-line and anchored patterns need no limit; none apply inside quotations.
def _strong(rules: CleanRules) -> tuple[tuple[re.Pattern[str], str, int | None], ...]:
    return (
        (rules.navigation, "navigation", None),
        (rules.site_navigation, "navigation", None),
        (rules.credit, "credit line", None),
        (rules.byline, "credit line", None),
        (rules.appeal, "call to action", None),
        (rules.call_to_action, "call to action", 25),
        (rules.browser_notice, "legal notice", None),
        (rules.related_link, "related links", 40),
        (rules.legal_notice, "legal notice", 40),
        (rules.policy_link, "legal notice", 12),
        (rules.caption, "photo caption", 40),
        (rules.picture_credit, "photo caption", 40),
    )


def strong_reason(text: str, *, lang: Language | None = None) -> str | None:
    """The reason this line is furniture wherever it stands, or None."""
    lang = lang or get_language()
    unquoted = _QUOTED.sub(" ", text)
    words = len(text.split())
    for pattern, reason, max_words in _strong(lang.clean):
        if (max_words is None or words <= max_words) and pattern.search(unquoted):
            return reason
    return "navigation" if menu_like(text, lang=lang) else None


def weak_reason(line: Line, *, lang: Language | None = None) -> str | None:
    """The reason this line looks like furniture, when it stands among furniture."""
    rules = (lang or get_language()).clean
    text = line.text
    unquoted = _QUOTED.sub("", text)
    if rules.legalish.search(text):
        return "notice"
    if rules.weak_appeal.search(unquoted) and rules.reader.search(unquoted):
        return "call to action"
    if line.words <= 10 and text.endswith("?") and not _QUOTED.search(text):
        return "headline"
    if not line.sentence_shaped and line.words <= SHORT_LINE_WORDS and not _LIST_MARK.match(text):
        return "not a sentence"
    return None


def menu_like(text: str, *, lang: Language | None = None) -> bool:
    """A row of capitalised section names: "News Sport Weather Business Culture"."""
    words = text.split()
    if len(words) < 5 or re.search(r"[.,;:!?\"“”()]", text):
        return False
    function_words = (lang or get_language()).clean.function_words
    if any(word.lower() in function_words for word in words):
        return False
    return all(word[0].isupper() or word == "&" for word in words)


def is_list_item(text: str) -> bool:
    return bool(_LIST_MARK.match(text))
