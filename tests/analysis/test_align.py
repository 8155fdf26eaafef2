"""Fact alignment: paraphrases across outlets become one Fact, with independent sources counted.

The mini-documents are invented for these tests (a fictional library fire in "Brackenford");
the seeds (third-party) are read from ../shared and skipped when absent.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import Document, process, segment
from storyfuse.analysis.align import AlignConfig, align_facts, group_keys
from storyfuse.errors import ConfigError, InputError
from storyfuse.model import Fact

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calderhaven"


def doc(doc_id: str, *sentences: str) -> Document:
    text = " ".join(sentences)
    return Document(doc_id, f"{doc_id}.txt", text, sentences=segment(text))


LANTERN = doc(
    "lantern",
    "A fire broke out at the Brackenford public library late on Sunday night, destroying the reading room.",
    "Firefighters brought the blaze under control after three hours.",
    "The library will stay closed for at least two months, the council said.",
    "Mayor Petra Holm called the loss heartbreaking.",
)
# A syndicated copy of the Lantern story, lightly edited.
LANTERN_COPY = doc(
    "lantern-copy",
    "A fire broke out at Brackenford's public library late on Sunday night, destroying its reading room.",
    "Firefighters brought the blaze under control after three hours.",
    "The library will stay closed for at least two months, council officials said.",
)
POST = doc(
    "post",
    "The reading room of Brackenford's public library was destroyed when a fire broke out late Sunday.",
    "Local bakeries reported record sales of plum cake over the weekend.",
    "Crews needed three hours to bring the blaze at the library under control.",
    "Council officials said the library would remain closed for at least two months.",
)
STORY = (LANTERN, LANTERN_COPY, POST)
COPIES = [["lantern", "lantern-copy"]]


def fact_with(facts: tuple[Fact, ...], document: str, sentence: int) -> Fact:
    return next(f for f in facts if any(r.document == document and r.sentence == sentence for r in f.support))


def documents_of(fact: Fact) -> set[str]:
    return {r.document for r in fact.support}


# ------------------------------------------------------------------------ invented documents


def test_paraphrases_align_across_documents() -> None:
    facts = align_facts(STORY, COPIES)
    fire = fact_with(facts, "post", 0)
    assert documents_of(fire) == {"lantern", "lantern-copy", "post"}
    blaze = fact_with(facts, "post", 2)
    assert {(r.document, r.sentence) for r in blaze.support} == {("lantern", 1), ("lantern-copy", 1), ("post", 2)}
    closed = fact_with(facts, "post", 3)
    assert documents_of(closed) == {"lantern", "lantern-copy", "post"}


def test_unrelated_sentences_stay_apart() -> None:
    facts = align_facts(STORY, COPIES)
    cake = fact_with(facts, "post", 1)
    mayor = fact_with(facts, "lantern", 3)
    assert [(r.document, r.sentence) for r in cake.support] == [("post", 1)]
    assert [(r.document, r.sentence) for r in mayor.support] == [("lantern", 3)]
    assert cake.single_source and mayor.single_source


def test_every_sentence_is_in_exactly_one_fact() -> None:
    facts = align_facts(STORY, COPIES)
    seen = Counter((r.document, r.sentence) for f in facts for r in f.support)
    expected = {(d.id, k) for d in STORY for k in range(len(d.sentences))}
    assert set(seen) == expected
    assert set(seen.values()) == {1}


def test_at_most_one_sentence_per_document_per_fact() -> None:
    # The second document says the same thing twice; only one of its sentences can join.
    twice = doc(
        "twice",
        "Firefighters brought the blaze under control after three hours.",
        "After three hours firefighters brought the blaze under control.",
    )
    facts = align_facts((LANTERN, twice))
    blaze = fact_with(facts, "lantern", 1)
    assert documents_of(blaze) == {"lantern", "twice"}
    assert len(blaze.support) == 2
    for fact in facts:
        assert len(documents_of(fact)) == len(fact.support)


def test_independent_sources_counts_groups_not_documents() -> None:
    facts = align_facts(STORY, COPIES)
    fire = fact_with(facts, "post", 0)
    assert len(fire.support) == 3
    assert fire.independent_sources == 2
    assert not fire.single_source


def test_syndicated_copies_alone_are_single_source() -> None:
    facts = align_facts((LANTERN, LANTERN_COPY), COPIES)
    fire = fact_with(facts, "lantern", 0)
    assert documents_of(fire) == {"lantern", "lantern-copy"}
    assert fire.independent_sources == 1
    assert fire.single_source
    # Without the groups, the same two documents are two sources.
    apart = fact_with(align_facts((LANTERN, LANTERN_COPY)), "lantern", 0)
    assert apart.independent_sources == 2
    assert not apart.single_source


def test_ids_and_order() -> None:
    facts = align_facts(STORY, COPIES)
    assert [f.id for f in facts] == [f"f{k}" for k in range(1, len(facts) + 1)]
    keys = [(-f.independent_sources, -len(f.support), f.support[0].document, f.support[0].sentence)
            for f in facts]
    assert keys == sorted(keys)
    for fact in facts:
        assert fact.support == tuple(sorted(fact.support, key=lambda r: (r.document, r.sentence)))
        assert fact.text in {r.text for r in fact.support}


def test_support_refs_point_at_the_sentences() -> None:
    by_id = {d.id: d for d in STORY}
    for fact in align_facts(STORY):
        for ref in fact.support:
            assert by_id[ref.document].sentences[ref.sentence].text == ref.text


def test_representative_text_is_the_most_central_sentence() -> None:
    fire = fact_with(align_facts(STORY, COPIES), "post", 0)
    # Both Lantern versions resemble each other and the Post; the Post's wording is the outlier.
    assert fire.text != POST.sentences[0].text


def test_groups_are_joined_when_they_share_a_document_and_unknown_ids_ignored() -> None:
    groups = group_keys(["a", "b", "c", "d"], [["a", "b"], ["b", "c"], ["x", "d"]])
    assert groups["a"] == groups["b"] == groups["c"] == "a"
    assert groups["d"] == "d"


def test_empty_and_sentence_less_input() -> None:
    assert align_facts(()) == ()
    assert align_facts((Document("empty", "empty.txt", ""),)) == ()


def test_a_document_alone_gives_single_source_facts() -> None:
    facts = align_facts((POST,))
    assert len(facts) == len(POST.sentences)
    assert all(f.single_source and f.independent_sources == 1 for f in facts)


def test_duplicate_document_ids_are_rejected() -> None:
    with pytest.raises(InputError, match="duplicate document id"):
        align_facts((LANTERN, LANTERN))


@pytest.mark.parametrize(
    "settings_",
    [{"threshold": 0.0}, {"threshold": 5.0}, {"name_bonus": -0.1}, {"stem_length": 2}, {"min_shared": 0}],
)
def test_config_rejects_nonsense(settings_: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        AlignConfig(**settings_)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["fire", "mill", "river", "#40", "council", "books"]), max_size=6),
                min_size=1, max_size=8), st.booleans())
def test_tfidf_rows_match_scikit_learn(bags: list[list[str]], binary: bool) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storyfuse.analysis.align.features import tfidf

    if not any(bags):
        return
    ours = tfidf(bags, binary)
    theirs = TfidfVectorizer(analyzer=lambda bag: bag, sublinear_tf=True, binary=binary).fit_transform(bags)
    assert np.allclose((ours @ ours.T).toarray(), (theirs @ theirs.T).toarray())


def test_a_higher_threshold_never_merges_more() -> None:
    loose = align_facts(STORY, COPIES, AlignConfig(threshold=0.1))
    strict = align_facts(STORY, COPIES, AlignConfig(threshold=0.9))
    assert len(strict) >= len(loose)


def test_ten_documents_of_thirty_sentences_align_quickly() -> None:
    # The budget is 0.2 s for ~300 sentences on one core; the assertion leaves room for slow CI.
    base = [*LANTERN.sentences, *POST.sentences]
    documents = [doc(f"d{n}", *(f"{s.text[:-1]} on day {n} item {k}." for k in range(4) for s in base))
                 for n in range(10)]
    assert sum(len(d.sentences) for d in documents) == 320
    start = time.perf_counter()
    align_facts(documents)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------- order independence

POOL = [s.text for d in STORY for s in d.sentences] + [
    "The council has not said what caused the fire.",
    "Brackenford library holds about 40,000 books.",
    "About 40,000 books were kept at the Brackenford library.",
]


@st.composite
def stories(draw: st.DrawFn) -> tuple[list[Document], list[list[str]]]:
    count = draw(st.integers(min_value=1, max_value=5))
    documents = [
        doc(f"doc{n}", *draw(st.lists(st.sampled_from(POOL), min_size=0, max_size=6, unique=True)))
        for n in range(count)
    ]
    ids = [d.id for d in documents]
    groups = draw(st.lists(st.lists(st.sampled_from(ids), min_size=1, max_size=3), max_size=2))
    return draw(st.permutations(documents)), groups


@settings(max_examples=40, deadline=None)
@given(stories(), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_document_order(
    story: tuple[list[Document], list[list[str]]], rng: random.Random
) -> None:
    documents, groups = story
    shuffled = list(documents)
    rng.shuffle(shuffled)
    assert align_facts(shuffled, groups) == align_facts(documents, groups)
    assert align_facts(shuffled, [list(reversed(g)) for g in reversed(groups)]) == align_facts(documents, groups)


# ------------------------------------------------------------------------------ the seeds


@pytest.fixture(scope="module")
def seed_facts() -> tuple[Fact, ...]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return align_facts(process([SEEDS]).documents, [["000_4eff0fda7d4be9ff", "001_f6d4b04904632101"]])


def test_seeds_opening_fact_has_three_independent_outlets(seed_facts: tuple[Fact, ...]) -> None:
    opening = fact_with(seed_facts, "000_4eff0fda7d4be9ff", 0)
    assert "asked Russia" in opening.text
    # Reuters and its Moscow Times reprint (one group), the BBC's "has asked Russia to provide
    # helicopters" and RFE/RL's "came to Moscow with a list of military equipment" leads.
    for lead in ("001_f6d4b04904632101", "002_12abb3e603c11cd2", "004_660548e0e025d4a2"):
        assert (lead, 0) in {(r.document, r.sentence) for r in opening.support}
    assert opening.independent_sources >= 3
    assert opening.id == "f1"


def test_seeds_helicopter_quote_is_aligned_across_outlets(seed_facts: tuple[Fact, ...]) -> None:
    helicopters = next(f for f in seed_facts if "helicopter training and spare parts" in f.text)
    assert helicopters.independent_sources >= 3


# -------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def example_facts() -> tuple[Fact, ...]:
    return align_facts(process([EXAMPLE]).documents, [["01_northwire", "02_coastal-ledger"]])


def test_example_grounding_fact_has_three_independent_sources(example_facts: tuple[Fact, ...]) -> None:
    grounding = next(f for f in example_facts if any("struck a sandbank" in r.text for r in f.support))
    assert grounding.independent_sources >= 3
    assert {"01_northwire", "02_coastal-ledger", "03_valley-broadcast"} <= documents_of(grounding)


def test_example_lead_grounding_and_night_sailings_fact(example_facts: tuple[Fact, ...]) -> None:
    # Northwire's lead: "A container ship ran aground ... and the port authority suspended all
    # night sailings"; the Coastal Ledger reprints it, VBN and the Harbour Gazette reword it.
    lead = fact_with(example_facts, "01_northwire", 0)
    outlets = {"01_northwire", "02_coastal-ledger", "03_valley-broadcast", "04_harbour-gazette"}
    assert outlets <= documents_of(lead)
    assert lead.independent_sources >= 3
    # The reprint counts once.
    assert lead.independent_sources == len(documents_of(lead)) - 1


def test_example_marrow_quote_is_reported_by_all_five(example_facts: tuple[Fact, ...]) -> None:
    quote = next(f for f in example_facts if "until we are certain it is safe" in f.text)
    assert len(documents_of(quote)) == 5
    assert quote.independent_sources == 4
