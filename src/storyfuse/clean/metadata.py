"""Lifting metadata out of the text itself: publication date, outlet, headline."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from dateutil import parser as dateparser

_I = re.IGNORECASE

PUBLISHED_LINE = re.compile(
    r"^(page )?(last )?(first )?(updated|published|posted|modified)( on| at)?\s*:?\s*(?P<date>.+)$", _I
)
_MONTH = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?"
          r"|oct(ober)?|nov(ember)?|dec(ember)?")
_HAS_DATE = re.compile(rf"\b({_MONTH})\b\.?|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", _I)
_DATE_FILLER = r"(on|at|am|pm|a|p|m|gmt|utc|bst|cet|cest|est|edt|pst|pdt|msk|st|nd|rd|th|t|z)"
_HAS_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_HAS_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
# "CAIRO, Dec 16 (Reuters) -" / "CALDERHAVEN, March 3 (Northwire) -" / "MOSCOW (AP) —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40})(, (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(, \d{4})?))?"
    r"\s*\((?P<agency>[A-Z][\w&/. -]{1,30})\)\s*[-–—]+\s*"
)
# The outlet speaking about itself in page furniture.
_SELF_REFERENCE = (
    re.compile(r"^support (?P<name>(the )?[A-Z][\w.&' ]+?)\s*!", _I),
    re.compile(r"^(the )?(?P<name>[\w&/.' -]{2,40}?) navigation\W*$", _I),
    re.compile(r"^(the )?(?P<name>[A-Z][\w&/.' -]+?) is not responsible for the content", _I),
    re.compile(r"(copyright|©)\s*(©\s*)?(\d{4}\s*)?(?P<name>[A-Z][\w&/.' -]+?)\s*(\.|,|$|all rights)", _I),
    re.compile(r"journalists of (?P<name>(the )?[A-Z][\w&.' ]+?)[,.]", _I),
    re.compile(r"^(?P<name>[A-Z][\w&/.' -]+?) content may be", _I),
)
# Outlets recognised by name or house style anywhere in the furniture.
KNOWN_OUTLETS = (
    (re.compile(r"\(\s*(editing|reporting|writing) by\b|\bReuters\b", _I), "Reuters"),
    (re.compile(r"\bRFE/RL\b|Radio Free Europe"), "RFE/RL"),
    (re.compile(r"\bBBC\b"), "BBC News"),
    (re.compile(r"\bAssociated Press\b|\(AP\)"), "Associated Press"),
    (re.compile(r"\bAFP\b|Agence France-Presse"), "AFP"),
    (re.compile(r"\bXinhua\b"), "Xinhua"),
    (re.compile(r"\bThe Moscow Times\b"), "The Moscow Times"),
)
# Zone abbreviations news pages print; dateutil knows only UTC/GMT by itself.
_ZONES = {"BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800,
          "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000, "PST": -28800, "PDT": -25200}
_ALIASES = {"bbc": "BBC News", "the bbc": "BBC News", "ap": "Associated Press", "rfe/rl": "RFE/RL"}


def parse_date(text: str) -> str | None:
    """An ISO date (with time when the text has one) from free text, or None."""
    if not (_HAS_DATE.search(text) and _HAS_YEAR.search(text)):
        return None
    cleaned = re.sub(r"\b(GMT|UTC)\b", " UTC ", text)
    try:
        moment = dateparser.parse(cleaned, fuzzy=True, default=datetime(1900, 1, 1), tzinfos=_ZONES)
    except (ValueError, OverflowError):
        return None
    if moment is None or moment.year == 1900:
        return None
    if _HAS_TIME.search(text):
        return moment.isoformat()
    return moment.date().isoformat()


def published_from_line(text: str) -> str | None:
    """A date from a "Page last updated at …" line, or from a line that is only a date."""
    match = PUBLISHED_LINE.match(text)
    if match:
        return parse_date(match.group("date"))
    if len(text.split()) <= 8 and len(_leftover_words(text)) <= 1:
        return parse_date(text)
    return None


def _leftover_words(text: str) -> list[str]:
    """The words of a line that are not part of a date or time ("by Tin Falcon" is not)."""
    words = re.findall(r"[^\W\d_]+", text)
    date_word = re.compile(rf"^({_MONTH}|mon|tue|wed|thu|fri|sat|sun)\w*$|^{_DATE_FILLER}$", _I)
    return [word for word in words if not date_word.match(word)]


def canonical_outlet(name: str) -> str:
    name = name.strip(" .,-|")
    return _ALIASES.get(name.lower(), name)


def outlet_naming_itself(lines: Iterable[str]) -> str | None:
    """The outlet a page names as itself in its removed lines ("Support X!", "X navigation")."""
    for line in lines:
        for pattern in _SELF_REFERENCE:
            match = pattern.search(line)
            if match and match.group("name").strip():
                return canonical_outlet(match.group("name"))
    return None


def known_outlet(lines: Iterable[str]) -> str | None:
    """A well-known outlet recognised by name or house style ("(Editing by …)" is Reuters)."""
    for line in lines:
        for pattern, name in KNOWN_OUTLETS:
            if pattern.search(line):
                return name
    return None


def outlet_from_dateline(first_line: str) -> str | None:
    match = DATELINE.match(first_line)
    return canonical_outlet(match.group("agency")) if match else None
