"""Writers at the far end of the pipeline: Markdown, the JSON contract, and the HTML brief."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from storyfuse.model import Analysis, Corpus, Digest, to_dict
from storyfuse.report.analysis import analysis_markdown
from storyfuse.report.digest import digest_markdown
from storyfuse.report.html import render_html
from storyfuse.report.markdown import corpus_markdown

FORMATS = ("md", "json", "html")
# Only the brief has a page; a corpus or an analysis is Markdown or JSON.
_PAGE_FORMATS = ("html",)


def corpus_json(corpus: Corpus) -> str:
    """The JSON contract (``schema_version`` "1") for a cleaned corpus."""
    return json.dumps(to_dict(corpus), ensure_ascii=False, indent=2) + "\n"


def render(corpus: Corpus, fmt: str) -> str:
    """The corpus as Markdown or JSON."""
    _no_page(fmt, "a cleaned corpus")
    return corpus_json(corpus) if fmt == "json" else corpus_markdown(corpus)


def render_analyses(analyses: list[Analysis], fmt: str) -> str:
    """One analysis as JSON or Markdown; several stories as JSON Lines or Markdown sections."""
    _no_page(fmt, "an analysis")
    return _render_stories(analyses, fmt, analysis_markdown)


def render_digests(digests: list[Digest], fmt: str) -> str:
    """Briefs as Markdown, the JSON contract with "summary" and "brief" (JSON Lines for several),
    or one self-contained HTML page (one ``<article>`` per story)."""
    if fmt == "html":
        return render_html(digests)
    return _render_stories(digests, fmt, digest_markdown)


def _no_page(fmt: str, what: str) -> None:
    if fmt in _PAGE_FORMATS:
        raise ValueError(f"--format {fmt} is only for the brief (storyfuse digest), not for {what}")


def _render_stories(stories: list[Any], fmt: str, markdown: Callable[[Any], str]) -> str:
    if fmt == "json":
        if len(stories) == 1:
            return json.dumps(to_dict(stories[0]), ensure_ascii=False, indent=2) + "\n"
        return "".join(json.dumps(to_dict(story), ensure_ascii=False) + "\n" for story in stories)
    return "\n---\n\n".join(markdown(story) for story in stories)


__all__ = [
    "FORMATS", "analysis_markdown", "corpus_json", "corpus_markdown", "digest_markdown", "render",
    "render_analyses", "render_digests", "render_html",
]
