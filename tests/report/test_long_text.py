"""A run-on "sentence" (a scrape without full stops) is quoted in part: every section shortens
what it quotes at a word boundary, with an ellipsis, in Markdown and HTML alike; the JSON keeps it
whole."""

from __future__ import annotations

import json

import pytest

from storyfuse import Runner, clean_articles
from storyfuse.model import (
    Addition,
    Analysis,
    Article,
    Brief,
    BriefSource,
    Digest,
    Discrepancy,
    Document,
    Evidence,
    Fact,
    Quote,
    QuoteOccurrence,
    SentenceRef,
    Side,
    SummarySentence,
)
from storyfuse.report import analysis_markdown, digest_markdown, render_digests, render_html
from storyfuse.report.inline import ELLIPSIS, MAX_CHARS, MAX_WORDS, clip, md_clip
from tests.report.dom import by_class, parse, text

RUN_ON = "The harbour board also noted that " + " ".join(f"w{i}" for i in range(50_000)) + "."
CLAIM = "The ship ran aground at Calderhaven on Tuesday, the harbour authority said in a statement."
# The page's elements that quote article text, by class.
QUOTING = ("ev-text", "fact-label", "wording-text", "side-value", "callout-detail", "source-outlet", "speaker",
           "col-outlet")


def test_short_text_is_kept_and_long_text_cut_at_a_word_boundary() -> None:
    assert clip(CLAIM) == CLAIM
    cut = clip(RUN_ON)
    assert cut.endswith(ELLIPSIS) and len(cut.split()) == MAX_WORDS
    assert RUN_ON.startswith(cut[:-1]) and RUN_ON[len(cut) - 1] == " "  # whole words only
    wide = " ".join(["Calderhaven-harbour-authority"] * 40)  # 40 words, 1,199 characters
    assert len(clip(wide)) <= MAX_CHARS and wide.startswith(clip(wide)[:-1] + " ")
    assert clip("x" * 1000) == "x" * (MAX_CHARS - 1) + ELLIPSIS  # no word boundary to cut at
    assert clip("a, " * 300).endswith("a" + ELLIPSIS)  # no comma left dangling before the ellipsis


@pytest.fixture(scope="module")
def run_on(runner: Runner) -> Digest:
    articles = [Article(id="a", path="a.txt", text=RUN_ON + "\n", source="Run-On Daily"),
                Article(id="b", path="b.txt", text=CLAIM + "\n", source="Harbour Gazette")]
    return runner.digest(clean_articles(articles))[0]


def test_a_run_on_is_shortened_under_what_each_outlet_adds(run_on: Digest) -> None:
    assert run_on.brief is not None and run_on.brief.additions
    added = [ref.text for addition in run_on.brief.additions for ref in addition.sentences]
    assert max(len(t.split()) for t in added) > 500  # the segmenter cut the run-on into long pieces
    markdown = digest_markdown(run_on)
    for sentence in added:
        assert sentence not in markdown and md_clip(sentence) in markdown
    assert max(len(line) for line in markdown.splitlines()) < 3 * MAX_CHARS
    assert max(len(line) for line in analysis_markdown(run_on.analysis).splitlines()) < 3 * MAX_CHARS
    page = parse(render_html([run_on]))
    shown = [text(p) for p in page.by_id("additions").iter("p") if "callout-label" not in (p.get("class") or "")]
    assert shown and all(len(t) <= MAX_CHARS and t.endswith(ELLIPSIS) for t in shown)


def test_the_json_keeps_the_run_on_whole(run_on: Digest) -> None:
    assert run_on.brief is not None
    data = json.loads(render_digests([run_on], "json"))
    added = [s["text"] for addition in data["brief"]["additions"] for s in addition["sentences"]]
    assert added == [ref.text for addition in run_on.brief.additions for ref in addition.sentences]
    assert all(len(t.split()) > MAX_WORDS and not t.endswith(ELLIPSIS) for t in added)


def long_digest() -> Digest:
    """The run-on in every place a brief quotes article text."""
    claim = SummarySentence(CLAIM, ("a", "b"), SentenceRef("a", 0, CLAIM),
                            (Evidence("a", 0, CLAIM, 1.0), Evidence("b", 1, RUN_ON, 0.9)))
    quote = Quote(RUN_ON, RUN_ON, (QuoteOccurrence("a", 1, RUN_ON), QuoteOccurrence("b", 2, "We will " + RUN_ON)))
    sides = (Side(RUN_ON, ("a",)), Side("We will " + RUN_ON, ("b",)))
    found = (Discrepancy("quote wording", RUN_ON, sides),
             Discrepancy("number", RUN_ON, (Side(RUN_ON, ("a",)), Side("190 metre", ("b",)))))
    documents = (Document("a", "a.txt", CLAIM), Document("b", "b.txt", RUN_ON))
    fact = Fact("f1", RUN_ON, (SentenceRef("a", 5, RUN_ON), SentenceRef("b", 5, RUN_ON)), 2, verified=("a", "b"))
    analysis = Analysis(documents, independent_groups=(("a",), ("b",)), facts=(fact,), discrepancies=found)
    sources = (BriefSource(1, "a", RUN_ON, RUN_ON, note=RUN_ON), BriefSource(2, "b", "Harbour Gazette"))
    brief = Brief(RUN_ON, sources, (quote,), (Addition("b", (SentenceRef("b", 3, RUN_ON),)),))
    return Digest(analysis, (claim,), brief)


def test_every_section_shortens_what_it_quotes() -> None:
    digest = long_digest()
    markdown = digest_markdown(digest)
    assert len(markdown) < 30 * MAX_CHARS and markdown.count(ELLIPSIS) >= 10
    page = parse(render_html([digest]))
    quoted = [node for name in QUOTING for node in by_class(page.root, name)]
    quoted += list(page.by_id("quotes").iter("blockquote")) + list(page.root.iter("h1", "title", "cite"))
    assert len(quoted) >= 12
    for node in quoted:
        assert len(text(node)) <= MAX_CHARS + 2, (node.get("class"), text(node)[:80])  # + the quote marks
    assert RUN_ON in render_digests([digest], "json")
