"""A candidate table: one story prepared for summarising, its candidate sentences and everything
selection reads.

Preparation does the work that no scoring weight changes (filtering, TF-IDF, centrality,
fact membership), so that many configurations can be tried on one preparation
(``benchmarks/tune_summary.py``); the pipeline's ``candidates`` stage prepares, its
``summarize`` stage selects (:func:`storyfuse.summarize.summarize_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyfuse.analysis.align import group_keys
from storyfuse.lang import Language, get_language
from storyfuse.model import Document, Fact, SentenceRef
from storyfuse.summarize.candidates import (
    has_quotation,
    is_summary_worthy,
    leans_on_context,
    strip_dateline,
    word_count,
)
from storyfuse.summarize.config import SummaryConfig
from storyfuse.summarize.features import SentenceVectors, sentence_vectors, term_bags


@dataclass(frozen=True, slots=True)
class CandidateTable:
    """Candidate sentences of one story, documents sorted by id, with per-sentence columns.

    ``fact[i]`` indexes ``facts``, or is ``len(facts)`` and above for a sentence outside every
    given fact (a fact of its own); ``group_of`` maps each document to its independent group;
    ``speech``: the sentence has a speech word ("said", "told"); ``bags``: its content-word
    stems and numbers (:func:`~storyfuse.summarize.features.term_bags`); ``document`` and
    ``group``: integer labels of its document (in id order) and of its independent group.
    """

    refs: tuple[SentenceRef, ...]
    texts: tuple[str, ...]
    words: np.ndarray
    rank: np.ndarray
    relative: np.ndarray
    leans: np.ndarray
    quotes: np.ndarray
    fact: np.ndarray
    sources: np.ndarray
    representative: np.ndarray
    speech: np.ndarray
    bags: tuple[tuple[str, ...], ...]
    document: np.ndarray
    group: np.ndarray
    facts: tuple[Fact, ...]
    group_of: dict[str, str]
    vectors: SentenceVectors
    n_groups: int

    def __len__(self) -> int:
        return len(self.refs)


@dataclass(frozen=True, slots=True)
class _Row:
    ref: SentenceRef
    text: str
    rank: int
    relative: float


def prepare(
    documents: Sequence[Document],
    facts: Sequence[Fact],
    groups: Sequence[Sequence[str]],
    config: SummaryConfig = SummaryConfig(),
    *,
    lang: Language | None = None,
) -> CandidateTable:
    """The story's candidate sentences (see :mod:`.candidates`) with their features, read in
    ``lang``'s words (default English)."""
    lang = lang or get_language()
    ordered = sorted(documents, key=lambda d: d.id)
    group_of = group_keys([d.id for d in ordered], groups)
    rows = [row for doc in ordered for row in _rows(doc, config, lang)]
    fact_of = {(ref.document, ref.sentence): k for k, fact in enumerate(facts) for ref in fact.support}
    # A sentence outside every given fact is a fact of its own, numbered after them.
    fact = [fact_of.get((r.ref.document, r.ref.sentence), len(facts) + i) for i, r in enumerate(rows)]
    # Groups are counted among documents with something to say: a crawl notice or an empty
    # page in the input does not make every real fact look less corroborated.
    label = {key: k for k, key in enumerate(sorted({group_of[r.ref.document] for r in rows}))}
    texts = tuple(r.text for r in rows)
    bags = tuple(tuple(bag) for bag in term_bags(texts, lang=lang))
    group = np.asarray([label[group_of[r.ref.document]] for r in rows], dtype=np.intp)
    doc_label = {doc: k for k, doc in enumerate(sorted({r.ref.document for r in rows}))}
    return CandidateTable(
        refs=tuple(r.ref for r in rows),
        texts=texts,
        words=np.asarray([word_count(t) for t in texts], dtype=int),
        rank=np.asarray([r.rank for r in rows], dtype=int),
        relative=np.asarray([r.relative for r in rows], dtype=float),
        leans=np.asarray([leans_on_context(t, lang=lang) for t in texts], dtype=bool),
        quotes=np.asarray([has_quotation(t) for t in texts], dtype=bool),
        fact=np.asarray(fact, dtype=int),
        sources=np.asarray([facts[f].independent_sources if f < len(facts) else 1 for f in fact], dtype=int),
        representative=np.asarray([_is_representative(r.ref, f, facts) for r, f in zip(rows, fact, strict=True)],
                                  dtype=bool),
        speech=np.asarray([bool(lang.quotes.speech_word.search(t)) for t in texts], dtype=bool),
        bags=bags,
        document=np.asarray([doc_label[r.ref.document] for r in rows], dtype=np.intp),
        group=group,
        facts=tuple(facts),
        group_of=group_of,
        vectors=sentence_vectors(bags, group),
        n_groups=len(label),
    )


def _is_representative(ref: SentenceRef, fact: int, facts: Sequence[Fact]) -> bool:
    """Is this sentence its (multi-outlet) fact's own wording, the one alignment found most
    similar to all the others?"""
    return fact < len(facts) and len(facts[fact].support) > 1 and ref.text == facts[fact].text


def _rows(doc: Document, config: SummaryConfig, lang: Language) -> list[_Row]:
    """A document's candidate sentences with their rank among them (the lead is 0) and
    relative position (rank / count, in [0, 1))."""
    kept = []
    for index, sentence in enumerate(doc.sentences):
        text = strip_dateline(sentence.text.strip(), lang=lang)
        if is_summary_worthy(text, config.min_words, config.max_words, lang=lang):
            kept.append((SentenceRef(doc.id, index, sentence.text), text))
    return [_Row(ref, text, rank, rank / len(kept)) for rank, (ref, text) in enumerate(kept)]


def citations(table: CandidateTable, index: int) -> tuple[str, ...]:
    """One document per independent group supporting candidate ``index``'s fact: the group's
    earliest id among the fact's supporting documents; sorted."""
    fact = int(table.fact[index])
    support = table.facts[fact].support if fact < len(table.facts) else (table.refs[index],)
    cited: dict[str, str] = {}
    for other in support:
        group = table.group_of.get(other.document, other.document)
        cited[group] = min(cited.get(group, other.document), other.document)
    return tuple(sorted(cited.values()))
