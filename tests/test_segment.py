"""Sentence segmentation: offsets, nothing lost, and the tricky English cases."""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfuse.model import Document, Sentence
from storyfuse.segment import Segmenter, segment, segment_documents

SEGMENTER = Segmenter()

_WORDS = st.sampled_from([
    "the", "harbour", "council", "voted", "on", "Tuesday", "ferry", "Mr.", "Dr.", "Gen.", "U.S.",
    "e.g.", "No.", "3.5", "million", "café", "naïve", "Zoë", "日本", "Ωmega", "—", "(", ")",
    '"', "“", "”", "'", "’", "...", "?", "!", ";", ":", ",", ".", "St.", "a.m.", "5:30", "%",
])
_CHARS = st.characters()
_TOKENS = st.one_of(_WORDS, st.text(_CHARS, min_size=1, max_size=6))
_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\t", ". ", "! ", "? ", '." ', "\n", "\n\n", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_TOKENS, _SEPARATORS), max_size=40))
    text = "".join(token + sep for token, sep in parts)
    return draw(st.sampled_from(["", " ", "\n"])) + text


def _check_invariants(text: str, sentences: tuple[Sentence, ...]) -> None:
    covered = [False] * len(text)
    previous_end = 0
    for s in sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.start >= previous_end, "sentences overlap or are out of order"
        assert "\n" not in s.text, "a sentence crosses a newline"
        assert s.text == s.text.strip(), "a sentence starts or ends with whitespace"
        previous_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    # Control characters are not content (cleaning drops them); everything else must be covered.
    lost = [(i, ch) for i, ch in enumerate(text)
            if not ch.isspace() and unicodedata.category(ch) != "Cc" and not covered[i]]
    assert not lost, f"characters not in any sentence: {lost[:10]}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_sentences_are_exact_ordered_disjoint_spans_covering_all_text(text: str) -> None:
    _check_invariants(text, SEGMENTER.sentences(text))


@settings(max_examples=150, deadline=None)
@given(st.text(_CHARS, max_size=120))
def test_invariants_hold_for_arbitrary_unicode(text: str) -> None:
    _check_invariants(text, SEGMENTER.sentences(text))


@pytest.mark.parametrize("sep", ["\x1c", "\x1f"])
def test_stray_separator_control_character_does_not_crash(sep: str) -> None:
    text = f"Item{sep}2. The vote passed."
    sentences = segment(text)
    _check_invariants(text, sentences)
    assert sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in segment(text)]


@pytest.mark.parametrize("text", [
    "The U.S. Navy sent two ships to the strait on Friday.",
    "Mr. Okafor thanked the volunteers at the depot.",
    "Gen. Ruiz said the convoy would leave at noon.",
    "Dr. Lindqvist told reporters the clinic would reopen.",
    "Mr. Okafor met Dr. Lindqvist and Gen. Ruiz in the U.S. capital.",
])
def test_abbreviations_do_not_split(text: str) -> None:
    assert _texts(text) == [text]


def test_abbreviation_inside_a_longer_text_keeps_sentence_boundaries() -> None:
    text = "Dr. Lindqvist arrived late. The U.S. delegation had already left."
    assert _texts(text) == ["Dr. Lindqvist arrived late.", "The U.S. delegation had already left."]


def test_decimals_do_not_split() -> None:
    text = "The bridge cost 3.5 million pounds. It opened in May."
    assert _texts(text) == ["The bridge cost 3.5 million pounds.", "It opened in May."]


def test_quoted_comma_stays_in_one_sentence() -> None:
    assert _texts('"Never," he said.') == ['"Never," he said.']


@pytest.mark.parametrize(("text", "expected"), [
    ('He said: "It is over." Then he left.', ['He said: "It is over."', "Then he left."]),
    ("She said: “The vote is final.” Then she left.", ["She said: “The vote is final.”", "Then she left."]),
])
def test_closing_quote_after_full_stop_stays_with_its_sentence(text: str, expected: list[str]) -> None:
    sentences = segment(text)
    assert [s.text for s in sentences] == expected
    assert sentences[0].text.endswith(("\"", "”"))
    assert sentences[0].end == text.index(expected[1]) - 1


def test_headline_without_full_stop_is_its_own_sentence() -> None:
    text = "Ferry Service Suspended After Storm\nThe harbour master closed the port. Crews are waiting."
    sentences = segment(text)
    assert [s.text for s in sentences] == [
        "Ferry Service Suspended After Storm", "The harbour master closed the port.", "Crews are waiting.",
    ]
    assert (sentences[0].start, sentences[0].end) == (0, 35)


def test_two_paragraphs_never_merge() -> None:
    text = "the mayor said the plan was\n\nfunded by the county and the state"
    assert _texts(text) == ["the mayor said the plan was", "funded by the county and the state"]


def test_offsets_point_into_the_original_text_with_leading_space() -> None:
    text = "  Rain fell.  Roads flooded.\n   Schools shut."
    sentences = segment(text)
    assert [(s.start, s.end, s.text) for s in sentences] == [
        (2, 12, "Rain fell."), (14, 28, "Roads flooded."), (32, 45, "Schools shut."),
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t \n "])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert segment(text) == ()


def test_segment_documents_fills_sentences_and_keeps_other_fields() -> None:
    docs = (Document(id="a", path="a.txt", text="One. Two.", title="T"), Document(id="b", path="b.txt", text=""))
    out = segment_documents(docs, SEGMENTER)
    assert [s.text for s in out[0].sentences] == ["One.", "Two."]
    assert out[0].title == "T" and out[0].id == "a"
    assert out[1].sentences == ()
    assert docs[0].sentences == ()  # inputs are not mutated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police took a call at 2:45 p.m. Sunday that sent officers to the pier.",
         ["Police took a call at 2:45 p.m. Sunday that sent officers to the pier."]),
        ("A vigil will be held at 6 p.m. Thursday at the hall. Staff writers contributed.",
         ["A vigil will be held at 6 p.m. Thursday at the hall.", "Staff writers contributed."]),
        ("The vote is set for 10 a.m. tomorrow. It should pass.",
         ["The vote is set for 10 a.m. tomorrow.", "It should pass."]),
        # A new sentence after the time still starts one, and so does a weekday's possessive.
        ("He arrived at 5 p.m. The meeting had ended.", ["He arrived at 5 p.m.", "The meeting had ended."]),
        ("It ends at 5 p.m. Monday's session starts at nine.",
         ["It ends at 5 p.m.", "Monday's session starts at nine."]),
    ],
)
def test_a_clock_time_keeps_the_day_that_follows_it(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text)] == expected


def test_the_join_is_what_keeps_them_together() -> None:
    text = "Police took a call at 2:45 p.m. Sunday that sent officers to the pier."
    assert len(Segmenter("en", joins=()).sentences(text)) == 2  # pysbd alone splits after "p.m."
    assert len(Segmenter("en").sentences(text)) == 1


SENTENCE_WORDS = st.lists(st.sampled_from(["the", "ferry", "Mr.", "U.S.", "ran", "3.5", "again", "on", "Friday"]),
                          min_size=3, max_size=30)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SENTENCE_WORDS.map(lambda w: " ".join(w).capitalize() + "."), min_size=20, max_size=60))
def test_a_long_paragraph_is_split_in_windows_as_it_would_be_whole(sentences: list[str]) -> None:
    module = importlib.import_module("storyfuse.segment")
    paragraph = " ".join(sentences)
    while len(paragraph) <= 2 * module.WINDOW:  # two windows and more, not so long that pysbd crawls
        paragraph = f"{paragraph} {paragraph}"
    windowed = Segmenter().sentences(paragraph)
    saved, module.WINDOW = module.WINDOW, 10**9
    try:
        whole = Segmenter().sentences(paragraph)
    finally:
        module.WINDOW = saved
    assert windowed == whole
    assert all(paragraph[s.start:s.end] == s.text for s in windowed)


def test_a_paragraph_with_no_sentence_end_is_cut_at_spaces_and_nothing_is_lost() -> None:
    from storyfuse.segment import WINDOW

    paragraph = " ".join(["word"] * (WINDOW // 2))  # about 2.5 windows, not one sentence end
    found = Segmenter().sentences(paragraph)
    assert len(found) >= 2 and all(len(s.text) <= WINDOW for s in found)
    assert " ".join(s.text for s in found) == paragraph
    unbroken = "x" * (3 * WINDOW + 5)
    assert "".join(s.text for s in Segmenter().sentences(unbroken)) == unbroken
