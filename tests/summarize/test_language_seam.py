"""Summary candidates read their words from the language profile they are given (storyfuse.lang)."""

from __future__ import annotations

import re
from dataclasses import replace

from storyfuse import Document, segment
from storyfuse.lang import get_language
from storyfuse.summarize import prepare
from storyfuse.summarize.candidates import is_summary_worthy, leans_on_context, strip_dateline

ENGLISH = get_language()
# An invented profile: English, except for these words.
OTHER = replace(
    ENGLISH,
    code="xx",
    summary=replace(ENGLISH.summary, web=("nyhedsbrev",), leaning_start=frozenset({"men"})),
    dates=replace(ENGLISH.dates, summary_dateline=re.compile(r"^[A-Z]+ \[\w+\] - ")),
)
SIGN_UP = "Sign up for our nyhedsbrev to get the flood news every morning."


def test_summary_words_come_from_the_profile() -> None:
    assert not is_summary_worthy(SIGN_UP, 6, 60)
    assert not is_summary_worthy("Read the nyhedsbrev for the flood news every morning.", 6, 60, lang=OTHER)
    assert is_summary_worthy("Read the nyhedsbrev for the flood news every morning.", 6, 60)
    assert leans_on_context("Men the dam held.", lang=OTHER) and not leans_on_context("Men the dam held.")
    assert not leans_on_context("But the dam held.", lang=OTHER) and leans_on_context("But the dam held.")


def test_datelines_come_from_the_profile() -> None:
    assert strip_dateline("TARNWICK [Northwire] - The dam failed.", lang=OTHER) == "The dam failed."
    assert strip_dateline("TARNWICK - The dam failed.", lang=OTHER) == "TARNWICK - The dam failed."
    assert strip_dateline("TARNWICK - The dam failed.") == "The dam failed."


def test_prepare_passes_its_profile_down() -> None:
    text = "\n\n".join(["Read the nyhedsbrev for the flood news every morning.",
                        "The spillway of the Tarnwick dam collapsed early on Tuesday morning."])
    document = Document("a", "a.txt", text, sentences=segment(text))
    assert len(prepare([document], (), ()).texts) == 2
    assert prepare([document], (), (), lang=OTHER).texts == (
        "The spillway of the Tarnwick dam collapsed early on Tuesday morning.",
    )
