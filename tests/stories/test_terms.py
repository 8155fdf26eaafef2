"""The fast term counter counts exactly what the word-by-word definition counts."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.lang import get_language
from storyfuse.stories.terms import WIDE_SPACES, TermCounter, article_terms, reference_terms
from tests.conftest import REPO

EN = get_language()
# The pieces texts are made of: words with and without capitals, apostrophes inside and around
# words, every kind of sentence end, line breaks, runs of spaces, other spaces, digits.
PIECES = ["Orla", "Brandt", "harbour", "Calderhaven's", "O'Brien", "Brien", "rock'n'Roll", "Roll", "d'Estaing", "The", "said",
          "ÉCLAIR", "élan", "iPhone", "ship", "Ship", ".", "!", "?", ":", ";", '"', "“", "”", "‘", "’", "'",
          "(", "-", "5", "_", " ", " ", "  ", "   ", "\n", "\n\n", "\t", "\u00a0", "\u2003", "\r\n"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(texts, st.one_of(st.none(), texts))
def test_the_counter_counts_what_the_definition_counts(text: str, title: str | None) -> None:
    assert TermCounter(EN)(text, title) == reference_terms(text, title, EN)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=60), st.text(max_size=60))
def test_any_text_is_counted_as_the_definition_counts(first: str, second: str) -> None:
    counter = TermCounter(EN)
    assert counter(first) == reference_terms(first, None, EN)
    assert counter(second) == reference_terms(second, None, EN)  # with what the first left in memory


@pytest.mark.parametrize("text", [
    "Pat O'Brien met Brien and rock'n'Roll met Roll.",  # a capital after a word's apostrophe is inside it
    "the fans' Union met. 'Union' said",  # after a closing apostrophe and a space: a sentence end
    "quoted:\n(Brandt) and\n5Brandt and x\n Brandt",  # a line break two characters back
    "one.   Brandt two   Brandt\tBrandt\u00a0Brandt",  # windows of spaces only
    "Brandt opens, (Brandt follows", " Brandt", "(Brandt", "\nBrandt",  # the text's first word
])
def test_edge_cases_are_counted_as_the_definition_counts(text: str) -> None:
    assert TermCounter(EN)(text) == reference_terms(text, None, EN)


def test_the_shipped_example_articles_are_counted_as_the_definition_counts() -> None:
    counter = TermCounter(EN, memo_limit=50)  # small: the memory starts afresh along the way
    paths = sorted((REPO / "examples").rglob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert counter(text) == reference_terms(text, None, EN), path


def test_names_are_capitalised_words_inside_a_sentence() -> None:
    terms = article_terms("Ships left. The Orla Brandt stayed in Calderhaven with the tug Brandt.", None, EN)
    assert terms["@brandt"] == 2 and terms["@calderhaven"] == 1 and terms["@orla"] == 1
    assert "@ships" not in terms and terms["ship"] == 1


def test_wide_spaces_are_every_space_but_the_plain_space_and_the_line_break() -> None:
    listed = {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(f"[{WIDE_SPACES}]", chr(c))}
    assert listed == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" ", "\n"}


def test_the_memory_of_words_is_bounded() -> None:
    counter = TermCounter(EN, memo_limit=3)
    counter("alpha bravo charlie delta echo")
    counter("foxtrot golf")
    assert set(counter._words) == {"foxtrot", "golf"}  # over the limit: started afresh, then these
