"""Writing: idempotent adds, id renaming, assignment, merges, versions and cached briefs."""

from __future__ import annotations

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.store import Store
from tests.store.helpers import add, content_hash, doc

CRANE = "A crane collapsed at Calderhaven harbour on Monday. Two workers were hurt."
FERRY = "The ferry service resumed on Tuesday after the storm."


def test_the_same_article_twice_is_stored_once(store: Store) -> None:
    with store.batch() as batch:
        assert add(batch, doc("a", CRANE, url="https://x/1")) == "a"
        assert add(batch, doc("a", CRANE, url="https://x/1")) is None
    with store.batch() as batch:
        assert add(batch, doc("a", CRANE, url="https://x/1")) is None
    assert store.article_ids() == ["a"]


def test_a_known_url_is_a_duplicate_whatever_the_text(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE), url="https://x/1")
        assert add(batch, doc("b", FERRY), url="https://x/1") is None
    assert store.has_article("https://x/1", "no such hash")
    assert store.article_ids() == ["a"]


def test_a_known_content_hash_is_a_duplicate_whatever_the_url(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE), url="https://x/1")
        assert add(batch, doc("b", CRANE), url="https://mirror/1") is None
        assert add(batch, doc("c", CRANE)) is None  # no url at all: the hash decides
    assert store.has_article(None, content_hash(CRANE))
    assert not store.has_article(None, content_hash(FERRY))
    assert not store.has_article("https://x/2", content_hash(FERRY))


def test_articles_without_url_are_told_apart_by_hash(store: Store) -> None:
    with store.batch() as batch:
        assert add(batch, doc("a", CRANE)) == "a"
        assert add(batch, doc("b", FERRY)) == "b"


def test_a_taken_id_is_renamed_and_the_document_carries_the_new_id(store: Store) -> None:
    with store.batch() as batch:
        assert add(batch, doc("report", CRANE)) == "report"
        assert add(batch, doc("report", FERRY)) == "report~2"
        assert add(batch, doc("report", FERRY + " More.")) == "report~3"
        for doc_id in ("report", "report~2", "report~3"):
            batch.assign(doc_id, "s1")
    assert [d.id for d in store.documents("s1")] == ["report", "report~2", "report~3"]
    assert store.documents("s1")[1].text == FERRY


def test_documents_come_back_whole(store: Store) -> None:
    original = doc("a", CRANE, title="Crane falls", source="Coast Daily", published="Mon, 6 May", url="https://x/1")
    with store.batch() as batch:
        add(batch, original)
        batch.assign("a", "s1")
    assert store.documents("s1") == (original,)
    assert len(original.sentences) == 2


def test_assign_creates_the_story_and_counts(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE, source="Coast Daily", published="2024-05-06T09:00:00+01:00"))
        add(batch, doc("b", CRANE + " Update.", source="Coast Daily", published="2024-05-07"))
        add(batch, doc("c", CRANE + " Wire.", source="Wire", published="2024-05-05T23:00:00"))
        add(batch, doc("d", CRANE + " Anon."))  # no outlet named: no outlet counted
        for doc_id in "abcd":
            batch.assign(doc_id, "s1")
    row = store.story("s1")
    assert row is not None
    assert (row.articles, row.outlets, row.version) == (4, 2, 4)
    assert row.first_seen == "2024-05-05T23:00:00Z"
    assert row.last_seen is not None and row.last_seen > "2024-05-07"  # d counts when stored: now
    assert store.story("nope") is None


def test_assigning_twice_changes_nothing(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE, source="X"))
        batch.assign("a", "s1")
        batch.assign("a", "s1")
    row = store.story("s1")
    assert row is not None and (row.articles, row.version) == (1, 1)


def test_moving_an_article_recounts_both_and_drops_an_emptied_story(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE, source="X", published="2024-05-01"))
        add(batch, doc("b", FERRY, source="Y", published="2024-05-03"))
        batch.assign("a", "s1")
        batch.assign("b", "s1")
        batch.assign("b", "s2")
    one, two = store.story("s1"), store.story("s2")
    assert one is not None and (one.articles, one.outlets, one.last_seen) == (1, 1, "2024-05-01T00:00:00Z")
    assert two is not None and two.articles == 1
    with store.batch() as batch:
        batch.save_profile("s1", b"state")
        batch.assign("a", "s2")
    assert store.story("s1") is None and dict(store.profiles()) == {}
    assert store.article_ids("s2") == ["a", "b"]


def test_assign_of_an_unknown_article_is_refused(store: Store) -> None:
    with pytest.raises(StoryfuseError, match="no article 'ghost'"), store.batch() as batch:
        batch.assign("ghost", "s1")
    assert store.stories() == []


def test_merge_moves_articles_and_deletes_the_absorbed_story(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE, source="X", published="2024-05-02"))
        add(batch, doc("b", FERRY, source="Y", published="2024-05-01"))
        batch.assign("a", "s1")
        batch.assign("b", "s2")
        batch.set_story_fields("s1", headline="Crane falls", independent_sources=1)
        batch.save_profile("s2", b"two")
        batch.cache_brief("s2", "md", "# brief", version=1)
    before = store.story("s1")
    with store.batch() as batch:
        batch.merge_stories("s1", "s2")
    row = store.story("s1")
    assert row is not None and before is not None
    assert (row.articles, row.outlets, row.first_seen, row.headline) == (2, 2, "2024-05-01T00:00:00Z", "Crane falls")
    assert row.version > before.version
    assert store.story("s2") is None and store.cached_brief("s2", "md") is None
    assert dict(store.profiles()) == {}
    assert store.article_ids("s1") == ["a", "b"]


def test_merge_refuses_itself_and_unknown_stories(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
    for keep, absorb in (("s1", "s1"), ("s1", "zz"), ("zz", "s1")):
        with pytest.raises(StoryfuseError), store.batch() as batch:
            batch.merge_stories(keep, absorb)
    assert store.article_ids("s1") == ["a"]


def test_story_fields_are_set_without_a_new_version(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
        batch.set_story_fields("s1", headline="Crane falls")
        batch.set_story_fields("s1", independent_sources=3)
    row = store.story("s1")
    assert row is not None and (row.headline, row.independent_sources, row.version) == ("Crane falls", 3, 1)
    with pytest.raises(StoryfuseError, match="no story"), store.batch() as batch:
        batch.set_story_fields("zz", headline="x")


def test_a_cached_brief_lives_until_the_story_changes(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
    version = store.story("s1").version  # type: ignore[union-attr]
    with store.batch() as batch:
        assert batch.cache_brief("s1", "md", "# Crane", version=version)
        assert batch.cache_brief("s1", "html", "<h1>Crane</h1>", version=version)
    assert store.cached_brief("s1", "md") == "# Crane"
    assert store.cached_brief("s1", "json") is None
    with store.batch() as batch:
        add(batch, doc("b", FERRY))
        batch.assign("b", "s1")
    assert store.cached_brief("s1", "md") is None and store.cached_brief("s1", "html") is None


def test_a_brief_of_an_older_version_is_not_kept(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
        add(batch, doc("b", FERRY))
        batch.assign("b", "s1")
    with store.batch() as batch:
        assert not batch.cache_brief("s1", "md", "# made from article a alone", version=1)
    assert store.cached_brief("s1", "md") is None


def test_meta_and_profiles_are_replaced_in_place(store: Store) -> None:
    with store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
        batch.set_meta("stats", '{"documents": 1}')
        batch.save_profile("s1", b"\x00one")
    with store.batch() as batch:
        batch.set_meta("stats", '{"documents": 2}')
        batch.save_profile("s1", b"\x00two")
    assert store.meta("stats") == '{"documents": 2}' and store.meta("other") is None
    assert list(store.profiles()) == [("s1", b"\x00two")]
    with pytest.raises(StoryfuseError, match="no story"), store.batch() as batch:
        batch.save_profile("zz", b"x")


def test_a_failing_batch_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.batch() as batch:
        add(batch, doc("a", CRANE))
        batch.assign("a", "s1")
        batch.set_meta("k", "v")
        raise RuntimeError("grouper crashed")
    assert store.article_ids() == [] and store.stories() == [] and store.meta("k") is None


def test_a_batch_cannot_be_used_after_its_block_nor_nested(store: Store) -> None:
    with store.batch() as batch:
        with pytest.raises(StoryfuseError, match="already open"), store.batch():
            pass
        add(batch, doc("a", CRANE))
    with pytest.raises(StoryfuseError, match="ended"):
        add(batch, doc("b", FERRY))
    assert store.article_ids() == ["a"]
