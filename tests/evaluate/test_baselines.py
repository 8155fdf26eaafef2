"""Lead (round-robin order), LexRank and TextRank (sumy, our own sentence splitting)."""

from __future__ import annotations

import pytest

from storyfuse.evaluate.baselines import RegexTokenizer, SystemFn, lead, lexrank, textrank
from tests.evaluate.helpers import HARBOUR, ORCHARD, doc


def _words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def test_lead_is_round_robin_in_document_order() -> None:
    chosen = lead(HARBOUR, 1000)
    assert chosen == [
        "A cargo ship ran aground off Pellmouth on Tuesday.",
        "Twelve sailors were lifted from a stranded freighter near Pellmouth.",
        "The harbour master closed the outer channel.",
        "The crew of twelve were rescued by lifeboat.",
        "Tugs will try to refloat the vessel at high tide.",
        "Ferries to Wrenna Isle are delayed.",
        "Fuel has not leaked, the coastguard said.",
    ]


def test_lead_stops_once_the_budget_is_filled() -> None:
    chosen = lead(HARBOUR, 12)  # 9 words, then 10: the budget is met after the second sentence
    assert chosen == [HARBOUR[0].sentences[0].text, HARBOUR[1].sentences[0].text]


def test_lead_on_nothing() -> None:
    assert lead((), 300) == []


@pytest.mark.parametrize("system", [lexrank, textrank])
def test_sumy_baselines_return_input_sentences(system: SystemFn) -> None:
    pytest.importorskip("sumy")
    inputs = {s.text for d in HARBOUR + ORCHARD for s in d.sentences}
    chosen = list(system(HARBOUR + ORCHARD, 1000))
    assert set(chosen) == inputs  # a budget larger than the input takes everything


@pytest.mark.parametrize("system", [lexrank, textrank])
def test_sumy_baselines_take_just_enough_for_the_budget(system: SystemFn) -> None:
    pytest.importorskip("sumy")
    inputs = [s.text for d in HARBOUR + ORCHARD for s in d.sentences]
    chosen = list(system(HARBOUR + ORCHARD, 20))
    assert set(chosen) <= set(inputs)
    assert _words(chosen) >= 20
    # "Enough", not more: every chosen sentence was needed, so without the shortest one
    # the budget would not have been met.
    assert _words(chosen) - min(len(s.split()) for s in chosen) < 20
    assert chosen == sorted(chosen, key=inputs.index)  # document order


@pytest.mark.parametrize("system", [lexrank, textrank])
def test_sumy_baselines_on_empty_input(system: SystemFn) -> None:
    pytest.importorskip("sumy")
    assert list(system((), 100)) == []
    assert list(system((doc("empty/1", ""),), 100)) == []


def test_regex_tokenizer_needs_no_nltk_data() -> None:
    assert RegexTokenizer.to_words("The harbour's gate, shut at 9pm!") == ["The", "harbour's", "gate", "shut",
                                                                           "at", "9pm"]
    assert RegexTokenizer.to_sentences("One here. Two there.") == ["One here.", "Two there."]
