"""The HTML brief of the Calderhaven example: the markup contract, evidence, coverage, quotes."""

from __future__ import annotations

import re

from storyfuse.model import Digest
from storyfuse.report import render_digests
from storyfuse.report.html import MAX_COVERAGE_ROWS, coverage_facts, render_html
from storyfuse.report.html_view import fact_of
from tests.report.dom import Page, by_class, parse, text


def numbers(digest: Digest) -> dict[str, int]:
    assert digest.brief is not None
    return {source.document: source.number for source in digest.brief.sources}


def sentence_texts(digest: Digest) -> dict[str, set[str]]:
    return {doc.id: {s.text for s in doc.sentences} for doc in digest.analysis.documents}


def test_markup_contract_ids_and_one_story(page: Page) -> None:
    assert len(by_class(page.root, "story", "article")) == 1
    for element_id in ("summary", "evidence", "quotes", "sources", "discrepancies"):
        assert page.has_id(element_id), element_id
    assert page.by_id("coverage").tag == "table"
    evidence = page.by_id("evidence")
    assert evidence.get("hidden") is not None  # the script shows it on a citation
    assert by_class(evidence, "evidence-list") and by_class(evidence, "evidence-close", "button")
    assert "innerHTML" not in page.root.xpath("string(//script)")


def test_summary_sentences_cite_every_independent_outlet(page: Page, calderhaven: Digest) -> None:
    sentences = by_class(page.by_id("summary"), "summary-sentence")
    assert len(sentences) == len(calderhaven.summary)
    number = numbers(calderhaven)
    for node, sentence in zip(sentences, calderhaven.summary, strict=True):
        assert text(node).startswith(sentence.text)
        cites = by_class(node, "cite", "button")
        assert [text(c) for c in cites] == [f"[{n}]" for n in sorted(number[d] for d in sentence.citations)]
        assert all(c.get("type") == "button" and c.get("aria-controls") == "evidence" for c in cites)
    single = [s for s in calderhaven.summary if s.single_source]
    assert len(by_class(page.by_id("summary"), "single-source")) == len(single)


def test_every_citation_has_its_sources_sentence_verbatim(page: Page, calderhaven: Digest) -> None:
    """Each citation points at evidence holding, for its source, a sentence of that document
    exactly as segmented; the sentence the summary copied is there too."""
    by_number = {n: doc for doc, n in numbers(calderhaven).items()}
    texts = sentence_texts(calderhaven)
    cites = by_class(page.by_id("summary"), "cite", "button")
    assert len(cites) == sum(len(s.citations) for s in calderhaven.summary)
    for cite in cites:
        block = page.by_id(cite.get("data-evidence"))
        items = by_class(block, "ev-sentence")
        mine = [i for i in items if i.get("data-source") == cite.get("data-source")]
        assert mine, f"no evidence for {text(cite)} in {block.get('id')}"
        document = by_number[int(cite.get("data-source"))]
        for item in mine:
            (verbatim,) = by_class(item, "ev-text")
            assert text(verbatim) in texts[document]
            assert text(by_class(item, "ev-outlet")[0]).startswith(text(cite))
    for index, sentence in enumerate(calderhaven.summary, 1):
        block = page.by_id(f"s1-ev-{index}")
        shown = [text(node) for node in by_class(block, "ev-text")]
        assert sentence.origin.text in shown
        assert any(sentence.text in line for line in shown)


def test_script_builds_the_contract_classes_with_text_only(calderhaven_html: str) -> None:
    script = parse(calderhaven_html).root.xpath("string(//script)")
    for name in ("evidence-sentence", "evidence-text", "evidence-outlet", "textContent", "Escape"):
        assert name in script
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)


def test_coverage_matrix_rows_columns_and_the_reprint(page: Page, calderhaven: Digest) -> None:
    table = page.by_id("coverage")
    assert calderhaven.brief is not None
    columns = by_class(table, "src-col", "th")
    assert [c.get("data-source") for c in columns] == [str(s.number) for s in calderhaven.brief.sources]
    copies = [c for c in columns if "copy-col" in c.get("class", "")]
    assert len(copies) == 1 and "The Coastal Ledger" in text(copies[0]) and "copy of [1]" in text(copies[0])

    facts = coverage_facts(calderhaven)
    rows = by_class(table, "fact-row", "tr")
    assert [r.get("data-fact") for r in rows] == [f.id for f in facts]
    assert 0 < len(rows) <= MAX_COVERAGE_ROWS
    groups = {d: n for n, g in enumerate(calderhaven.analysis.independent_groups) for d in g}
    assert all(len({groups[r.document] for r in f.support}) >= 2 for f in facts
               if not _in_summary(f.id, calderhaven))
    number = numbers(calderhaven)
    told = {fact_of(s, calderhaven.analysis.facts).id: s for s in calderhaven.summary}  # type: ignore[union-attr]
    group = {d: n for n, g in enumerate(calderhaven.analysis.independent_groups) for d in g}
    for row, fact in zip(rows, facts, strict=True):
        aligned = {ref.document for ref in fact.support}
        verified, count = set(fact.verified or aligned), fact.independent_sources
        if fact.id in told:  # the summary's facts show what its citations were verified on
            verified, count = set(told[fact.id].citations), len(told[fact.id].citations)
        stated = verified | {d for d in aligned if group[d] in {group[v] for v in verified}}
        cells = by_class(row, "cell", "td")
        assert len(cells) == len(columns)
        for cell in cells:
            state, source = cell.get("data-state"), cell.get("data-source")
            document = next(d for d, n in number.items() if str(n) == source)
            assert (state in ("yes", "copy")) == (document in stated)
            assert (state == "part") == (document in aligned - stated)
            assert (state == "copy") == (source == "2" and state in ("yes", "copy"))
        assert text(by_class(row, "count", "td")[0]) == str(count)


def _in_summary(fact_id: str, digest: Digest) -> bool:
    origins = {(s.origin.document, s.origin.sentence) for s in digest.summary}
    fact = next(f for f in digest.analysis.facts if f.id == fact_id)
    return any((r.document, r.sentence) in origins for r in fact.support)


def test_coverage_is_capped_and_keeps_the_summarys_facts_first(calderhaven: Digest) -> None:
    few = coverage_facts(calderhaven, limit=3)
    assert len(few) == 3
    assert all(_in_summary(f.id, calderhaven) for f in few)


def test_quote_variants_are_marked_word_by_word(page: Page) -> None:
    quotes = page.by_id("quotes")
    variants = by_class(quotes, "wording-variant", "li")
    reworded = next(v for v in variants if "after dark" in text(v))
    inserted = {text(node) for node in reworded.iter("ins")}
    deleted = {text(node) for node in reworded.iter("del")}
    assert {"won't", "after dark", "we're sure"} <= inserted
    assert {"will not", "at night", "we are certain"} <= deleted
    same = text(reworded)
    for word in ("reopen the channel", "until", "it is safe"):
        assert word in same
    assert "Ilse Marrow" in text(by_class(quotes, "speaker")[0])


def test_sources_discrepancies_and_additions(page: Page, calderhaven: Digest) -> None:
    sources = by_class(page.by_id("sources"), "source", "li")
    assert [s.get("value") for s in sources] == ["1", "2", "3", "4", "5"]
    assert "Northwire" in text(sources[0]) and "the original" in text(sources[0])
    assert "is-copy" in sources[1].get("class", "") and "a copy of Northwire" in text(sources[1])
    assert "2026-03-03" in text(sources[2])
    disagreements = page.by_id("discrepancies")
    kinds = [text(node) for node in by_class(disagreements, "callout-discrepancy")]
    assert any("21 crew" in k and "23 crew" in k for k in kinds)
    assert any("180 metre" in k and "190 metre" in k for k in kinds)
    flagged = [s for s in calderhaven.summary if s.single_source]
    assert len(by_class(disagreements, "callout-single")) == len(flagged)
    assert "Valley Broadcasting" in text(page.by_id("additions"))


def test_render_digests_html_is_the_page(calderhaven: Digest, calderhaven_html: str) -> None:
    assert render_digests([calderhaven], "html") == calderhaven_html
    assert calderhaven_html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in calderhaven_html
    assert "@media print" in calderhaven_html


def test_several_stories_one_article_each_first_keeps_the_plain_ids(calderhaven: Digest) -> None:
    page = parse(render_html([calderhaven, calderhaven]))
    stories = by_class(page.root, "story", "article")
    assert [s.get("id") for s in stories] == ["s1", "s2"]
    assert page.by_id("summary") is not None and page.by_id("story-2-summary") is not None
    assert page.by_id("coverage").tag == page.by_id("story-2-coverage").tag == "table"
    for element_id in ("quotes", "sources", "discrepancies"):
        assert page.has_id(element_id) and page.has_id(f"story-2-{element_id}")
    ids = page.root.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids must be unique across stories"
    second = by_class(page.by_id("story-2-summary"), "cite", "button")
    assert second and all(c.get("data-evidence", "").startswith("s2-ev-") for c in second)


def test_an_empty_digest_still_renders() -> None:
    page = parse(render_html([Digest()]))
    assert text(page.by_id("summary")).count("No summary") == 1
    assert page.by_id("coverage").tag == "table" and page.has_id("evidence")
    assert not by_class(page.root, "fact-row") and not by_class(page.root, "cite")
