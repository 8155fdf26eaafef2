"""Quotations: finding quotes and their speakers in one document, grouping them across outlets.

Unit tests use small invented sentences, one per construct; the example shipped in the repo
and the reference seeds (../shared/seeds, third-party text read in place, never copied) pin
the behaviour on whole articles.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import Corpus, Document, process
from storyfuse.analysis.quotes import (
    FoundQuote,
    QuoteConfig,
    find_quotes,
    group_quotes,
    quotes,
    similarity,
    tokens,
)
from storyfuse.model import Quote
from storyfuse.segment import segment

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calderhaven"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
RASMUSSEN = "Anders Fogh Rasmussen"


def doc(text: str, id: str = "d1") -> Document:
    return Document(id=id, path=f"{id}.txt", text=text, sentences=segment(text))


def found(text: str, people: dict[str, str] | None = None) -> list[FoundQuote]:
    return list(find_quotes(doc(text), people))


def only(text: str) -> FoundQuote:
    result = found(text)
    assert len(result) == 1, result
    return result[0]


def group_with(groups: tuple[Quote, ...], phrase: str) -> Quote:
    matches = [q for q in groups if any(phrase in o.text for o in q.occurrences)]
    assert len(matches) == 1, f"{phrase!r} is in {len(matches)} groups"
    return matches[0]


def documents_of(quote: Quote) -> set[str]:
    return {o.document[:3] for o in quote.occurrences}


# --- quote marks ---------------------------------------------------------------------------


def test_straight_quote_with_speaker_after() -> None:
    quote = only('"We will keep the ferry running through the night," Hanna Oduya said.')
    assert quote == FoundQuote("d1", 0, "We will keep the ferry running through the night", "Hanna Oduya", False)


def test_curly_quote() -> None:
    quote = only("“The pier is closed to all traffic until Friday,” said Hanna Oduya.")
    assert (quote.text, quote.speaker) == ("The pier is closed to all traffic until Friday", "Hanna Oduya")


def test_single_curly_quote_beside_apostrophes() -> None:
    quote = only("The port’s owner was silent. ‘We will not sail at night again,’ Hanna Oduya said.")
    assert (quote.text, quote.speaker, quote.sentence) == ("We will not sail at night again", "Hanna Oduya", 1)


def test_apostrophes_alone_are_no_quote() -> None:
    assert found("The port’s owners and the workers’ union met on Tuesday’s early shift.") == []


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = 'He welcomed a "readiness for dialogue" and praised the "Journal of Harbour Affairs" report.'
    assert found(text) == []


def test_straight_marks_inside_curly_quote_are_nested() -> None:
    quote = only('“Then the pilot shouted "hard to port" and we felt the bank,” Hanna Oduya said.')
    assert quote.text == 'Then the pilot shouted "hard to port" and we felt the bank'


def test_multi_sentence_quote_is_one_quote() -> None:
    quote = only('"The hull is intact. We see no leak at all," Ilse Marrow said.')
    assert quote.text == "The hull is intact. We see no leak at all"


def test_quote_split_around_said_keeps_the_speaker() -> None:
    text = 'Harbour master Ilse Marrow spoke at noon. "The hull is intact," she said. "Our priority now is the fuel."'
    first, second = found(text)
    assert (first.text, second.text) == ("The hull is intact", "Our priority now is the fuel.")
    assert first.speaker == second.speaker == "Ilse Marrow"
    assert (first.sentence, second.sentence) == (1, 2)


def test_quote_interrupted_by_said_in_one_sentence() -> None:
    text = 'Harbour master Ilse Marrow spoke. "We will sail again," she said, "once the channel is safe for ships."'
    first, second = found(text)
    assert (first.text, second.text) == ("We will sail again", "once the channel is safe for ships.")
    assert first.speaker == second.speaker == "Ilse Marrow"


def test_non_quote_between_quote_and_attribution() -> None:
    quote = only(
        '"We have many reasons for interaction, many subjects for discussion," including joint '
        "action against piracy, Ivo Medan said."
    )
    assert quote.text == "We have many reasons for interaction, many subjects for discussion"
    assert quote.speaker == "Ivo Medan"


def test_paragraph_spanning_quote() -> None:
    text = (
        'Transport Minister Tomas Vey said: "We will review every shift at the centre this week.\n\n'
        '"Nobody will be blamed before the inquiry has reported," he added.'
    )
    quote = only(text)
    assert quote.text == (
        "We will review every shift at the centre this week. Nobody will be blamed before the inquiry has reported"
    )
    assert (quote.speaker, quote.sentence) == ("Tomas Vey", 0)


def test_unclosed_quote_without_continuation_ends_at_the_paragraph() -> None:
    quote = only('Tomas Vey said: "We will review every shift at the centre\n\nThe inquiry opens on Monday.')
    assert quote.text == "We will review every shift at the centre"


def test_quote_paragraph_after_attributed_quote_has_the_same_speaker() -> None:
    text = (
        '"Let me be clear: the alliance will never attack its neighbours," Anders Fogh Rasmussen said.\n\n'
        '"And we do not think they will attack us either."\n\n'
        "Ties have been strained for years.\n\n"
        '"Nobody here wants another winter of this."'
    )
    first, second, third = found(text)
    assert first.speaker == second.speaker == RASMUSSEN
    assert third.speaker is None  # not right after an attributed quote: no guess


# --- speakers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Hanna Oduya said: "The pier will reopen on Friday morning."', "Hanna Oduya"),
        ('"The pier will reopen on Friday morning," said Hanna Oduya.', "Hanna Oduya"),
        ('"The pier will reopen on Friday morning," Hanna Oduya says.', "Hanna Oduya"),
        ('"The pier will reopen on Friday morning," Hanna Oduya told reporters.', "Hanna Oduya"),
        ('"The pier will reopen on Friday morning," Mayor Hanna Oduya has said.', "Hanna Oduya"),
        ('"The pier will reopen on Friday morning," says Hanna Oduya, a port analyst.', "Hanna Oduya"),
    ],
)
def test_speaker_forms(text: str, speaker: str) -> None:
    assert only(text).speaker == speaker


def test_surname_resolves_to_the_fullest_name_in_the_document() -> None:
    text = (
        "NATO Secretary-General Anders Fogh Rasmussen arrived in Moscow.\n\n"
        '"Russia could contribute helicopters and spare parts," Mr Rasmussen said.'
    )
    assert found(text)[-1].speaker == RASMUSSEN


def test_titles_and_honorifics_are_stripped() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov met the delegation.\n\n"
        '"We will study every one of the proposals," Foreign Minister Lavrov said.\n\n'
        '"The answer will come in January at the earliest," Mr Lavrov said.'
    )
    assert [q.speaker for q in found(text)] == ["Sergei Lavrov", "Sergei Lavrov"]


def test_pronoun_is_the_previous_speaker() -> None:
    text = (
        '"Night sailings stay suspended for now," Ilse Marrow said.\n\n'
        "The ferries run by day.\n\n"
        '"We will decide again on Wednesday morning," she said.'
    )
    assert [q.speaker for q in found(text)] == ["Ilse Marrow", "Ilse Marrow"]


def test_pronoun_is_the_subject_not_a_later_name() -> None:
    text = (
        "Anders Fogh Rasmussen, speaking after Barack Obama said he would send more troops, asked for help.\n\n"
        '"I have invited Russia to strengthen its cooperation," he said after meeting Dmitry Medvedev.\n\n'
        '"Disagreements should not overshadow our common interests," Rasmussen told students.'
    )
    assert [q.speaker for q in found(text)] == [RASMUSSEN, RASMUSSEN]


def test_description_matches_an_appositive() -> None:
    text = (
        "Anders Fogh Rasmussen, the NATO chief, met students in Moscow. Sergei Lavrov was there too.\n\n"
        '"NATO will never attack Russia, not ever," the NATO chief said.'
    )
    assert found(text)[-1].speaker == RASMUSSEN


def test_description_matches_a_title_before_the_name() -> None:
    text = (
        "Harbour master Ilse Marrow and Transport Minister Tomas Vey visited the pier.\n\n"
        '"We will not reopen the channel at night," the harbour master said.\n\n'
        '"There will be a full inquiry into the grounding," the minister said.'
    )
    assert [q.speaker for q in found(text)] == ["Ilse Marrow", "Tomas Vey"]


def test_unmatched_role_description_falls_back_to_the_most_mentioned_person() -> None:
    text = (
        "NATO Secretary-General Anders Fogh Rasmussen visited Moscow. Rasmussen met Sergei Lavrov. "
        "Rasmussen then met students.\n\n"
        '"I have invited Russia to strengthen its cooperation," the former Danish prime minister said.'
    )
    assert found(text)[-1].speaker == RASMUSSEN


def test_description_of_a_body_is_kept_as_written() -> None:
    assert only('"Night sailings remain suspended until further notice," the port authority said.').speaker == (
        "the port authority"
    )


def test_unattributed_quote_has_no_speaker() -> None:
    assert only('The sign on the gate read "No entry for vehicles after dark".').speaker is None


def test_people_mapping_takes_precedence() -> None:
    people = {"Oduya": "Hanna M. Oduya"}
    assert found('"The pier will reopen on Friday morning," Oduya said.', people)[0].speaker == "Hanna M. Oduya"


def test_people_mapping_may_name_a_description() -> None:
    people = {"the harbour master": "Ilse Marrow"}
    assert found('"The channel stays shut after dark," the harbour master said.', people)[0].speaker == "Ilse Marrow"


_FRAGMENTS = st.sampled_from([
    '"', "“", "”", "‘", "’", "«", "»", ",", ".", " ", "\n\n", "Ilse Marrow", "Mr Vey", "said", "says",
    "told", "he", "she", "the harbour master", "the", "We will not reopen", "until it is safe", "Russia’s",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=60).map(" ".join))
def test_any_text_gives_well_formed_quotes(text: str) -> None:
    document = doc(text)
    for quote in find_quotes(document):
        assert 0 <= quote.sentence < len(document.sentences)
        assert quote.text.strip() and "\n" not in quote.text
    quotes([document, doc(text, "d2")])


# --- reported speech -----------------------------------------------------------------------


def test_reported_candidate_told() -> None:
    quote = only(
        "Disagreements should not overshadow the fact that we share security interests, Anders Rasmussen told Lavrov."
    )
    assert quote == FoundQuote(
        "d1", 0, "Disagreements should not overshadow the fact that we share security interests",
        "Anders Rasmussen", True,
    )


def test_reported_candidate_runs_from_the_paragraph_start() -> None:
    text = (
        "NATO chief Anders Rasmussen spoke in Moscow.\n\n"
        "I suggested a helicopter package. I think Russia could provide spare parts, he said."
    )
    quote = found(text)[-1]
    assert quote.text == "I suggested a helicopter package. I think Russia could provide spare parts"
    assert (quote.speaker, quote.sentence, quote.reported) == ("Anders Rasmussen", 1, True)


def test_said_that_and_long_tails_are_not_reported_candidates() -> None:
    assert found("Anders Rasmussen said that Russia could provide spare parts and training.") == []
    text = (
        "On his first visit to Moscow, the NATO chief told senior officials that old rows should "
        "not blind Russia to a common security threat."
    )
    assert found(text) == []


def test_unmatched_reported_candidates_are_dropped() -> None:
    text = "Two salvage tugs will try to refloat the ship on the high tide, the authority said."
    assert only(text).reported
    assert quotes([doc(text)]) == ()


# --- grouping ------------------------------------------------------------------------------

_MARROW = "We will not reopen the channel at night until we are certain it is safe"


def test_tokens_expand_contractions_and_drop_possessives() -> None:
    assert tokens("We won't, we're sure: Russia’s") == frozenset({"we", "will", "not", "are", "sure", "russia"})


def test_lightly_edited_wording_groups_and_keeps_each_wording() -> None:
    one = doc(f'"{_MARROW}," Ilse Marrow said.', "a")
    two = doc("“We won't reopen the channel after dark until we're sure it is safe,” Ms Marrow said.", "b")
    (quote,) = quotes([one, two])
    assert [o.text for o in quote.occurrences] == [_MARROW, "We won't reopen the channel after dark until we're sure it is safe"]
    assert quote.speaker == "Ilse Marrow"


def test_partial_quote_groups_with_the_full_one() -> None:
    one = doc(f'"{_MARROW}," Ilse Marrow said.', "a")
    two = doc('The harbour master said the channel stays shut "until we are certain it is safe".', "b")
    (quote,) = quotes([two, one])
    assert quote.text == _MARROW
    assert [(o.document, o.text) for o in quote.occurrences] == [("a", _MARROW), ("b", "until we are certain it is safe")]


def test_different_quotes_do_not_group() -> None:
    one = doc(f'"{_MARROW}," Ilse Marrow said.', "a")
    two = doc('"We will not reopen the school until the roof is repaired," Hanna Oduya said.', "b")
    assert len(quotes([one, two])) == 2
    assert similarity(tokens(_MARROW), tokens("We will not reopen the school until the roof is repaired")) < (
        QuoteConfig().min_containment
    )


def test_reported_candidate_joins_a_marked_quote() -> None:
    wire = doc(f"Ilse Marrow spoke at noon.\n\nThe tugs are ready. {_MARROW}, she said.", "a")
    paper = doc(f'“{_MARROW},” Ilse Marrow said.', "b")
    (quote,) = quotes([paper, wire])
    assert [(o.document, o.reported, o.text) for o in quote.occurrences] == [("a", True, _MARROW), ("b", False, _MARROW)]


def test_majority_speaker_prefers_full_names() -> None:
    items = [
        FoundQuote("a", 0, _MARROW, "Marrow", False),
        FoundQuote("b", 0, _MARROW, "Ilse Marrow", False),
        FoundQuote("c", 0, _MARROW, "Tomas Vey", False),
        FoundQuote("d", 0, _MARROW, None, False),
    ]
    (quote,) = group_quotes(items)
    assert quote.speaker == "Ilse Marrow"


def test_groups_are_ranked_by_outlets_then_first_appearance() -> None:
    items = [
        FoundQuote("b", 3, "The ferry will run again from the north pier", "X", False),
        FoundQuote("a", 5, _MARROW, "Ilse Marrow", False),
        FoundQuote("c", 1, _MARROW, "Ilse Marrow", False),
        FoundQuote("a", 1, "Repairs to the breakwater will take many weeks", "Y", False),
    ]
    groups = group_quotes(items)
    assert [q.text for q in groups] == [_MARROW, "Repairs to the breakwater will take many weeks",
                                        "The ferry will run again from the north pier"]
    assert [o.document for o in groups[0].occurrences] == ["a", "c"]


# --- order independence -------------------------------------------------------------------

_INVENTED = (
    doc(f'Harbour master Ilse Marrow spoke. "{_MARROW}," she said. "The hull is intact."', "x1"),
    doc("Marrow said: “We won't reopen the channel after dark until we're sure it is safe.”", "x2"),
    doc(f"Ilse Marrow spoke at noon.\n\n{_MARROW}, the harbour master said.", "x3"),
    doc('"The hull is intact," Ms Marrow said. "Nobody will be blamed before the inquiry," Tomas Vey said.', "x4"),
)


@cache
def _example_documents() -> tuple[Document, ...]:
    return process([EXAMPLE]).documents


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(9)))
def test_quotes_are_independent_of_document_order(order: list[int]) -> None:
    docs = _INVENTED + _example_documents()
    shuffled = [docs[i] for i in order]
    assert quotes(shuffled) == quotes(docs)


# --- the example shipped in the repo ------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> tuple[Quote, ...]:
    return quotes(_example_documents())


def test_example_marrow_quote_groups_all_five_outlets(example: tuple[Quote, ...]) -> None:
    quote = group_with(example, "reopen the channel")
    assert quote is example[0]
    assert quote.speaker == "Ilse Marrow"
    assert quote.text == _MARROW
    assert documents_of(quote) == {"01_", "02_", "03_", "04_", "05_"}
    wordings = {o.document[:2]: o.text for o in quote.occurrences}
    assert wordings["03"] == "We won't reopen the channel after dark until we're sure it is safe"
    assert wordings["05"] == "until we are certain it is safe"


def test_example_split_quote_and_other_speakers(example: tuple[Quote, ...]) -> None:
    assert group_with(example, "The hull is intact").speaker == "Ilse Marrow"
    assert documents_of(group_with(example, "Our priority now")) == {"01_", "02_"}
    assert group_with(example, "We warned the port authority").speaker == "Rafe Dunmore"
    assert group_with(example, "two people cannot safely run").speaker == "Rafe Dunmore"
    assert group_with(example, "Now everyone is listening").speaker == "Rafe Dunmore"
    assert group_with(example, "People in Calderhaven deserve").speaker == "Tomas Vey"
    assert group_with(example, "Groundings almost never").speaker == "Odile Farrant"


def test_example_reported_statements_are_not_quotes(example: tuple[Quote, ...]) -> None:
    assert all(not o.reported for q in example for o in q.occurrences)
    assert len(example) == 9


# --- the reference seeds -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return process([SEEDS])


@pytest.fixture(scope="module")
def seed_quotes(seeds: Corpus) -> tuple[Quote, ...]:
    return quotes(seeds.documents)


@pytest.mark.shared
def test_seeds_disagreements_quote(seed_quotes: tuple[Quote, ...]) -> None:
    quote = group_with(seed_quotes, "Disagreements should not overshadow")
    assert quote.speaker == RASMUSSEN
    assert {(o.document[:3], o.reported) for o in quote.occurrences} == {("000", True), ("001", False), ("002", False)}


@pytest.mark.shared
def test_seeds_terms_of_cooperation_both_wordings(seed_quotes: tuple[Quote, ...]) -> None:
    quote = group_with(seed_quotes, "terms of cooperation")
    assert quote.speaker == RASMUSSEN
    texts = [o.text.replace("’", "'") for o in quote.occurrences]
    assert any("to strengthen Russia's terms of cooperation" in t for t in texts)
    assert any("to step up its terms of cooperation" in t for t in texts)
    assert "strengthen Russia" in quote.text  # the wording two outlets share is canonical
    assert documents_of(quote) == {"000", "001", "003"}


@pytest.mark.shared
def test_seeds_helicopter_quote(seed_quotes: tuple[Quote, ...]) -> None:
    quote = group_with(seed_quotes, "I suggested a helicopter package")
    assert quote.speaker == RASMUSSEN
    assert documents_of(quote) == {"000", "001", "002"}
    assert quote.text.startswith("I suggested a helicopter package. I think")  # the fuller wording


@pytest.mark.shared
@pytest.mark.parametrize(
    ("phrase", "speaker", "document"),
    [
        ("NATO will never attack Russia", RASMUSSEN, "004"),
        ("A unification of Russian and NATO efforts", "Vladimir Putin", "003"),
        ("We have many reasons for interaction", "Dmitry Medvedev", "003"),
        ("serious, concrete discussions", "Fyodor Lukyanov", "004"),
        ("Our helping the NATO countries", "Ruslan Pukhov", "004"),
        ("to normalise relations", "Sergei Lavrov", "002"),
        ("A lot of documents already exist", RASMUSSEN, "003"),
        ("However, NATO is interested", RASMUSSEN, "003"),
        ("And we don't think Russia will attack us", RASMUSSEN, "004"),
    ],
)
def test_seeds_speakers(seed_quotes: tuple[Quote, ...], phrase: str, speaker: str, document: str) -> None:
    quote = group_with(seed_quotes, phrase)
    assert quote.speaker == speaker
    assert documents_of(quote) == {document}


@pytest.mark.shared
def test_seeds_paraphrase_is_not_forced_into_a_quote(seed_quotes: tuple[Quote, ...]) -> None:
    # 003 paraphrases the "Disagreements" quote ("admitted to disagreements …, but said they
    # should not overshadow …"): indirect speech, not a wording of the quote.
    assert "003" not in documents_of(group_with(seed_quotes, "Disagreements should not overshadow"))


@pytest.mark.shared
def test_seeds_quotes_are_fast(seeds: Corpus) -> None:
    quotes(seeds.documents)  # warm-up: regular expressions compile on first use
    began = time.perf_counter()
    quotes(seeds.documents)
    assert time.perf_counter() - began < 0.5  # about 0.03 s on the development machine
