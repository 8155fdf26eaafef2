"""Language profiles: every language-specific word list and rule lives here, never in a stage.

A stage asks for the profile of its documents' language (:func:`get_language`) and reads its
words and patterns from it. English (``en``) is the only profile today; a new language is one
module beside :mod:`storyfuse.lang.en` building a :class:`Language`, plus one line in
``_PROFILES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from storyfuse.errors import ConfigError
from storyfuse.lang.profile import Language

DEFAULT_LANGUAGE = "en"


def _english() -> Language:
    from storyfuse.lang.en import ENGLISH

    return ENGLISH


# Code → builder; a profile's module is imported only when the language is asked for.
_PROFILES: dict[str, Callable[[], Language]] = {"en": _english}


def base_code(code: str) -> str:
    """``en-GB``, ``EN_gb`` → ``en``: the language without its region."""
    return code.strip().lower().replace("_", "-").split("-")[0]


def language_code(code: str | None) -> str | None:
    """A stated language as its ISO 639 base code (``en-GB`` → ``en``), or None when what the
    input states is no language code at all (``123``, ``""``): then it is treated as unstated."""
    if not code:
        return None
    base = base_code(code)
    return base if re.fullmatch(r"[a-z]{2,3}", base) else None


def available() -> tuple[str, ...]:
    return tuple(sorted(_PROFILES))


def get_language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The profile for ``code`` (``en``, ``en-GB`` → ``en``); an unknown code is a ConfigError."""
    base = base_code(code)
    if base not in _PROFILES:
        raise ConfigError(f"no language profile for {code!r} (available: {', '.join(available())})")
    return _PROFILES[base]()


def supported(code: str | None) -> bool:
    return code is not None and base_code(code) in _PROFILES


def language_or(code: str | None, default: str = DEFAULT_LANGUAGE) -> Language:
    """The profile for ``code`` when there is one, else for ``default`` (an input's stated language
    that storyfuse has no profile for is read with the run's language)."""
    return get_language(code) if code and supported(code) else get_language(default)


def story_language(codes: Iterable[str | None], default: str = DEFAULT_LANGUAGE) -> Language:
    """The profile for a story: its documents' most common supported language, else ``default``."""
    counts: dict[str, int] = {}
    for code in codes:
        if code and supported(code):
            key = get_language(code).code
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return get_language(default)
    return get_language(max(sorted(counts), key=lambda key: counts[key]))


__all__ = ["DEFAULT_LANGUAGE", "Language", "available", "base_code", "get_language", "language_code",
           "language_or", "story_language", "supported"]
