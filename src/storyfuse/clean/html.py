"""Main-text and metadata extraction from HTML pages, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import trafilatura

# libxml2, under trafilatura, stops building the tree 255 elements deep and the page then has
# no text; such a page is read with the standard library's tag-soup parser instead.
_LXML_MAX_DEPTH = 255
_BLOCKS = frozenset(("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
                     "blockquote", "tr", "header", "footer", "figcaption"))
_SKIPPED = frozenset(("script", "style", "noscript", "template", "head"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"))


@dataclass(frozen=True, slots=True)
class Extraction:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class HtmlConfig:
    """Options passed to trafilatura.

    ``favor_recall`` keeps borderline paragraphs: storyfuse's own line cleaning removes
    the furniture that comes with them (benchmarks/extraction.py measures the trade).
    Reader comments are not part of an article.
    """

    favor_recall: bool = True
    include_comments: bool = False
    include_tables: bool = True
    # favor_recall sometimes settles on a smaller region of the page than the balanced
    # setting (forums, Q&A pages); extracting both ways and keeping the longer text costs a
    # second pass and recovers those pages (benchmarks/extraction.py).
    longer_of_both: bool = True


def extract_html(html: str, url: str | None = None, config: HtmlConfig = HtmlConfig()) -> Extraction:
    """The article text of a page plus its title, date and site name; empty text if none."""
    result = _extract(html, url, config, config.favor_recall)
    if config.longer_of_both and config.favor_recall:
        balanced = _extract(html, url, config, favor_recall=False)
        if len(_field(balanced, "text") or "") > len(_field(result, "text") or ""):
            result = balanced
    if result is None or not _field(result, "text"):
        deep = _DeepText()
        deep.feed(html)
        deep.close()
        return Extraction(text=deep.text() if deep.max_depth > _LXML_MAX_DEPTH else "", url=url)
    return Extraction(
        text=_field(result, "text") or "",
        title=_field(result, "title"),
        published=_field(result, "date"),
        source=_field(result, "sitename"),
        url=_field(result, "url") or url,
    )


def _extract(html: str, url: str | None, config: HtmlConfig, favor_recall: bool) -> Any:
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_recall=favor_recall,
        include_comments=config.include_comments,
        include_tables=config.include_tables,
    )


def _field(result: Any, name: str) -> str | None:
    """A field of trafilatura's result (a Document object, or a dict in older releases)."""
    if result is None:
        return None
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return str(value) if value else None


class _DeepText(HTMLParser):
    """The text of a page, a line per block element, and how deep its elements nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.max_depth = self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.parts.append("\n" if tag == "br" else "")
            return
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        self.skipping += tag in _SKIPPED
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        self.skipping = max(0, self.skipping - (tag in _SKIPPED))
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)
