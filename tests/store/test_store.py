"""Reading: story listings, snapshots and full-text search."""

from __future__ import annotations

import pytest

from storyfuse.errors import ConfigError, InputError
from storyfuse.store import MARK_END, MARK_START, Store
from tests.store.helpers import add, doc


@pytest.fixture
def news(store: Store) -> Store:
    with store.batch() as batch:
        add(batch, doc("a", "A crane collapsed at Calderhaven harbour. Two dockers were hurt.",
                       title="Harbour crane collapses", source="Coast Daily", published="2024-05-01T08:00:00Z"))
        add(batch, doc("b", "Dockers at Calderhaven walked out after the crane accident.",
                       title="Dockers strike", source="Wire", published="2024-05-03T08:00:00Z"))
        add(batch, doc("c", "The ferry to Lunde resumed its crossings on Tuesday.",
                       title="Ferry back", source="Wire", published="2024-04-20"))
        add(batch, doc("d", "Café owners in Calderhaven counted the cost of the storm.", title=None))
        batch.assign("a", "crane")
        batch.assign("b", "crane")
        batch.assign("c", "ferry")
    return store


def test_stories_come_latest_first(news: Store) -> None:
    assert [row.id for row in news.stories()] == ["crane", "ferry"]
    assert [row.id for row in news.stories(limit=1)] == ["crane"]
    assert news.stories(limit=0) == []


def test_stories_since_a_date_or_time(news: Store) -> None:
    assert [row.id for row in news.stories(since="2024-05-01")] == ["crane"]
    assert [row.id for row in news.stories(since="2024-05-03T10:00:00+02:00")] == ["crane"]
    assert news.stories(since="2024-05-03T08:00:01Z") == []


def test_bad_listing_arguments_are_one_line_errors(news: Store) -> None:
    with pytest.raises(InputError, match="not an ISO 8601"):
        news.stories(since="last tuesday")
    with pytest.raises(ConfigError):
        news.stories(limit=-1)
    with pytest.raises(ConfigError):
        news.search("crane", limit=0)


def test_article_ids_of_all_or_one_story(news: Store) -> None:
    assert news.article_ids() == ["a", "b", "c", "d"]
    assert news.article_ids("crane") == ["a", "b"]
    assert news.documents("nope") == ()


def test_search_finds_title_and_text_with_story_and_snippet(news: Store) -> None:
    hits = news.search("dockers")
    assert {hit.article_id for hit in hits} == {"a", "b"}
    assert all(hit.story_id == "crane" for hit in hits)
    assert all(f"{MARK_START}" in hit.snippet and MARK_END in hit.snippet for hit in hits)
    ferry = news.search("ferry")
    assert [(h.article_id, h.title) for h in ferry] == [("c", "Ferry back")]
    assert news.search("collapses")[0].article_id == "a"  # a word of the title only


def test_search_syntax_and_unassigned_articles(news: Store) -> None:
    assert [h.article_id for h in news.search('"crane accident"')] == ["b"]
    assert {h.article_id for h in news.search("calder*")} == {"a", "b", "d"}
    assert [h.article_id for h in news.search("calderhaven NOT crane")] == ["d"]
    cafe = news.search("cafe")  # diacritics folded
    assert [(h.article_id, h.story_id, h.title) for h in cafe] == [("d", None, None)]
    assert len(news.search("calderhaven", limit=2)) == 2
    assert news.search("   ") == []
    assert news.search("zeppelin") == []


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "crane OR", "nosuchcolumn:crane", "(", "U.S.", "*"])
def test_a_malformed_query_is_a_one_line_input_error(news: Store, query: str) -> None:
    with pytest.raises(InputError) as caught:
        news.search(query)
    assert "\n" not in str(caught.value) and "not a valid search query" in str(caught.value)


def test_search_stays_in_step_with_merges_and_moves(news: Store) -> None:
    with news.batch() as batch:
        batch.merge_stories("crane", "ferry")
    assert news.search("ferry")[0].story_id == "crane"


def test_reading_block_sees_one_snapshot(news: Store) -> None:
    with Store.open(news.path) as writer, news.reading():
        before = news.story("crane")
        with writer.batch() as batch:
            add(batch, doc("e", "Another crane report."))
            batch.assign("e", "crane")
        assert news.story("crane") == before
        assert len(news.documents("crane")) == 2
    after = news.story("crane")
    assert after is not None and before is not None and after.version == before.version + 1
