"""Text helpers that several stages share: one union-find, the word tokenisers.

Language-neutral only: words and rules of a language live in :mod:`storyfuse.lang`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

# A lone UTF-16 surrogate, which JSON's "\\ud800" can put in a string and no UTF-8 output can
# hold; and the JSON escape that makes one (only an escape can, in text that was decoded).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class UnionFind(Generic[K]):
    """Disjoint sets over ``keys`` with path halving.

    ``attach(key, root)`` puts ``key``'s set under ``root``'s root, so callers decide which
    element names a merged set (the smallest id, the longest name ...).
    """

    def __init__(self, keys: Iterable[K]) -> None:
        self._parent: dict[K, K] = {key: key for key in keys}

    def find(self, key: K) -> K:
        parent = self._parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def attach(self, key: K, root: K) -> None:
        self._parent[self.find(key)] = self.find(root)

    def groups(self) -> dict[K, list[K]]:
        """Root → members, members in the order the keys were given."""
        found: dict[K, list[K]] = {}
        for key in self._parent:
            found.setdefault(self.find(key), []).append(key)
        return found


# The word tokenisers the stages share (Unicode-aware, so they hold for any Latin, Cyrillic,
# Greek ... script; what counts as a stop word is the language profile's business).
# Runs of word characters: "Rasmussen's" → "Rasmussen", "s".
WORDS = re.compile(r"\w+")
# Letters only, apostrophes inside a word kept: "Rasmussen's" → one token; digits excluded.
LETTER_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Letters and digits, apostrophes inside a word kept.
ALNUM_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Numbers as written, "1,400" and "2:40" whole.
NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")
# Whitespace-separated tokens, punctuation attached (word counts, budgets).
SPACED = re.compile(r"\S+")


def words(text: str) -> list[str]:
    """``WORDS`` of ``text``, lower-cased."""
    return WORDS.findall(text.lower())
