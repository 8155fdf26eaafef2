"""Lifting metadata out of the text itself: publication date, outlet, headline.

The words (month names, date lines, datelines, outlets naming themselves) are the language
profile's (:class:`storyfuse.lang.profile.DateRules`, :class:`~storyfuse.lang.profile.OutletRules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from dateutil import parser as dateparser

from storyfuse.lang import Language, get_language

_HAS_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_HAS_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_LETTERS = re.compile(r"[^\W\d_]+")


def parse_date(text: str, *, lang: Language | None = None) -> str | None:
    """An ISO date (with time when the text has one) from free text, or None."""
    dates = (lang or get_language()).dates
    if not (dates.has_date.search(text) and _HAS_YEAR.search(text)):
        return None
    cleaned = dates.utc.sub(" UTC ", text)
    try:
        moment = dateparser.parse(cleaned, fuzzy=True, default=datetime(1900, 1, 1), tzinfos=dates.zones)
    except (ValueError, OverflowError):
        return None
    if moment is None or moment.year == 1900:
        return None
    if _HAS_TIME.search(text):
        return moment.isoformat()
    return moment.date().isoformat()


def published_from_line(text: str, *, lang: Language | None = None) -> str | None:
    """A date from a "Page last updated at …" line, or from a line that is only a date."""
    lang = lang or get_language()
    match = lang.dates.published_line.match(text)
    if match:
        return parse_date(match.group("date"), lang=lang)
    if len(text.split()) <= 8 and len(_leftover_words(text, lang.dates.date_word)) <= 1:
        return parse_date(text, lang=lang)
    return None


def _leftover_words(text: str, date_word: re.Pattern[str]) -> list[str]:
    """The words of a line that are not part of a date or time ("by Tin Falcon" is not)."""
    return [word for word in _LETTERS.findall(text) if not date_word.match(word)]


def published_from_dateline(first_line: str, *, lang: Language | None = None) -> str | None:
    """The date of a wire dateline ("CAIRO, Dec 16, 2024 (Reuters) -"), or None."""
    lang = lang or get_language()
    match = lang.dates.article_dateline.match(first_line)
    date = match.group("date") if match else None
    return parse_date(date, lang=lang) if date else None


def canonical_outlet(name: str, *, lang: Language | None = None) -> str:
    name = name.strip(" .,-|")
    return (lang or get_language()).outlets.aliases.get(name.lower(), name)


def outlet_naming_itself(lines: Iterable[str], *, lang: Language | None = None) -> str | None:
    """The outlet a page names as itself in its removed lines ("Support X!", "X navigation")."""
    lang = lang or get_language()
    for line in lines:
        for pattern in lang.outlets.self_reference:
            match = pattern.search(line)
            if match and match.group("name").strip():
                return canonical_outlet(match.group("name"), lang=lang)
    return None


def known_outlet(lines: Iterable[str], *, lang: Language | None = None) -> str | None:
    """A well-known outlet recognised by name or house style ("(Editing by …)" is Reuters)."""
    known = (lang or get_language()).outlets.known
    for line in lines:
        for pattern, name in known:
            if pattern.search(line):
                return name
    return None


def outlet_from_dateline(first_line: str, *, lang: Language | None = None) -> str | None:
    lang = lang or get_language()
    match = lang.dates.article_dateline.match(first_line)
    return canonical_outlet(match.group("agency"), lang=lang) if match else None
