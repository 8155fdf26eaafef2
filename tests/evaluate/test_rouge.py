"""The ROUGE wrapper: known values on tiny invented texts, the word budget, references."""

from __future__ import annotations

import pytest

pytest.importorskip("rouge_score", reason="rouge-score is needed for evaluation")

from storyfuse.evaluate.rouge import Rouge, prepare_reference, score, split_sentences, truncate


def test_identical_text_scores_one() -> None:
    text = ["The ferry left the pier at dawn.", "Nobody was hurt."]
    assert score(text, text) == Rouge(1.0, 1.0, 1.0)


def test_disjoint_text_scores_zero() -> None:
    assert score(["Apples ripen slowly."], ["Tugboats sound horns."]) == Rouge(0.0, 0.0, 0.0)


def test_empty_summary_scores_zero() -> None:
    assert score([], ["Tugboats sound horns."]) == Rouge(0.0, 0.0, 0.0)


def test_partial_overlap_has_the_hand_computed_value() -> None:
    # reference: 6 unigrams, 5 bigrams; summary "the cat sat": 3 unigrams, 2 bigrams, all matching.
    result = score(["the cat sat"], ["the cat sat on the mat"])
    assert result.rouge1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert result.rouge2 == pytest.approx(2 * 1.0 * 0.4 / 1.4)


def test_porter_stemming_is_on() -> None:
    assert score(["running dogs"], ["run dog"]).rouge1 == pytest.approx(1.0)


def test_lsum_uses_sentence_boundaries() -> None:
    reference = ["Storm closes the bridge.", "Schools open late on Friday."]
    swapped = list(reversed(reference))
    result = score(swapped, reference)
    assert result.rougeLsum == pytest.approx(1.0)  # summary-level LCS ignores sentence order
    assert result.rouge1 == pytest.approx(1.0)


def test_newlines_inside_a_sentence_do_not_split_it() -> None:
    assert score(["Storm closes\nthe bridge."], ["Storm closes the bridge."]) == Rouge(1.0, 1.0, 1.0)


def test_truncate_cuts_to_the_budget_keeping_boundaries() -> None:
    assert truncate(["one two three", "four five", "six"], 4) == ["one two three", "four"]


def test_truncate_exact_fit_and_whitespace() -> None:
    assert truncate(["  one   two ", "", "three four"], 4) == ["one two", "three four"]
    assert truncate(["one two"], 2) == ["one two"]
    assert truncate(["one two"], 10) == ["one two"]


def test_truncated_summary_scores_like_its_prefix() -> None:
    reference = ["Lanterns were hung along the quay for the festival."]
    long = ["Lanterns were hung along the quay.", "Later a brass band played until midnight near the market."]
    cut = truncate(long, 6)
    assert cut == ["Lanterns were hung along the quay."]
    assert score(cut, reference).rouge1 > score(long, reference).rouge1


@pytest.mark.parametrize("dash", ["– ", "— "])
def test_reference_loses_its_leading_dash(dash: str) -> None:
    assert prepare_reference(f"{dash}The mayor resigned on Monday. A vote follows in May.") == [
        "The mayor resigned on Monday.", "A vote follows in May."]


def test_reference_keeps_a_dash_in_the_middle() -> None:
    assert prepare_reference("Rain – heavy rain – fell.") == ["Rain – heavy rain – fell."]


def test_split_sentences_respects_existing_lines() -> None:
    assert split_sentences("First line. Second sentence.\n\n**Heading**\nLast one") == [
        "First line.", "Second sentence.", "**Heading**", "Last one"]
