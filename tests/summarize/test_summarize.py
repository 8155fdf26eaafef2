"""Extractive summary: budget, corroborated lead, one sentence per fact, citations per group.

The mini-documents are invented for these tests (a fictional dam spillway failure at
"Tarnwick"); the seeds (third-party) are read from ../shared and skipped when absent.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import Document, RunConfig, Runner, process, segment
from storyfuse.analysis.align import align_facts
from storyfuse.analysis.syndication import find_syndication
from storyfuse.analysis.verify import lexical_only
from storyfuse.errors import ConfigError
from storyfuse.model import Fact, SummarySentence
from storyfuse.summarize import SummaryConfig, prepare, summarize_table
from storyfuse.summarize.candidates import is_summary_worthy, leans_on_context, strip_dateline
from storyfuse.summarize.select import scores

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def summarize(documents: tuple[Document, ...], facts: tuple[Fact, ...], groups: object,
              config: SummaryConfig = SummaryConfig()) -> tuple[SummarySentence, ...]:
    """The summarizer's two stages on given facts: the candidate table, then selection."""
    return summarize_table(prepare(documents, facts, groups, config), config)  # type: ignore[arg-type]


def summarize_documents(documents: object, config: SummaryConfig = SummaryConfig(),
                        quick: bool = False) -> tuple[SummarySentence, ...]:
    """The summary-only mode, as `storyfuse eval` runs it."""
    run = RunConfig(summary=replace(config, quick=quick))
    return Runner(run).summary(tuple(documents))  # type: ignore[arg-type]


def doc(doc_id: str, *sentences: str) -> Document:
    text = "\n\n".join(sentences)
    return Document(doc_id, f"{doc_id}.txt", text, sentences=segment(text))


# Page furniture and other lines that must never reach a summary; one of each kind.
QUESTION = "What do you think the council should do about the flooded valley now?"
BYLINE = "By Mara Quill and Tomas Venn."
CAPTION = "The mayor (left) inspects the damaged spillway with two engineers on Tuesday."
SIGN_UP = "Sign up for the Tarnwick Courier morning briefing to get the latest flood news."
SHORT = "Nobody saw it coming."
NO_ENDING = "Tarnwick dam latest updates and pictures from the valley"
LONG = " ".join(["The valley, which lies below the reservoir and"] * 8) + " is flat."
FURNITURE = (QUESTION, BYLINE, CAPTION, SIGN_UP, SHORT, NO_ENDING, LONG)

WIRE_LEAD = ("The spillway of the Tarnwick dam collapsed early on Tuesday, flooding the Orrin valley "
             "and forcing 1,200 residents from their homes.")
WIRE = doc(
    "wire",
    "TARNWICK, May 4 (Northwire) - " + WIRE_LEAD,
    "Emergency crews evacuated 1,200 residents of the Orrin valley before dawn, the county said.",
    "Engineers had warned in March that cracks in the Tarnwick spillway were growing.",
    "\"We told them the concrete would not last another winter,\" said engineer Ilse Marrow.",
    "The regional water board has ordered an inquiry into the spillway inspections.",
)
# A syndicated copy of the wire story, lightly edited: one independent source with it.
WIRE_COPY = doc(
    "wire-copy",
    "The spillway of the Tarnwick dam collapsed early on Tuesday, flooding the Orrin valley "
    "and forcing 1,200 people from their homes.",
    "Emergency crews evacuated 1,200 residents of the Orrin valley before dawn, the county said.",
    "Engineers had warned in March that cracks in the Tarnwick spillway were growing.",
    "\"We told them the concrete would not last another winter,\" said engineer Ilse Marrow.",
)
GAZETTE = doc(
    "gazette",
    "The Tarnwick dam spillway collapsed on Tuesday morning, sending water across the Orrin valley "
    "and driving 1,200 residents from their homes.",
    BYLINE,
    "Emergency crews evacuated 1,200 Orrin valley residents before dawn, county officials said.",
    CAPTION,
    "The old mill bridge at Ferrow was swept away by the water shortly after seven o'clock.",
    QUESTION,
    SIGN_UP,
)
HERALD = doc(
    "herald",
    "About 1,200 residents of the Orrin valley fled their homes on Tuesday after the Tarnwick dam "
    "spillway collapsed and flooded the valley.",
    SHORT,
    NO_ENDING,
    "Engineers had warned in March that cracks in the spillway at Tarnwick were growing, "
    "according to inspection records.",
    "Farmers in the lower valley said they had lost most of their spring lambs to the flood.",
    LONG,
)
STORY = (WIRE, WIRE_COPY, GAZETTE, HERALD)
GROUPS = (("gazette",), ("herald",), ("wire", "wire-copy"))


def facts_of(documents: tuple[Document, ...] = STORY) -> tuple[Fact, ...]:
    return align_facts(documents, GROUPS)


def fact_at(facts: tuple[Fact, ...], document: str, sentence: int) -> Fact:
    return next(f for f in facts if any((r.document, r.sentence) == (document, sentence) for r in f.support))


def fact_of(facts: tuple[Fact, ...], sentence: SummarySentence) -> Fact:
    return fact_at(facts, sentence.origin.document, sentence.origin.sentence)


def words(summary: tuple[SummarySentence, ...]) -> int:
    return sum(len(s.text.split()) for s in summary)


# ------------------------------------------------------------------------ the mini-story


def test_the_story_aligns_as_these_tests_assume() -> None:
    facts = facts_of()
    lead = fact_at(facts, "herald", 0)
    assert {r.document for r in lead.support} == {"wire", "wire-copy", "gazette", "herald"}
    assert lead.independent_sources == 3
    assert fact_at(facts, "gazette", 2).independent_sources == 2


@pytest.mark.parametrize("budget", [12, 25, 40, 60, 90, 250])
def test_the_word_budget_is_respected_and_nearly_filled(budget: int) -> None:
    summary = summarize(STORY, facts_of(), GROUPS, SummaryConfig(words=budget))
    assert summary
    assert words(summary) <= budget
    if 40 <= budget <= 90:  # (250 is more than the story has to say)
        # An overflowing sentence is skipped for a shorter one that fits.
        assert words(summary) > budget - 20


def test_a_budget_smaller_than_every_sentence_still_gives_one_sentence() -> None:
    summary = summarize(STORY, facts_of(), GROUPS, SummaryConfig(words=3))
    assert len(summary) == 1


def test_the_most_corroborated_fact_leads() -> None:
    facts = facts_of()
    summary = summarize(STORY, facts, GROUPS)
    top = max(f.independent_sources for f in facts)
    assert fact_of(facts, summary[0]).independent_sources == top == 3
    assert "1,200" in summary[0].text and "spillway" in summary[0].text


def test_the_opening_tells_its_fact_in_the_wording_closest_to_all_outlets() -> None:
    facts = facts_of()
    summary = summarize(STORY, facts, GROUPS)
    assert summary[0].origin.text == fact_of(facts, summary[0]).text


def test_after_the_opening_what_every_outlet_reports_comes_first() -> None:
    facts = facts_of()
    summary = summarize(STORY, facts, GROUPS, SummaryConfig(words=1000))
    everyone = [fact_of(facts, s).independent_sources == len(GROUPS) for s in summary[1:]]
    assert any(everyone) and not all(everyone)
    assert everyone == sorted(everyone, reverse=True)


def test_no_two_sentences_tell_the_same_fact() -> None:
    facts = facts_of()
    summary = summarize(STORY, facts, GROUPS, SummaryConfig(words=1000))
    told = Counter(fact_of(facts, s).id for s in summary)
    assert set(told.values()) == {1}
    texts = [s.text for s in summary]
    assert len(set(texts)) == len(texts)


def test_citations_are_one_document_per_independent_group() -> None:
    facts = facts_of()
    group_of = {d: g[0] for g in GROUPS for d in g}
    for sentence in summarize(STORY, facts, GROUPS, SummaryConfig(words=1000)):
        fact = fact_of(facts, sentence)
        supporting_groups = {group_of[r.document] for r in fact.support}
        assert len(sentence.citations) == len(supporting_groups) == fact.independent_sources
        assert {group_of[d] for d in sentence.citations} == supporting_groups
        assert list(sentence.citations) == sorted(sentence.citations)


def test_a_syndicated_copy_is_cited_once_through_its_earliest_document() -> None:
    summary = summarize(STORY, facts_of(), GROUPS)
    assert summary[0].citations == ("gazette", "herald", "wire")
    # Without the syndication groups the copy would count as a source of its own.
    alone = summarize(STORY, align_facts(STORY), ())
    assert len(alone[0].citations) == 4


def test_text_is_copied_from_its_origin_without_the_dateline() -> None:
    by_id = {d.id: d for d in STORY}
    for sentence in summarize(STORY, facts_of(), GROUPS, SummaryConfig(words=1000)):
        origin = sentence.origin
        assert by_id[origin.document].sentences[origin.sentence].text == origin.text
        assert origin.text.endswith(sentence.text)
        assert "(Northwire)" not in sentence.text
    wire_lead = summarize((WIRE,), align_facts((WIRE,)), (), SummaryConfig(words=60))[0]
    assert wire_lead.text == WIRE_LEAD
    assert wire_lead.origin.text.startswith("TARNWICK, May 4 (Northwire) - ")


def test_furniture_like_sentences_never_appear() -> None:
    summary = summarize(STORY, facts_of(), GROUPS, SummaryConfig(words=1000))
    texts = {s.text for s in summary}
    assert texts.isdisjoint(FURNITURE)
    # With that much room every real report sentence is used (one per fact).
    assert len(summary) >= 7


@settings(max_examples=20, deadline=None)
@given(st.permutations(STORY))
def test_document_order_does_not_matter(order: list[Document]) -> None:
    documents = tuple(order)
    groups = tuple(reversed(GROUPS))
    expected = summarize(STORY, facts_of(), GROUPS)
    assert summarize(documents, align_facts(documents, groups), groups) == expected
    assert summarize_documents(documents) == summarize_documents(STORY)


@settings(max_examples=10, deadline=None)
@given(st.permutations(STORY))
def test_quick_mode_does_not_depend_on_document_order(order: list[Document]) -> None:
    assert summarize_documents(tuple(order), quick=True) == summarize_documents(STORY, quick=True)


def test_quick_mode_cites_independent_groups_and_tells_each_fact_once() -> None:
    summary = summarize_documents(STORY, SummaryConfig(words=1000), quick=True)
    assert summary and "1,200" in summary[0].text
    # The lead fact: wire (with its copy, cited once), gazette and herald.
    assert len(summary[0].citations) == 3 and "wire-copy" not in summary[0].citations
    facts = facts_of()
    told = Counter(fact_of(facts, s).id for s in summary)
    assert set(told.values()) == {1}
    assert {s.text for s in summary}.isdisjoint(FURNITURE)


def test_quick_facts_partition_the_candidates() -> None:
    from storyfuse.summarize import with_quick_facts

    story = with_quick_facts(prepare(STORY, (), GROUPS))
    members = [ref for fact in story.facts for ref in fact.support]
    assert sorted(members, key=lambda r: (r.document, r.sentence)) == sorted(story.refs, key=lambda r: (r.document,
                                                                                                      r.sentence))
    assert all(len({r.document for r in f.support}) == len(f.support) for f in story.facts)
    assert max(story.sources) == 3


def test_summary_only_mode_finds_copies_and_facts_itself() -> None:
    _, groups = find_syndication(STORY)
    assert ("wire", "wire-copy") in groups
    expected = summarize(STORY, align_facts(STORY, groups, verifier=lexical_only()), groups)
    found = summarize_documents(STORY)
    assert [(s.text, s.origin) for s in found] == [(s.text, s.origin) for s in expected]
    # The verifier keeps only the outlets that state each sentence: never more than its fact.
    assert all(set(f.citations) <= set(e.citations) for f, e in zip(found, expected, strict=True))
    assert found[0].citations == ("gazette", "herald", "wire")


def test_one_document_gives_a_lead_first_summary() -> None:
    summary = summarize_documents((HERALD,), SummaryConfig(words=60))
    assert summary[0].origin.sentence == 0
    assert all(s.citations == ("herald",) for s in summary)
    assert words(summary) <= 60


@pytest.mark.parametrize("caption", [
    "Candidate Mara Quill waves to supporters after a rally, Saturday, Oct. 3, 2015, in Tarnwick, Orr.",
    "Engineers inspect the spillway at Tarnwick on Tuesday. (Photo: Tomas Venn/Tarnwick Courier)",
    "Residents leave the valley in boats on Tuesday. REUTERS/Tomas Venn",
    "Image copyright Tarnwick Courier Image caption The spillway gave way before dawn on Tuesday.",
])
def test_inline_photo_captions_are_not_candidates(caption: str) -> None:
    assert not is_summary_worthy(caption, 6, 60)
    assert is_summary_worthy("The spillway of the Tarnwick dam collapsed early on Tuesday, officials said.", 6, 60)


def test_empty_inputs_give_an_empty_summary() -> None:
    assert summarize((), (), ()) == ()
    assert summarize_documents(()) == ()
    assert summarize_documents((Document("empty", "empty.txt", ""),)) == ()
    only_furniture = doc("junk", *FURNITURE)
    assert summarize_documents((only_furniture,)) == ()


def test_a_crawl_notice_and_tweet_boilerplate_give_no_summary() -> None:
    crawl = doc(
        "crawl",
        "These crawls are part of an effort to archive pages as they are created and archived.",
        "The seed for this crawl was a list of every host in the Wayback Machine at that time.",
        "You can add location information to your Tweets, such as your city or precise location.",
    )
    assert summarize_documents((crawl,)) == ()
    # Beside a real report, the boilerplate is simply left out.
    mixed = summarize_documents((crawl, HERALD), SummaryConfig(words=1000))
    assert mixed and {s.origin.document for s in mixed} == {"herald"}


def test_facts_that_miss_sentences_still_work() -> None:
    # A caller may pass only some facts: other sentences count as single-source facts.
    facts = facts_of()[:1]
    summary = summarize(STORY, facts, GROUPS, SummaryConfig(words=1000))
    assert summary[0].citations == ("gazette", "herald", "wire")
    assert all(len(s.citations) == 1 for s in summary[1:])


def test_sentences_that_lean_on_context_are_penalised() -> None:
    leaning = doc(
        "leaning",
        "The county opened two shelters for families from the Orrin valley on Tuesday.",
        "But he said the shelters could take no more than two hundred people each.",
        "\"We are asking everyone who can to stay with relatives,\" said county official Petra Holm.",
    )
    story = prepare((leaning,), align_facts((leaning,)), ())
    assert story.leans.tolist() == [False, True, False]
    config = SummaryConfig()
    penalty = scores(story, replace(config, context_penalty=0.0)) - scores(story, config)
    assert penalty.tolist() == pytest.approx([0.0, config.context_penalty, 0.0])


def test_summary_only_mode_needs_no_spacy() -> None:
    code = (
        "import sys\n"
        "from storyfuse import Document, segment\n"
        "from storyfuse import Runner\n"
        "text = 'The dam failed on Tuesday morning after heavy rain in the hills.'\n"
        "summary = Runner().summary([Document('a', 'a.txt', text, sentences=segment(text))])\n"
        "assert summary and 'spacy' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "settings_",
    [{"words": 0}, {"min_words": 0}, {"min_words": 9, "max_words": 8}, {"length_target": 0},
     {"redundancy_threshold": 0.0}, {"redundancy_weight": -1.0}],
)
def test_config_rejects_nonsense(settings_: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        SummaryConfig(**settings_)  # type: ignore[arg-type]


# ------------------------------------------------------------------------ sentence rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW - Talks began on Monday.", "Talks began on Monday."),
        ("TARNWICK, May 4 (Northwire) - The dam failed.", "The dam failed."),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "The Senate voted on Tuesday."),
        ("(CNN) — A storm hit the coast.", "A storm hit the coast."),
        ("The man - who was 40 - died on Sunday.", "The man - who was 40 - died on Sunday."),
    ],
)
def test_datelines_are_stripped(text: str, expected: str) -> None:
    assert strip_dateline(text) == expected


@pytest.mark.parametrize("text", FURNITURE)
def test_furniture_is_not_summary_worthy(text: str) -> None:
    assert not is_summary_worthy(text, 6, 60)


@pytest.mark.parametrize(
    "text",
    [
        "By Tuesday evening the water had reached the outskirts of Ferrow.",
        "Traffic on the valley road slowed to a crawl as residents left.",
        "\"You cannot hold back a river,\" the engineer told reporters.",
    ],
)
def test_news_sentences_are_summary_worthy(text: str) -> None:
    assert is_summary_worthy(text, 6, 60)


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("But the board said the inspections were routine.", True),
        ("He said the water was still rising.", True),
        ("\"It is a disaster,\" she said.", True),
        ("However, the county has not confirmed the figure.", True),
        ("The county has not confirmed the figure.", False),
        ("\"It is a disaster,\" said engineer Ilse Marrow.", False),
        ("\"It is a disaster for every farmer in the valley.\"", True),
    ],
)
def test_sentences_that_lean_on_context(text: str, leans: bool) -> None:
    assert leans_on_context(text) is leans


# ------------------------------------------------------------------------ the seeds


@pytest.fixture(scope="module")
def seeds_summary() -> tuple[SummarySentence, ...]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return summarize_documents(process([SEEDS]).documents, SummaryConfig(words=250))


def test_seeds_summary_opens_with_the_request_and_cites_only_verified_outlets(
    seeds_summary: tuple[SummarySentence, ...],
) -> None:
    first = seeds_summary[0]
    assert "Rasmussen" in first.text and "Afghanistan" in first.text
    for sentence in seeds_summary:
        assert sentence.origin.document in sentence.citations
        # Reuters (000_) and its Moscow Times reprint (001_) are one source: cited once at most.
        assert sum(c.startswith(("000_", "001_")) for c in sentence.citations) <= 1
        assert [e.document for e in sentence.support] == list(sentence.citations)


def test_seeds_summary_says_nothing_twice(seeds_summary: tuple[SummarySentence, ...]) -> None:
    assert words(seeds_summary) <= 250
    texts = [s.text for s in seeds_summary]
    assert len(set(texts)) == len(texts)
    bags = [set(t.lower().split()) for t in texts]
    for i, a in enumerate(bags):
        for b in bags[i + 1:]:
            assert len(a & b) / len(a | b) < 0.5
