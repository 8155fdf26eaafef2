"""English word forms: the light stemmer that fact alignment and the summariser share."""

from __future__ import annotations

import re

# A possessive ending: "Rasmussen's", "Reuters'".
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def without_possessive(word: str) -> str:
    """"minister's" → "minister"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def light_stem(word: str, length: int) -> str:
    """A light suffix strip, then a cut to ``length`` characters.

    Deliberately crude: it only has to make inflections of one word meet; the cut does the
    rest ("suspended", "suspension" → "suspe" at length 5).
    """
    word = without_possessive(word.lower())
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    return word[:length]


def singular(word: str) -> str:
    """A counted word's singular, crudely: "metres" → "metre", but "press" stays."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word
