"""Article text in the Markdown writers is text: no HTML of its own, no block of its own, and no
emphasis, code or link running across the brief's own markup."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement, fragment_fromstring

from storyfuse.model import (
    Addition,
    Analysis,
    Brief,
    BriefSource,
    Corpus,
    Digest,
    Discrepancy,
    Document,
    Evidence,
    Quote,
    QuoteOccurrence,
    SentenceRef,
    Side,
    SummarySentence,
)
from storyfuse.report import analysis_markdown, corpus_markdown, digest_markdown
from storyfuse.report.inline import code, md, md_lines
from tests.report.hostile import IMAGE, SCRIPT

markdown_it = pytest.importorskip("markdown_it")

CLAIM = f"# Breaking: the bridge {SCRIPT} closes, see [the notice](https://evil.example/n)."
EVIDENCE = f"> The bridge {IMAGE} will close on Monday, the mayor said."
SINGLE = "1. Only one outlet says *this* and `that`."
ADDED = "## Also: <iframe src=//evil.example></iframe> engineers found cracks in the main span last week."
OUTLET = "<b>Evil</b> Times"
TITLE = "</title><script>alert(2)</script>"
# The writers' own markup: what a rendered brief may hold.
OWN_TAGS = {"div", "h1", "h2", "p", "ol", "ul", "li", "blockquote", "strong", "em", "br", "code"}


def markup_digest() -> Digest:
    """Every piece of article text a brief prints, each carrying HTML or Markdown."""
    claim = SummarySentence(CLAIM, ("a", "b"), SentenceRef("a", 0, CLAIM),
                            (Evidence("a", 0, CLAIM, 1.0), Evidence("b", 2, EVIDENCE, 0.9)))
    single = SummarySentence(SINGLE, ("a",), SentenceRef("a", 3, SINGLE), single_source=True)
    quote = Quote("<i>Mayor</i> **Ilse**", "- It is <b>not</b> safe", (
        QuoteOccurrence("a", 1, "- It is <b>not</b> safe"), QuoteOccurrence("b", 1, "> It's `not` safe")))
    sides = (Side("<b>180</b> metre", ("a",)), Side("# 190 metre", ("b",)))
    discrepancy = Discrepancy("number", "Sources disagree on the metre", sides)
    sources = (BriefSource(1, "a", OUTLET, TITLE, note="> the original"),
               BriefSource(2, "b", "Harbour_Daily_", "- [x](javascript:alert(3))"))
    brief = Brief(f"# {TITLE}", sources, (quote,), (Addition("b", (SentenceRef("b", 4, ADDED),)),))
    return Digest(Analysis(discrepancies=(discrepancy,)), (claim, single), brief)


def rendered(markdown: str) -> HtmlElement:
    """The Markdown as CommonMark renders it (raw HTML passes through), as one element."""
    return fragment_fromstring(markdown_it.MarkdownIt("commonmark").render(markdown), create_parent="div")


def tags(root: HtmlElement) -> set[str]:
    return {str(node.tag) for node in root.iter()}


@pytest.mark.parametrize(("raw", "escaped"), [
    (SCRIPT, "&lt;script>alert(1)&lt;/script>"),
    ("# Breaking", "\\# Breaking"),
    ("> quoted", "\\> quoted"),
    ("- item", "\\- item"),
    ("1. First", "1\\. First"),
    ("2) Second", "2\\) Second"),
    ("3.5 percent rose", "3.5 percent rose"),
    ("[x](https://evil.example)", "\\[x\\](https://evil.example)"),
    ("![x](https://evil.example/p.png)", "!\\[x\\](https://evil.example/p.png)"),
    ("*not* `code` _it_", "\\*not\\* \\`code\\` \\_it\\_"),
    ("003_7b21 and user_id_field", "003_7b21 and user_id_field"),  # inside a word "_" opens nothing
    ("AT&T & co", "AT&T & co"),
    ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
    ("one\n\n# two", "one # two"),
])
def test_article_text_is_escaped_readably(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


def test_code_spans_and_document_lines() -> None:
    assert code("a`b") == "``a`b``" and code("plain") == "`plain`"
    assert md_lines("One.\n\n# Two\n> Three") == "One.\n\n\\# Two\n\\> Three"


def test_the_brief_renders_every_article_string_as_text() -> None:
    markdown = digest_markdown(markup_digest())
    root = rendered(markdown)
    assert tags(root) <= OWN_TAGS, tags(root) - OWN_TAGS
    assert [h.text_content() for h in root.iter("h1")] == [f"# {TITLE}"]
    assert [h.text_content() for h in root.iter("h2")] == [
        "Evidence", "Key quotes", "What each outlet adds", "Discrepancies and single-source claims", "Sources"]
    shown = root.text_content()
    for article_text in (CLAIM, EVIDENCE, SINGLE, ADDED, OUTLET, TITLE, "<i>Mayor</i> **Ilse**",
                         "“- It is <b>not</b> safe”", "<b>180</b> metre", "# 190 metre", "> the original",
                         "“- [x](javascript:alert(3))”", "Harbour_Daily_"):
        assert article_text in shown, article_text
    # The quote is one blockquote (its wordings inside it), none opened by article text.
    assert len(list(root.iter("blockquote"))) == 1


def test_the_brief_on_hostile_articles(hostile: Digest) -> None:
    for markdown in (digest_markdown(hostile), analysis_markdown(hostile.analysis),
                     corpus_markdown(Corpus(hostile.analysis.documents))):
        assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
        root = rendered(markdown)
        assert tags(root) <= OWN_TAGS | {"details", "summary"}
        assert "<script>alert(" in root.text_content()  # the text of the summary or the title
    assert SCRIPT in rendered(digest_markdown(hostile)).text_content()


def test_ids_and_paths_cannot_close_their_code_span() -> None:
    doc = Document(id="x`<b>y</b>`", path="x.txt", text="# Not a heading\n\nBody <b>text</b>.", title="T")
    root = rendered(corpus_markdown(Corpus((doc,))))
    assert "b" not in tags(root) and [h.text_content() for h in root.iter("h2")] == ["T"]
    assert "x`<b>y</b>`" in root.text_content() and "# Not a heading" in root.text_content()
