"""Corpus-scale grouping: copies and stories found, whatever the partitioning."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyfuse.corpus import CorpusConfig
from storyfuse.corpus.refine import story_name
from tests.corpus.helpers import corpus, doc, group


def test_stories_and_copies_are_found() -> None:
    found = group(corpus(), 1)
    stories = {story for story, _ in found.values()}
    assert len(stories) == 2
    flood = ["flood-a", "flood-b", "flood-c"]
    assert {found[d][0] for d in flood} == {story_name(flood)}
    assert len({found[d][0] for d in found if d.startswith("strike")}) == 1
    assert found["strike-copy"][1] == found["strike-a"][1] == "strike-a"  # named by the smaller id
    assert all(found[d][1] == d for d in found if d not in ("strike-copy", "strike-a"))


@pytest.mark.parametrize("partitions", [2, 3, 7])
def test_partitioning_does_not_change_the_answer(partitions: int) -> None:
    docs = corpus()
    assert group(docs, partitions) == group(docs, 1)
    assert group(docs[::-1], partitions) == group(docs, 1)


def test_publication_window_keeps_apart_what_is_months_apart() -> None:
    docs = corpus()
    docs[0] = replace(docs[0], published="2026-01-01T10:00:00")
    docs[1] = replace(docs[1], published="2026-06-01T10:00:00")
    docs[2] = replace(docs[2], published="2026-06-01T12:00:00")
    found = group(docs, 2)
    assert found["flood-a"][0] != found["flood-b"][0] == found["flood-c"][0]


def test_a_large_block_is_grouped_in_one_pass_the_same_way() -> None:
    docs = corpus()
    small = replace(CorpusConfig(), average_link_limit=1, split_floors=())  # no splitting: one pass
    one_pass = {d: s for d, (s, _) in group(docs, 2, small).items()}
    assert one_pass == {d: s for d, (s, _) in group(docs, 2).items()}


def test_empty_and_wordless_documents_are_their_own_story() -> None:
    docs = [*corpus(), doc("empty", []), doc("digits", ["1234 5678 90."])]
    found = group(docs, 3)
    assert found["empty"] == (story_name(["empty"]), "empty")
    assert found["digits"] == (story_name(["digits"]), "digits")
