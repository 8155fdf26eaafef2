"""The brief around the summary: headline, numbered sources, key quotes, what each outlet adds.

A pure stage over a story's :class:`Analysis` and its summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.model import (
    Addition,
    Analysis,
    Brief,
    BriefSource,
    Document,
    Quote,
    SentenceRef,
    SummarySentence,
)
from storyfuse.text import WORDS


@dataclass(frozen=True, slots=True)
class BriefConfig:
    # A reader scans a handful of quotes and additions; the JSON analysis keeps all of them.
    key_quotes: int = 5
    additions_per_outlet: int = 2
    # Additions are full sentences of some substance, not fragments.
    min_addition_words: int = 8


def build_brief(analysis: Analysis, summary: Sequence[SummarySentence], config: BriefConfig = BriefConfig()) -> Brief:
    return Brief(
        headline=headline(analysis.documents, summary),
        sources=numbered_sources(analysis),
        key_quotes=key_quotes(analysis.quotes, config),
        additions=additions(analysis, summary, config),
        single_source=tuple(s.origin for s in summary if s.single_source),
    )


def headline(documents: Sequence[Document], summary: Sequence[SummarySentence]) -> str:
    """The title that shares most words with the other titles and the summary's lead."""
    titles = sorted({doc.title for doc in documents if doc.title})
    if not titles:
        return summary[0].text if summary else (documents[0].text.split("\n")[0] if documents else "")
    lead = _words(summary[0].text) if summary else set()

    def agreement(title: str) -> tuple[float, int]:
        words = _words(title)
        shared = sum(_jaccard(words, _words(other)) for other in titles if other != title)
        return shared + _jaccard(words, lead), -len(title)

    return max(titles, key=agreement)


def numbered_sources(analysis: Analysis) -> tuple[BriefSource, ...]:
    """Documents numbered group by group, copies next to what they copy, with a note."""
    by_id = {doc.id: doc for doc in analysis.documents}
    ordered = [doc_id for group in analysis.independent_groups for doc_id in group]
    copies = {doc_id: _copied_with(doc_id, analysis) for doc_id in ordered}
    sources = []
    for number, doc_id in enumerate(ordered, 1):
        doc = by_id[doc_id]
        sources.append(BriefSource(number, doc_id, doc.source or doc_id, doc.title, doc.published,
                                   tuple(copies[doc_id]), _syndication_note(doc_id, analysis, by_id)))
    return tuple(sources)


def _copied_with(doc_id: str, analysis: Analysis) -> list[str]:
    return sorted(other for pair in analysis.syndication if doc_id in pair.documents
                  for other in pair.documents if other != doc_id)


def _syndication_note(doc_id: str, analysis: Analysis, by_id: dict[str, Document]) -> str | None:
    notes = []
    for pair in analysis.syndication:
        if doc_id not in pair.documents:
            continue
        other = next(d for d in pair.documents if d != doc_id)
        outlet = by_id[other].source or other
        share = f"{pair.copied[doc_id]:.0%} of its sentences"
        if pair.origin == doc_id:
            notes.append(f"the original: {outlet} reprints it; {share} reappear there")
        elif pair.origin == other:
            notes.append(f"a copy of {outlet}: {share} come from it")
        else:
            notes.append(f"syndicated: {share} shared with {outlet}")
    return "; ".join(notes) or None


def key_quotes(quotes: Sequence[Quote], config: BriefConfig) -> tuple[Quote, ...]:
    """Attributed quotes, those carried by most outlets first (the analysis order)."""
    attributed = [q for q in quotes if q.speaker]
    return tuple(attributed[: config.key_quotes])


def additions(analysis: Analysis, summary: Sequence[SummarySentence], config: BriefConfig) -> tuple[Addition, ...]:
    """Per outlet, its earliest facts that no other independent outlet's sentence aligns with
    and that the summary does not already say. (Not the verified single-source flag: that one
    also needs nothing elsewhere near the sentence, which a lexical verifier cannot rule out.)"""
    used = {(s.origin.document, s.origin.sentence) for s in summary}
    group_of = {doc: str(n) for n, members in enumerate(analysis.independent_groups) for doc in members}
    per_document: dict[str, list[SentenceRef]] = {}
    for fact in analysis.facts:
        if len({group_of.get(r.document, r.document) for r in fact.support}) != 1:
            continue
        for ref in fact.support:
            if (ref.document, ref.sentence) not in used and len(ref.text.split()) >= config.min_addition_words:
                per_document.setdefault(ref.document, []).append(ref)
    result = []
    for group in analysis.independent_groups:
        representative = group[0]
        refs = sorted(per_document.get(representative, []), key=lambda r: r.sentence)
        if refs:
            result.append(Addition(representative, tuple(refs[: config.additions_per_outlet])))
    return tuple(result)


def _words(text: str) -> set[str]:
    return {w for w in WORDS.findall(text.lower()) if len(w) > 2}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
