"""The view model of the HTML brief: plain rows that the template only has to lay out.

Everything the page shows is computed here (numbers, evidence, notes), so the Jinja
template holds no logic beyond loops and the per-story id prefix, and every string it
prints is still raw article text for Jinja's autoescaping to escape. What a section quotes is
shortened here (:func:`~storyfuse.report.inline.clip`), as in the Markdown brief; the summary's
own sentences are not (its word budget bounds them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.model import Analysis, Brief, BriefSource, Digest, Fact, SentenceRef, SummarySentence
from storyfuse.report.inline import clip

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Ref:
    """A numbered source as the page cites it: ``[n]`` linking to the sources list."""

    number: int
    outlet: str


@dataclass(frozen=True, slots=True)
class SourceView:
    """One entry of the numbered sources list, and one column of the coverage matrix."""

    number: int
    document: str
    outlet: str
    title: str | None
    date: str | None
    note: str | None
    copy_note: str | None  # "copy of [1]" for a syndicated copy; None for an independent outlet

    @property
    def is_copy(self) -> bool:
        return self.copy_note is not None

    @property
    def iso_date(self) -> str | None:
        """The date for a ``<time datetime>`` attribute, when it is one."""
        return self.date if self.date and _ISO_DATE.fullmatch(self.date) else None


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One supporting sentence of one source, verbatim."""

    number: int
    outlet: str
    text: str
    is_copy: bool
    is_origin: bool  # the sentence the summary copies its words from


@dataclass(frozen=True, slots=True)
class SummaryView:
    """A summary sentence with its citations and the evidence behind each of them."""

    index: int
    text: str
    refs: tuple[Ref, ...]
    evidence: tuple[EvidenceView, ...]
    single_source: bool = False


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A run of words of a word-level diff: ``same``, ``ins`` (only in the variant) or ``del``."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class WordingView:
    """One outlet-group's wording of a quote, diffed against the main wording."""

    refs: tuple[Ref, ...]
    pieces: tuple[DiffPiece, ...]
    is_main: bool


@dataclass(frozen=True, slots=True)
class QuoteView:
    speaker: str
    text: str
    refs: tuple[Ref, ...]
    wordings: tuple[WordingView, ...]  # empty when every outlet words it the same


@dataclass(frozen=True, slots=True)
class CellView:
    """One cell of the coverage matrix: ``yes``, ``copy`` (a syndicated copy says it) or ``no``."""

    number: int
    state: str


@dataclass(frozen=True, slots=True)
class CoverageRow:
    fact: str
    text: str
    cells: tuple[CellView, ...]
    independent: int
    in_summary: bool


@dataclass(frozen=True, slots=True)
class AdditionView:
    ref: Ref
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SideView:
    value: str
    refs: tuple[Ref, ...]
    pieces: tuple[DiffPiece, ...]  # a word diff against the first side, for worded sides


@dataclass(frozen=True, slots=True)
class DiscrepancyView:
    kind: str
    description: str | None
    sides: tuple[SideView, ...]


@dataclass(frozen=True, slots=True)
class SingleSourceView:
    ref: Ref
    text: str


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story of the page. ``ids`` is "" for the first story (the plain ids of the markup
    contract) and "story-N-" after it; ``key`` prefixes the page's internal ids."""

    key: str
    ids: str
    headline: str
    reports: int
    independent: int
    summary: tuple[SummaryView, ...]
    columns: tuple[SourceView, ...]
    coverage: tuple[CoverageRow, ...]
    facts_total: int
    quotes: tuple[QuoteView, ...]
    additions: tuple[AdditionView, ...]
    discrepancies: tuple[DiscrepancyView, ...]
    single_source: tuple[SingleSourceView, ...]
    sources: tuple[SourceView, ...]


class Numbering:
    """Document ids → source numbers, outlets and independent groups, for one story."""

    def __init__(self, analysis: Analysis, brief: Brief):
        # A digest read back without its brief still gets numbers: documents in input order.
        self.sources = brief.sources or tuple(
            BriefSource(n, doc.id, doc.source or doc.id, doc.title, doc.published)
            for n, doc in enumerate(analysis.documents, 1)
        )
        self.number = {s.document: s.number for s in self.sources}
        self.outlet = {s.document: clip(s.outlet) for s in self.sources}
        self._by_number = {s.number: clip(s.outlet) for s in self.sources}
        self.group = {doc: group[0] for group in analysis.independent_groups for doc in group}

    def refs(self, documents: Sequence[str]) -> tuple[Ref, ...]:
        """Sorted, de-duplicated ``[n]`` references; documents without a number are left out."""
        numbers = sorted({self.number[d] for d in documents if d in self.number})
        return tuple(Ref(n, self._by_number[n]) for n in numbers)

    def group_of(self, document: str) -> str:
        """The first document of its independent group (itself when it is in none)."""
        return self.group.get(document, document)

    def cite(self, documents: Sequence[str]) -> str:
        return "".join(f"[{ref.number}]" for ref in self.refs(documents))

    def is_copy(self, document: str) -> bool:
        """A syndicated copy: in an independent group, but not the group's first document."""
        return self.group_of(document) != document


def source_views(analysis: Analysis, numbering: Numbering) -> tuple[SourceView, ...]:
    return tuple(
        SourceView(s.number, s.document, clip(s.outlet), _clip(s.title), _clip(_date(s.published)),
                   _clip(s.note), _copy_note(s, analysis, numbering))
        for s in numbering.sources
    )


def _clip(text: str | None) -> str | None:
    return None if text is None else clip(text)


def _date(published: str | None) -> str | None:
    """The day of an ISO timestamp (as the Markdown brief shows it); other dates as given."""
    if not published:
        return None
    return published[:10] if _ISO_DATE.match(published) else published


def _copy_note(source: BriefSource, analysis: Analysis, numbering: Numbering) -> str | None:
    """"copy of [1]" when the copied-from outlet is known, "syndicated with [1]" when not."""
    doc = source.document
    if not numbering.is_copy(doc):
        return None
    pairs = [pair for pair in analysis.syndication if doc in pair.documents]
    origins = [pair.origin for pair in pairs if pair.origin and pair.origin != doc]
    if origins:
        return f"copy of {numbering.cite(origins)}"
    partners = [other for pair in pairs for other in pair.documents if other != doc]
    return f"syndicated with {numbering.cite(partners or [numbering.group_of(doc)])}"


def fact_of(sentence: SummarySentence, facts: Sequence[Fact]) -> Fact | None:
    """The fact whose support holds the sentence the summary copied; None if it stands alone."""
    key = (sentence.origin.document, sentence.origin.sentence)
    return next((f for f in facts if any((r.document, r.sentence) == key for r in f.support)), None)


def summary_views(digest: Digest, numbering: Numbering) -> tuple[SummaryView, ...]:
    return tuple(
        SummaryView(index, s.text, numbering.refs(s.citations), evidence(s, digest.analysis.facts, numbering),
                    s.single_source)
        for index, s in enumerate(digest.summary, 1)
    )


def evidence(sentence: SummarySentence, facts: Sequence[Fact], numbering: Numbering) -> tuple[EvidenceView, ...]:
    """For each cited source the sentence verified to state the claim (``support``), plus the
    sentence the summary copies. A summary made before verification existed (no ``support``)
    falls back to its fact's sentences in the cited documents."""
    chosen: list[SentenceRef] = [SentenceRef(e.document, e.sentence, e.text) for e in sentence.support]
    if not sentence.support:
        fact = fact_of(sentence, facts)
        support = fact.support if fact else (sentence.origin,)
        chosen += [r for r in support if r.document in set(sentence.citations)]
    chosen.append(sentence.origin)
    origin = (sentence.origin.document, sentence.origin.sentence)
    unique = {(r.document, r.sentence): r for r in chosen}
    ordered = sorted(unique.values(), key=lambda r: (numbering.number.get(r.document, 0), r.sentence))
    return tuple(
        EvidenceView(numbering.number.get(r.document, 0), numbering.outlet.get(r.document, r.document),
                     clip(r.text), numbering.is_copy(r.document), (r.document, r.sentence) == origin)
        for r in ordered
    )


def addition_views(brief: Brief, numbering: Numbering) -> tuple[AdditionView, ...]:
    return tuple(
        AdditionView(ref, tuple(clip(r.text) for r in addition.sentences))
        for addition in brief.additions
        for ref in numbering.refs([addition.document])
    )


def single_source_views(digest: Digest, numbering: Numbering) -> tuple[SingleSourceView, ...]:
    """The summary's claims that only one independent outlet makes (as in the Markdown brief)."""
    return tuple(
        SingleSourceView(ref, s.text)
        for s in digest.summary if s.single_source
        for ref in numbering.refs(s.citations)
    )
