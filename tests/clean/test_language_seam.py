"""Cleaning reads its words from the language profile it is given (storyfuse.lang)."""

from __future__ import annotations

import re
from dataclasses import replace

from storyfuse import Article, clean
from storyfuse.clean.furniture import strong_reason
from storyfuse.clean.metadata import outlet_from_dateline
from storyfuse.lang import get_language

ENGLISH = get_language()
# An invented profile: English, except that "Forside" ("front page") is the only navigation link
# and the agency of a dateline is written in square brackets.
OTHER = replace(
    ENGLISH,
    code="xx",
    clean=replace(ENGLISH.clean, navigation=re.compile(r"^forside\W*$", re.IGNORECASE)),
    dates=replace(ENGLISH.dates, article_dateline=re.compile(
        r"^(?P<place>[A-Z]+)(, (?P<date>\w+ \d+))? \[(?P<agency>\w+)\] - ")),
)
BODY = [
    "The river council voted on Monday to rebuild the old stone footbridge at Marrow Lane.",
    "Work will start in May and take about eighteen months, the council said in a statement.",
]


def test_furniture_words_come_from_the_profile() -> None:
    assert strong_reason("Forside") is None
    assert strong_reason("Forside", lang=OTHER) == "navigation"
    assert strong_reason("Sign in", lang=OTHER) is None
    assert strong_reason("Sign in") == strong_reason("Sign in", lang=ENGLISH) == "navigation"


def test_datelines_come_from_the_profile() -> None:
    assert outlet_from_dateline("MARROW [Northwire] - The council voted.", lang=OTHER) == "Northwire"
    assert outlet_from_dateline("MARROW [Northwire] - The council voted.") is None


def test_clean_passes_its_profile_down() -> None:
    page = "\n\n".join(["Forside", "MARROW [Northwire] - " + BODY[0], BODY[1]])
    [english], _ = clean([Article(id="a", path="a.txt", text=page)])
    [other], _ = clean([Article(id="a", path="a.txt", text=page)], lang=OTHER)
    assert "Forside" in english.text and english.source is None
    assert [(r.text, r.reason) for r in other.removed] == [("Forside", "navigation")]
    assert other.source == "Northwire"
