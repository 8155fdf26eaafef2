"""The word-level diff behind the highlighted quote wordings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyfuse.report.html import word_diff


def test_changed_words_are_inserted_and_deleted() -> None:
    pieces = word_diff("We will not reopen the channel at night", "We won't reopen the channel after dark")
    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "We"), ("del", "will not"), ("ins", "won't"), ("same", "reopen the channel"),
        ("del", "at night"), ("ins", "after dark"),
    ]


def test_case_edge_punctuation_and_apostrophes_do_not_count() -> None:
    pieces = word_diff("Russia’s terms, he said", "russia's terms he said.")
    assert [p.kind for p in pieces] == ["same"]
    assert pieces[0].text == "russia's terms he said."


def test_identical_and_empty() -> None:
    assert [p.kind for p in word_diff("a b c", "a b c")] == ["same"]
    assert word_diff("", "") == ()
    assert [(p.kind, p.text) for p in word_diff("", "new words")] == [("ins", "new words")]


WORDS = st.lists(st.sampled_from(["the", "ship", "ran", "aground", "at", "night", "dark", "safe", "we"]), max_size=12)


@given(WORDS, WORDS)
def test_each_side_can_be_read_back(old: list[str], new: list[str]) -> None:
    pieces = word_diff(" ".join(old), " ".join(new))
    assert " ".join(p.text for p in pieces if p.kind != "del").split() == new
    assert " ".join(p.text for p in pieces if p.kind != "ins").split() == old
