"""Online story grouping: articles about one event join one story, ids stay put, state round-trips."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.lang import get_language
from storyfuse.stories import Arrival, Changes, StoryConfig, StoryIndex, article_terms
from storyfuse.stories.state import Header, StoryState, legacy_rows
from tests.stories.legacy import version_1_state

EN = get_language()
SHIP = ["The container ship Orla Brandt ran aground at the mouth of Calderhaven harbour on Tuesday.",
        "Salvage tugs will try to refloat the Orla Brandt, aground off Calderhaven's north breakwater.",
        "Calderhaven port suspended night sailings after the Orla Brandt grounding near the breakwater."]
STRIKE = ["Ferry crews of the Calder Line walked out on Wednesday in a strike over pay and rosters.",
          "The Calder Line ferry strike left commuters stranded as crews walked out over pay.",
          "Union leaders said the Calder Line strike over ferry crews' pay would last 48 hours."]
BRIDGE = ["Saltmarsh Bridge reopened to traffic after eight months of repairs, the council said.",
          "The council reopened Saltmarsh Bridge with a weight limit until the repairs are finished."]
START = datetime(2026, 3, 3, 8)


def arrival(name: str, text: str, when: datetime | None = None) -> Arrival:
    return Arrival(name, article_terms(text, None, EN), when)


def stream() -> list[Arrival]:
    texts = [("ship", t) for t in SHIP] + [("strike", t) for t in STRIKE] + [("bridge", t) for t in BRIDGE]
    order = [0, 3, 6, 1, 4, 7, 2, 5]
    return [arrival(f"{texts[k][0]}-{k}", texts[k][1], START + timedelta(hours=k)) for k in order]


def test_articles_about_one_event_join_one_story() -> None:
    placed = dict(StoryIndex().add(stream()))
    by_story: dict[str, set[str]] = {}
    for doc, story in placed.items():
        by_story.setdefault(story, set()).add(doc.split("-")[0])
    assert sorted(sorted(events) for events in by_story.values()) == [["bridge"], ["ship"], ["strike"]]


def test_a_story_id_does_not_change_when_unrelated_articles_arrive() -> None:
    index = StoryIndex()
    first = index.place(arrival("ship-a", SHIP[0]))
    index.add([arrival(f"strike-{k}", t) for k, t in enumerate(STRIKE)])
    assert index.place(arrival("ship-b", SHIP[1])) == first == "s000001"
    assert index.place(arrival("ship-c", SHIP[2])) == first


def test_an_article_long_after_a_story_starts_a_new_one() -> None:
    index = StoryIndex(StoryConfig(window_days=2))
    index.add([arrival(f"strike-{k}", t, START) for k, t in enumerate(STRIKE)])  # the words of another story
    first = index.place(arrival("ship-a", SHIP[0], START))
    assert index.place(arrival("ship-b", SHIP[1], START + timedelta(days=1))) == first
    assert index.place(arrival("ship-c", SHIP[2], START + timedelta(days=30))) != first


def restored(rows: list[Changes]) -> StoryIndex:
    """The index rebuilt from every row written so far, the latest of each, as a store keeps them."""
    terms = {row.term: row for changes in rows for row in changes.terms}
    stories = {state.id: state for changes in rows for state in changes.stories}
    return StoryIndex.restore(rows[-1].header, terms.values(), stories.values())


def test_the_state_rows_rebuild_an_index_that_goes_on_the_same() -> None:
    arrivals = stream()
    expected = StoryIndex().add(arrivals)
    half = StoryIndex()
    got, rows = [], []
    for k in range(0, 6, 2):  # three batches, each writing only its changed rows
        got += half.add(arrivals[k:k + 2])
        rows.append(half.changes())
    resumed = restored(rows)
    assert resumed.frequency == half.frequency and resumed.postings == half.postings
    assert got + resumed.add(arrivals[6:]) == expected


def test_changes_hold_only_what_changed_since_the_last_call() -> None:
    index = StoryIndex()
    index.add(stream()[:3])
    first = index.changes()
    assert {state.id for state in first.stories} == set(index.stories)
    assert index.changes().terms == () and index.changes().stories == ()
    story = index.place(arrival("ship-z", SHIP[1]))
    later = index.changes()
    assert [state.id for state in later.stories] == [story]
    assert {row.term for row in later.terms} == set(article_terms(SHIP[1], None, EN))
    assert later.header == Header(4, index.counter)


def test_story_state_bytes_round_trip_exactly() -> None:
    index = StoryIndex()
    index.add(stream())
    for state in index.changes().stories:
        assert StoryState.from_bytes(state.id, state.to_bytes()) == state


def test_a_version_1_state_is_read_into_rows() -> None:
    index = StoryIndex()
    index.add(stream()[:5])
    legacy = version_1_state(index)
    old = legacy_rows(legacy)
    resumed = StoryIndex.restore(old.header, old.terms, old.stories)
    assert resumed.add(stream()[5:]) == index.add(stream()[5:])
    with pytest.raises(ValueError, match="version 2"):
        legacy_rows(old.header.to_json())


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.permutations(list(range(8))))
def test_postings_stay_bounded_and_every_article_is_placed(order: list[int]) -> None:
    arrivals = stream()
    index = StoryIndex(StoryConfig(postings=2))
    placed = index.add([arrivals[k] for k in order])
    assert len(placed) == 8 and all(story in index.stories for _, story in placed)
    assert all(len(stories) <= 2 for stories in index.postings.values())
    assert sum(s.size for s in index.stories.values()) == 8


def test_a_term_counted_zero_times_is_not_in_the_article() -> None:
    index = StoryIndex()
    index.place(Arrival("a", Counter({"harbour": 0, "ship": 3})))
    assert index.frequency == Counter({"ship": 1})
    assert [dict(s.vector) for s in index.changes().stories][0].keys() == {"ship"}
