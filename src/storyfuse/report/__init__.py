"""Writers at the far end of the pipeline: the corpus as Markdown or as the JSON contract."""

from __future__ import annotations

import json

from storyfuse.model import Analysis, Corpus, to_dict
from storyfuse.report.analysis import analysis_markdown
from storyfuse.report.markdown import corpus_markdown

FORMATS = ("md", "json")


def corpus_json(corpus: Corpus) -> str:
    """The JSON contract (``schema_version`` "1") for a cleaned corpus."""
    return json.dumps(to_dict(corpus), ensure_ascii=False, indent=2) + "\n"


def render(corpus: Corpus, fmt: str) -> str:
    """The corpus in one of :data:`FORMATS`."""
    return corpus_json(corpus) if fmt == "json" else corpus_markdown(corpus)


def render_analyses(analyses: list[Analysis], fmt: str) -> str:
    """One analysis as JSON or Markdown; several stories as JSON Lines or Markdown sections."""
    if fmt == "json":
        if len(analyses) == 1:
            return json.dumps(to_dict(analyses[0]), ensure_ascii=False, indent=2) + "\n"
        return "".join(json.dumps(to_dict(a), ensure_ascii=False) + "\n" for a in analyses)
    return "\n---\n\n".join(analysis_markdown(a) for a in analyses)


__all__ = ["FORMATS", "analysis_markdown", "corpus_json", "corpus_markdown", "render", "render_analyses"]
