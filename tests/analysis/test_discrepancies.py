"""Discrepancies: figures that differ inside a fact, single-source figures, quote wordings."""

from __future__ import annotations

from storyfuse.analysis.discrepancies import figures, find_discrepancies
from storyfuse.model import Fact, Quote, QuoteOccurrence, SentenceRef


def fact(*refs: tuple[str, str], sources: int = 2) -> Fact:
    support = tuple(SentenceRef(doc, 0, text) for doc, text in refs)
    return Fact("f1", refs[0][1], support, sources)


def test_figures_with_what_they_count() -> None:
    assert figures("A 180-metre ship with about 1,400 containers grounded at 2.40am.") == {
        "metre": "180", "container": "1400", "time": "2:40 a.m."}
    assert figures("The crew of 21 was unharmed.") == {"crew": "21"}
    assert figures("2 tugs stood by; one day the ferry came back.") == {"tug": "2"}
    assert figures("The tide turns at 4:10 p.m.") == {"time": "4:10 p.m."}


def test_different_numbers_for_the_same_thing_are_a_discrepancy() -> None:
    f = fact(("a", "The 180-metre ship ran aground."), ("b", "The 190-metre ship ran aground."),
             ("c", "The 180-metre vessel ran aground on Tuesday."), sources=3)
    [found] = find_discrepancies([f], [], [["a"], ["b"], ["c"]])
    assert found.kind == "number"
    assert [(s.value, s.documents) for s in found.sides] == [("180 metre", ("a", "c")), ("190 metre", ("b",))]


def test_a_figure_only_one_source_gives_is_single_source() -> None:
    f = fact(("a", "The ship ran aground with 1,400 containers on board."), ("b", "The ship ran aground."))
    [found] = find_discrepancies([f], [], [["a"], ["b"]])
    assert found.kind == "single-source"
    assert found.sides[0].value == "1400 container"


def test_copies_of_one_story_do_not_confirm_a_figure() -> None:
    f = fact(("wire", "The ship carried 1,400 containers."), ("copy", "The ship carried 1,400 containers."),
             sources=1)
    assert find_discrepancies([f], [], [["wire", "copy"]]) == ()


def test_quote_wordings_that_differ_are_listed_with_their_outlets() -> None:
    quote = Quote("Ilse Marrow", "We will not reopen the channel at night", (
        QuoteOccurrence("a", 2, "We will not reopen the channel at night"),
        QuoteOccurrence("b", 4, "We will not reopen the channel at night,"),
        QuoteOccurrence("c", 1, "We won't reopen the channel after dark"),
        QuoteOccurrence("d", 3, "reopen the channel at night"),  # a partial quote is no rewording
    ))
    [found] = find_discrepancies([], [quote], [["a"], ["b"], ["c"]])
    assert found.kind == "quote wording"
    assert [s.documents for s in found.sides] == [("a", "b"), ("c",)]
    assert "Ilse Marrow" in found.description


def test_sources_disagreeing_across_unaligned_sentences() -> None:
    facts = [
        Fact("f1", "x", (SentenceRef("a", 0, "The crew of 21 was unharmed."),
                         SentenceRef("b", 0, "The crew of 21 stayed on board.")), 1),
        Fact("f2", "y", (SentenceRef("c", 3, "All 23 crew members were accounted for."),), 1),
    ]
    [found] = find_discrepancies(facts, [], [["a", "b"], ["c"]], names={"c": "Valley Broadcasting"})
    assert found.kind == "number"
    assert [(s.value, s.documents) for s in found.sides] == [("21 crew", ("a", "b")), ("23 crew", ("c",))]
    assert "Valley Broadcasting" in found.description


def test_descriptions_name_outlets_whose_ids_are_digits_of_the_figures() -> None:
    """Ids "1", "5" and "18" are also digits of "180", "15" and "1,518", and "18" is part of an
    outlet's name: the descriptions are built from the sides, nothing is substituted."""
    names = {"1": "Northwire", "5": "Reuters", "18": "Valley 18 News"}
    shared = Fact("f1", "The 180-metre ship ran aground with 15 crew.", (
        SentenceRef("1", 0, "The 180-metre ship ran aground with 15 crew."),
        SentenceRef("5", 0, "The 190-metre ship ran aground with 15 crew."),
        SentenceRef("18", 2, "The 180-metre vessel, carrying 1,518 containers, ran aground with 15 crew.")), 3)
    tugs = [Fact("f2", "x", (SentenceRef("1", 3, "The 5 tugs stood by."),), 1),
            Fact("f3", "y", (SentenceRef("18", 4, "Only 1 tug came."),), 1)]
    quote = Quote("Ilse Marrow", "We will reopen in 15 days", (
        QuoteOccurrence("1", 1, "We will reopen in 15 days"), QuoteOccurrence("18", 1, "We shall open again in 18 days")))
    found = find_discrepancies([shared, *tugs], [quote], [["1"], ["5"], ["18"]], names=names)
    assert [d.description for d in found] == [
        # The sentence quoted is the outlet's own, the one that gives the figure.
        "Only Valley 18 News gives the figure 1518 container: "
        "\"The 180-metre vessel, carrying 1,518 containers, ran aground with 15 crew.\"",
        "Sources disagree on the metre: 180 metre (Northwire, Valley 18 News) vs 190 metre (Reuters) "
        "— in \"The 180-metre ship ran aground with 15 crew.\"",
        "Sources disagree on the tug: 1 tug (Valley 18 News) vs 5 tug (Northwire)",
        "Outlets word Ilse Marrow's quote differently: “We shall open again in 18 days” (Valley 18 News) "
        "vs “We will reopen in 15 days” (Northwire)",
    ]
    assert [s.documents for s in found[1].sides] == [("1", "18"), ("5",)]  # the sides keep the ids


def test_a_long_wording_is_shortened_in_the_description_but_not_on_its_side() -> None:
    long = "We will not reopen the channel " + "and we will keep watching the tide " * 10
    quote = Quote("Ilse Marrow", long, (QuoteOccurrence("a", 1, long),
                                        QuoteOccurrence("b", 1, "We won't reopen the channel after dark")))
    [found] = find_discrepancies([], [quote], [["a"], ["b"]])
    assert found.sides[0].value == long
    assert len(found.description) < len(long) and "…” (a) vs “We won't reopen the channel after dark” (b)" in found.description


def test_a_figure_another_outlet_gives_elsewhere_in_the_story_is_not_single_source() -> None:
    """Civic Radio's "21 crew" joins a fact where no one else gives the crew; Northwire gives
    "the crew of 21" in another sentence, so the figure is not single-source."""
    lead = Fact("f1", "The ship ran aground on Tuesday.", (
        SentenceRef("north", 0, "The ship ran aground on Tuesday."),
        SentenceRef("civic", 0, "The ship ran aground on Tuesday; its 21 crew stayed on board.")), 2)
    crew = Fact("f2", "x", (SentenceRef("north", 3, "The crew of 21 was unharmed."),), 1)
    assert find_discrepancies([lead, crew], [], [["north"], ["civic"]]) == ()
    alone = find_discrepancies([lead], [], [["north"], ["civic"]], names={"civic": "Civic Radio"})
    assert [d.description for d in alone] == [
        "Only Civic Radio gives the figure 21 crew: \"The ship ran aground on Tuesday; its 21 crew stayed on board.\""]
