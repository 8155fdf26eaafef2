"""Verified support: which independent outlets state a claim, with the sentence that does.

A claim is a sentence of the story (a summary sentence keeps its origin). Its own outlet
supports it with the sentence itself; every other independent group is checked sentence by
sentence, and supports it only when its best sentence reaches the verifier's ``cite``
threshold. That sentence is the evidence. When unsure, an outlet is not cited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from storyfuse.analysis.align import group_keys
from storyfuse.analysis.verify import Verifier, Weights
from storyfuse.analysis.verify.features import Signals
from storyfuse.lang import Language
from storyfuse.model import Document, Evidence, Fact, Quote, QuoteOccurrence, SentenceRef, SummarySentence

# Typographic, not language-specific: the marks that may open or close a quoted sentence.
_QUOTE_MARKS = "\"'“”‘’«»„"


@dataclasses.dataclass(frozen=True, slots=True)
class _Story:
    """The story's sentences flattened, documents sorted by id."""

    refs: tuple[SentenceRef, ...]
    index: dict[tuple[str, int], int]
    group: np.ndarray
    groups: tuple[str, ...]


def _story(documents: Sequence[Document], groups: Sequence[Sequence[str]]) -> _Story:
    ordered = sorted(documents, key=lambda d: d.id)
    group_of = group_keys([d.id for d in ordered], groups)
    refs = tuple(SentenceRef(d.id, i, s.text) for d in ordered for i, s in enumerate(d.sentences))
    keys = tuple(sorted(set(group_of.values())))
    label = {key: k for k, key in enumerate(keys)}
    return _Story(refs, {(r.document, r.sentence): k for k, r in enumerate(refs)},
                  np.asarray([label[group_of[r.document]] for r in refs], dtype=np.intp), keys)


@dataclasses.dataclass(frozen=True, slots=True)
class Verified:
    """One claim's evidence (its own sentence and one verified sentence per other group, in
    document order) and whether verification failed against every other group."""

    evidence: tuple[Evidence, ...]
    single_source: bool


def with_speakers(refs: Sequence[tuple[str, int]], texts: Sequence[str], quotes: Sequence[Quote]) -> list[str]:
    """The texts to score: a sentence carrying an attributed quote whose speaker it does not
    name ("…," she said) is read with the speaker the quotes stage found appended, so that the
    speaker agrees with a claim that names them; the evidence shown stays the sentence itself.
    A quote running over several sentences lends its speaker to each of them."""
    where = {ref: k for k, ref in enumerate(refs)}
    scored = list(texts)
    for quote in quotes:
        if not quote.speaker:
            continue
        surname = quote.speaker.split()[-1]
        for o in quote.occurrences:
            for k in _quoted_sentences(where, texts, o):
                if surname not in scored[k]:
                    scored[k] = f"{scored[k]} ({quote.speaker})"
    return scored


def _quoted_sentences(where: dict[tuple[str, int], int], texts: Sequence[str], occurrence: QuoteOccurrence) -> list[int]:
    """The sentences an occurrence spans: the one it starts in, and each later one of the same
    document whose words (quotation marks aside) lie inside the occurrence's wording (a quote
    running over paragraphs may be split around a sentence of its own). The look ends once the
    sentences read hold twice the quote's length: the quote cannot lie further on, and a long
    document is not read to its end for every quote."""
    k = where.get((occurrence.document, occurrence.sentence))
    found = [] if k is None else [k]
    following, budget = occurrence.sentence + 1, 2 * len(occurrence.text)
    while budget > 0 and (k := where.get((occurrence.document, following))) is not None:
        if _inside(texts[k], occurrence.text):
            found.append(k)
        budget -= len(texts[k])
        following += 1
    return found


def _inside(sentence: str, quoted: str) -> bool:
    core = sentence.strip().strip(_QUOTE_MARKS).strip()
    return bool(core) and core in quoted


def story_texts(documents: Sequence[Document]) -> list[str]:
    """The story's sentences in the order every verification reads them (documents by id)."""
    return [s.text for d in sorted(documents, key=lambda d: d.id) for s in d.sentences]


def verify_claims(claims: Sequence[SentenceRef], documents: Sequence[Document], groups: Sequence[Sequence[str]],
                  verifier: Verifier, *, lang: Language, quotes: Sequence[Quote] = (),
                  prepared: Signals | None = None) -> tuple[Verified, ...]:
    """Each claim checked against every other independent group of the story. A claim that is
    not a sentence of the story is checked as text against every group. ``quotes`` (the quotes
    stage's) give the speakers of sentences that do not name them (:func:`with_speakers`);
    ``prepared``: the signals of :func:`story_texts`, used when no speaker had to be read in
    and every claim is a story sentence."""
    story = _story(documents, groups)
    texts = [r.text for r in story.refs]
    rows = []
    for claim in claims:
        at = story.index.get((claim.document, claim.sentence))
        if at is None or story.refs[at].text != claim.text:
            at = len(texts)
            texts.append(claim.text)
        rows.append(at)
    refs = [(r.document, r.sentence) for r in story.refs]
    scored = with_speakers(refs, texts, quotes) if quotes else texts
    # The prepared signals fit only the story's own sentences, unchanged.
    reuse = prepared if prepared is not None and len(texts) == len(story.refs) and scored == texts else None
    gated, near = verifier.cite_scores(scored, rows, lang=lang, prepared=reuse)
    weights = verifier.weights("cite")
    return tuple(_verified(story, claim, row, gated[k, : len(story.refs)], near[k, : len(story.refs)], weights)
                 for k, (claim, row) in enumerate(zip(claims, rows, strict=True)))


def _verified(story: _Story, claim: SentenceRef, row: int, gated: np.ndarray, nearness: np.ndarray,
              weights: Weights) -> Verified:
    own = int(story.group[row]) if row < len(story.refs) else -1
    found = [Evidence(claim.document, claim.sentence, claim.text, 1.0)] if own >= 0 else []
    near = False
    for label in range(len(story.groups)):
        members = np.flatnonzero(story.group == label)
        if label == own or not members.size:
            continue
        near |= bool(nearness[members].max() >= weights.single_threshold)
        best = int(members[np.argmax(gated[members])])
        if gated[best] >= weights.threshold:
            ref = story.refs[best]
            found.append(Evidence(ref.document, ref.sentence, ref.text, round(float(gated[best]), 4)))
    return Verified(tuple(sorted(found, key=lambda e: (e.document, e.sentence))), len(found) <= 1 and not near)


def verified_summary(summary: Sequence[SummarySentence], documents: Sequence[Document],
                     groups: Sequence[Sequence[str]], verifier: Verifier, *, lang: Language,
                     quotes: Sequence[Quote] = (), prepared: Signals | None = None) -> tuple[SummarySentence, ...]:
    """The summary with citations and support from verification alone."""
    verified = verify_claims([s.origin for s in summary], documents, groups, verifier, lang=lang, quotes=quotes,
                             prepared=prepared)
    return tuple(dataclasses.replace(s, citations=tuple(e.document for e in v.evidence), support=v.evidence,
                                     single_source=v.single_source)
                 for s, v in zip(summary, verified, strict=True))


def verified_facts(facts: Sequence[Fact], documents: Sequence[Document], groups: Sequence[Sequence[str]],
                   verifier: Verifier, *, lang: Language, prepared: Signals | None = None) -> tuple[Fact, ...]:
    """Facts that alignment found in two or more independent groups, with the outlets verified
    to state each one's text (its representative sentence): ``verified`` and the
    ``independent_sources`` that counts them. Single-group facts are returned as they are."""
    group_of = group_keys([d.id for d in documents], groups)
    shared = [f for f in facts if len({group_of.get(r.document, r.document) for r in f.support}) > 1]
    claims = [next(r for r in f.support if r.text == f.text) for f in shared]
    found = dict(zip((f.id for f in shared),
                     verify_claims(claims, documents, groups, verifier, lang=lang, prepared=prepared), strict=True))
    return tuple(_with_verification(f, found[f.id]) if f.id in found else f for f in facts)


def _with_verification(fact: Fact, verified: Verified) -> Fact:
    documents = tuple(e.document for e in verified.evidence)
    return dataclasses.replace(fact, verified=documents, independent_sources=len(documents),
                               single_source=verified.single_source)
