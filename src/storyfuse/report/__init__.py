"""Writers at the far end of the pipeline: the corpus as Markdown or as the JSON contract."""

from __future__ import annotations

import json

from storyfuse.model import Corpus, to_dict
from storyfuse.report.markdown import corpus_markdown

FORMATS = ("md", "json")


def corpus_json(corpus: Corpus) -> str:
    """The JSON contract (``schema_version`` "1") for a cleaned corpus."""
    return json.dumps(to_dict(corpus), ensure_ascii=False, indent=2) + "\n"


def render(corpus: Corpus, fmt: str) -> str:
    """The corpus in one of :data:`FORMATS`."""
    return corpus_json(corpus) if fmt == "json" else corpus_markdown(corpus)


__all__ = ["FORMATS", "corpus_json", "corpus_markdown", "render"]
