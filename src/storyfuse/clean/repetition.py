"""Lines that recur across many documents are page furniture (the corpus-wide step)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d")


def line_key(text: str) -> str:
    """Lines compare equal ignoring case, punctuation, spacing and the digits in them."""
    return _DIGITS.sub("0", _NON_WORD.sub(" ", text.lower())).strip()


def count_documents(documents: Iterable[Iterable[str]]) -> Counter[str]:
    """Map step + reduce: for each line key, in how many documents it occurs."""
    counts: Counter[str] = Counter()
    for lines in documents:
        counts.update({line_key(line) for line in lines} - {""})
    return counts


def recurring(counts: Counter[str], min_documents: int) -> frozenset[str]:
    """The line keys that occur in at least ``min_documents`` documents."""
    return frozenset(key for key, n in counts.items() if n >= min_documents)
