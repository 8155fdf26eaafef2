"""Corpus-scale grouping: copies and stories found, whatever the partitioning."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyfuse.corpus import CorpusConfig, group_corpus
from storyfuse.corpus.refine import story_name
from storyfuse.model import Document
from storyfuse.pipeline.flow import LocalFlow

FLOOD = [
    "Floodwater from the Marrow river reached the old mill district of Tavenport on Sunday night.",
    "Mayor Ilsa Brennick said pumps from Ostrow county would arrive by Monday morning.",
    "Residents of Tavenport carried furniture upstairs as the Marrow rose past the quay wall.",
    "Brennick said the mill district bridge would stay closed until engineers inspect it.",
    "The Marrow crested at four metres above its summer level, the river authority said.",
    "Volunteers filled sandbags outside the Tavenport fire station through the night.",
]
STRIKE = [
    "Dock workers at the port of Quillane walked out on Tuesday over a new shift rota.",
    "Union leader Odo Farrant said the Quillane stoppage would last until talks resume.",
    "Container ships queued outside Quillane harbour as cranes stood idle.",
    "Farrant told reporters the rota would cut rest time between night shifts.",
    "The port operator said it regretted the walkout and offered talks on Thursday.",
    "Freight firms warned of delays to deliveries inland from Quillane.",
]


def doc(doc_id: str, sentences: list[str], published: str | None = None) -> Document:
    return Document(doc_id, doc_id, " ".join(sentences), title=None, published=published)


def corpus() -> list[Document]:
    """Two stories, each told by three outlets (each a different selection of the story's
    facts, one sentence in common with each other outlet), and one outlet reprinting another's
    report with two words changed."""
    def pick(sentences: list[str], *at: int) -> list[str]:
        return [sentences[k] for k in at]

    docs = [doc("flood-a", pick(FLOOD, 0, 1, 2)), doc("flood-b", pick(FLOOD, 3, 4, 1)), doc("flood-c", pick(FLOOD, 5, 0, 4)),
            doc("strike-a", pick(STRIKE, 0, 1, 2)), doc("strike-b", pick(STRIKE, 3, 4, 0)),
            doc("strike-c", pick(STRIKE, 5, 2, 3))]
    reprint = [s.replace("walked out", "went on strike") for s in pick(STRIKE, 0, 1, 2)]
    docs.append(doc("strike-copy", reprint))
    return docs


def group(docs: list[Document], partitions: int, config: CorpusConfig = CorpusConfig()) -> dict[str, tuple[str, str]]:
    flow = LocalFlow(partitions)
    found = flow.collect(group_corpus(flow, flow.from_items(docs), "en", config))
    return {a.document: (a.story, a.copy_group) for a in found}


def test_stories_and_copies_are_found() -> None:
    found = group(corpus(), 1)
    stories = {story for story, _ in found.values()}
    assert len(stories) == 2
    assert {found[d][0] for d in ("flood-a", "flood-b", "flood-c")} == {story_name(["flood-a", "flood-b", "flood-c"])}
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
    small = replace(CorpusConfig(), average_link_limit=1)
    one_pass = {d: s for d, (s, _) in group(docs, 2, small).items()}
    assert one_pass == {d: s for d, (s, _) in group(docs, 2).items()}


def test_empty_and_wordless_documents_are_their_own_story() -> None:
    docs = [*corpus(), doc("empty", []), doc("digits", ["1234 5678 90."])]
    found = group(docs, 3)
    assert found["empty"] == (story_name(["empty"]), "empty")
    assert found["digits"] == (story_name(["digits"]), "digits")
