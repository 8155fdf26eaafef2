"""The digest as one self-contained HTML page: the brief with its evidence one click away.

The page makes no request of any kind (inline CSS and JS, a Content-Security-Policy that
forbids every external load), every article string goes through Jinja's autoescaping, and
the script only copies text between DOM nodes (``textContent``), so hostile article text
stays text. The evidence behind each citation is rendered into the page as escaped HTML;
the script shows it in the ``#evidence`` panel.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from difflib import SequenceMatcher

import jinja2

from storyfuse.lang import story_language
from storyfuse.model import Analysis, Brief, Digest, Fact, Quote
from storyfuse.report.digest import TOP_DISCREPANCIES
from storyfuse.report.html_view import (
    CellView,
    CoverageRow,
    DiffPiece,
    DiscrepancyView,
    Numbering,
    QuoteView,
    SideView,
    SourceView,
    StoryView,
    WordingView,
    addition_views,
    fact_of,
    single_source_views,
    source_views,
    summary_views,
)
from storyfuse.report.inline import clip
from storyfuse.summarize.candidates import strip_dateline

# A matrix taller than a screenful stops being scanned; the JSON has every fact.
MAX_COVERAGE_ROWS = 25

_EDGE_PUNCTUATION = ".,;:!?\"'()[]“”‘’«»—–-…"


def render_html(digests: Sequence[Digest]) -> str:
    """The page for one or more stories (one ``<article class="story">`` each). Pure: no I/O."""
    stories = [story_view(digest, position) for position, digest in enumerate(digests, 1)]
    title = stories[0].headline if len(stories) == 1 else f"{len(stories)} stories — storyfuse brief"
    return _environment().get_template("brief.html.j2").render(title=title, stories=stories)


@functools.cache
def _environment() -> jinja2.Environment:
    """Autoescaping on for every template: all article text is untrusted."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storyfuse.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def story_view(digest: Digest, position: int = 1) -> StoryView:
    """Everything one story's section shows. The first story keeps the contract's plain ids."""
    analysis = digest.analysis
    brief = digest.brief or Brief(headline="")
    numbering = Numbering(analysis, brief)
    sources = source_views(analysis, numbering)
    return StoryView(
        key=f"s{position}",
        ids="" if position == 1 else f"story-{position}-",
        headline=clip(brief.headline) or "Untitled story",
        reports=len(analysis.documents),
        independent=analysis.independent_outlets,
        summary=summary_views(digest, numbering),
        columns=sources,
        coverage=coverage_rows(digest, sources),
        facts_total=len(analysis.facts),
        quotes=quote_views(brief.key_quotes, numbering),
        additions=addition_views(brief, numbering),
        discrepancies=discrepancy_views(analysis, numbering),
        single_source=single_source_views(digest, numbering),
        sources=sources,
    )


def coverage_facts(digest: Digest, limit: int = MAX_COVERAGE_ROWS) -> list[Fact]:
    """The summary's facts and those two or more independent outlets' sentences align with.

    Over the limit the summary's facts are kept first, then the best corroborated; rows are
    shown most corroborated first (outlets verified to state the fact, then outlets aligned
    with it), in the analysis order among equals.
    """
    facts = digest.analysis.facts
    position = {fact.id: index for index, fact in enumerate(facts)}
    aligned = _aligned_groups(digest)
    in_summary = [f for f in (fact_of(s, facts) for s in digest.summary) if f is not None]

    def rank(f: Fact) -> tuple[int, int, int]:
        return -f.independent_sources, -aligned[f.id], position[f.id]

    corroborated = sorted((f for f in facts if aligned[f.id] >= 2), key=rank)
    chosen: dict[str, Fact] = {}
    for fact in in_summary + corroborated:
        if len(chosen) < limit:
            chosen.setdefault(fact.id, fact)
    return sorted(chosen.values(), key=rank)


def _aligned_groups(digest: Digest) -> dict[str, int]:
    group = {doc: n for n, members in enumerate(digest.analysis.independent_groups) for doc in members}
    return {f.id: len({group.get(r.document, r.document) for r in f.support}) for f in digest.analysis.facts}


def coverage_rows(digest: Digest, columns: Sequence[SourceView]) -> tuple[CoverageRow, ...]:
    """One row per chosen fact, one cell per source column: does that document state it?

    ``yes`` (or ``copy`` for a syndicated copy's column): verified to state it, with the copies
    alignment found of a verified document; ``part``: alignment put one of its sentences in the
    fact, but it was not verified to state all of it. A summary sentence's row shows what its
    citations were verified on; another fact's row, what its text was verified on (a fact of one
    outlet: its aligned sentences, there being nothing to verify).
    """
    facts = digest.analysis.facts
    told = {f.id: s for s in digest.summary if (f := fact_of(s, facts)) is not None}
    group = {doc: n for n, members in enumerate(digest.analysis.independent_groups) for doc in members}
    lang = story_language(doc.language for doc in digest.analysis.documents)
    rows = []
    for fact in coverage_facts(digest):
        aligned = {ref.document for ref in fact.support}
        verified, count, text = set(fact.verified or aligned), fact.independent_sources, fact.text
        if fact.id in told:
            sentence = told[fact.id]
            verified, count, text = set(sentence.citations), len(sentence.citations), sentence.origin.text
        groups = {group.get(d, d) for d in verified}
        stated = verified | {d for d in aligned if group.get(d, d) in groups}
        cells = tuple(CellView(col.number, _cell_state(col, stated, aligned)) for col in columns)
        # Shown without a wire dateline ("MOSCOW - "), as the summary shows it.
        rows.append(CoverageRow(fact.id, clip(strip_dateline(text, lang=lang)), cells, count, fact.id in told))
    return tuple(rows)


def _cell_state(column: SourceView, stated: set[str], aligned: set[str]) -> str:
    if column.document in stated:
        return "copy" if column.is_copy else "yes"
    return "part" if column.document in aligned else "no"


def word_diff(main: str, variant: str) -> tuple[DiffPiece, ...]:
    """The variant's words against the main wording: runs that are the same, only in the
    variant (``ins``) or only in the main wording (``del``).

    Words are compared without case, edge punctuation or curly-vs-straight apostrophes, so
    that "Russia’s" and "Russia's" or "safe" and "safe." count as the same word; the runs
    keep each side's own spelling.
    """
    old, new = main.split(), variant.split()
    matcher = SequenceMatcher(None, [_word_key(w) for w in old], [_word_key(w) for w in new], autojunk=False)
    pieces: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", " ".join(new[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("del", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("ins", " ".join(new[j1:j2])))
    return tuple(pieces)


def _word_key(word: str) -> str:
    return word.lower().replace("’", "'").replace("‘", "'").strip(_EDGE_PUNCTUATION)


def _wording_key(text: str) -> str:
    return " ".join(key for key in map(_word_key, text.split()) if key)


def quote_views(quotes: Sequence[Quote], numbering: Numbering) -> tuple[QuoteView, ...]:
    """Key quotes with each outlet's wording diffed word by word against the main wording."""
    return tuple(
        QuoteView(clip(quote.speaker or "Unattributed"), clip(quote.text),
                  numbering.refs([o.document for o in quote.occurrences]), _wordings(quote, numbering))
        for quote in quotes
    )


def _wordings(quote: Quote, numbering: Numbering) -> tuple[WordingView, ...]:
    """Nothing when every outlet words the quote alike; else the main wording first."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for occurrence in quote.occurrences:
        key = _wording_key(occurrence.text)
        groups.setdefault(key, (occurrence.text.rstrip(".,"), []))[1].append(occurrence.document)
    main = _wording_key(quote.text)
    if set(groups) <= {main}:
        return ()
    ordered = sorted(groups.items(), key=lambda item: item[0] != main)
    # Shortened before the diff, so that a run-on wording is shown, and diffed, only in part.
    return tuple(
        WordingView(numbering.refs(docs), word_diff(clip(quote.text), clip(text)), key == main)
        for key, (text, docs) in ordered
    )


def discrepancy_views(analysis: Analysis, numbering: Numbering) -> tuple[DiscrepancyView, ...]:
    """Disagreements as in the Markdown brief; differently worded quotes get a word diff."""
    found = [d for d in analysis.discrepancies if d.kind != "single-source"][:TOP_DISCREPANCIES]
    views = []
    for discrepancy in found:
        worded = discrepancy.kind == "quote wording"
        first = clip(discrepancy.sides[0].value) if discrepancy.sides else ""
        sides = tuple(
            SideView(clip(side.value), numbering.refs(side.documents),
                     word_diff(first, clip(side.value)) if worded and index else ())
            for index, side in enumerate(discrepancy.sides)
        )
        detail = None if worded else clip(discrepancy.description)
        views.append(DiscrepancyView(discrepancy.kind, detail, sides))
    return tuple(views)
