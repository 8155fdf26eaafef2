"""Builders for the corpus tests: two small stories and a reprint."""

from __future__ import annotations

from storyfuse.corpus import CorpusConfig, group_corpus
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

    docs = [doc("flood-a", pick(FLOOD, 0, 1, 2)), doc("flood-b", pick(FLOOD, 3, 4, 1)),
            doc("flood-c", pick(FLOOD, 5, 0, 4)),
            doc("strike-a", pick(STRIKE, 0, 1, 2)), doc("strike-b", pick(STRIKE, 3, 4, 0)),
            doc("strike-c", pick(STRIKE, 5, 2, 3))]
    reprint = [s.replace("walked out", "went on strike") for s in pick(STRIKE, 0, 1, 2)]
    docs.append(doc("strike-copy", reprint))
    return docs


def group(docs: list[Document], partitions: int,
          config: CorpusConfig = CorpusConfig()) -> dict[str, tuple[str, str]]:
    flow = LocalFlow(partitions)
    found = flow.collect(group_corpus(flow, flow.from_items(docs), "en", config))
    return {a.document: (a.story, a.copy_group) for a in found}
