"""Fact alignment: sentences of different outlets that report the same thing become one Fact.

How
    1. Documents are sorted by id and their sentences numbered in that order, so the result
       never depends on the order the documents came in.
    2. Every pair of sentences gets a similarity (:mod:`storyfuse.analysis.align.features`): TF-IDF
       cosine of stemmed content words, plus bonuses for shared names and shared numbers.
    3. Greedy average-linkage clustering: the two clusters with the highest mean pairwise
       similarity are merged, as long as that mean reaches ``AlignConfig.threshold`` and the
       two clusters share no document, so a fact holds at most one sentence per document.
       Clusters can only ever merge along pairs at or above the threshold, so the work is
       split into the connected components of that graph.
    4. Every cluster is a :class:`~storyfuse.model.Fact`; sentences nobody else reports are
       single-support facts. ``independent_sources`` counts the distinct independent groups
       (syndicated copies count once) among the supporting documents.

The defaults were cross-validated on SPARK proposition clustering (Multi-News test topics);
``benchmarks/alignment.py`` reproduces the numbers. Lexical similarity finds reworded
sentences only while they keep some words: "ran aground" and "became stuck on a sandbank"
do not meet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from storyfuse.analysis.align.features import similarity
from storyfuse.analysis.verify import Verifier, symmetric
from storyfuse.analysis.verify.features import Signals, signals
from storyfuse.errors import ConfigError, InputError
from storyfuse.lang import Language, get_language
from storyfuse.model import Document, Fact, SentenceRef
from storyfuse.text import UnionFind


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Settings of :func:`align_facts`; every default comes from ``benchmarks/alignment.py``."""

    # Every default below was chosen by ``benchmarks/alignment.py`` on SPARK proposition
    # clustering (98 Multi-News test topics; sentence pairs sharing a gold proposition), as the
    # grid point with the best micro F0.5 over all topics. F0.5 rather than F1 because a wrong
    # merge makes the brief claim corroboration that does not exist, while a missed merge only
    # understates it. 5-fold cross-validation by topic with the same rule: held-out F0.5 0.485,
    # F1 0.337 (precision 0.69, recall 0.22); selecting by F1 instead gives F1 0.340 at
    # precision 0.60 with thresholds 0.1-0.15.
    #
    # Least mean similarity for two clusters to merge: every fold chose 0.2.
    threshold: float = 0.2
    # Weight of the cosine of shared capitalised names, added to the word cosine (names are
    # words too, so this only tips the balance): folds chose 0.1 four times in five, 0.0 once;
    # without both bonuses held-out F0.5 is 0.482 instead of 0.485.
    name_bonus: float = 0.1
    # Weight of the cosine of shared numbers: folds chose 0.2 three times, 0.0 twice.
    number_bonus: float = 0.2
    # Stems are cut to this many characters after a light suffix strip (grid 5, 6, no cut):
    # every fold chose 5.
    stem_length: int = 5
    # A pair of sentences sharing fewer content-word keys than this cannot align unless their
    # keys are identical (grid 1, 2): every fold chose 2.
    min_shared: int = 2

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1 + self.name_bonus + self.number_bonus:
            raise ConfigError(f"align threshold must be in (0, 1 + bonuses], not {self.threshold}")
        if self.name_bonus < 0 or self.number_bonus < 0:
            raise ConfigError("align bonuses cannot be negative")
        if self.min_shared < 1:
            raise ConfigError(f"align min_shared must be at least 1, not {self.min_shared}")
        if self.stem_length < 3:
            raise ConfigError(f"align stem_length must be at least 3, not {self.stem_length}")


@dataclass(frozen=True, slots=True)
class _Sentences:
    """All sentences of the (sorted) documents, flattened; ``doc`` indexes ``doc_ids``."""

    doc_ids: tuple[str, ...]
    refs: tuple[SentenceRef, ...]
    doc: np.ndarray


def align_facts(
    documents: Sequence[Document],
    groups: Sequence[Sequence[str]] = (),
    config: AlignConfig = AlignConfig(),
    *,
    lang: Language | None = None,
    verifier: Verifier | None = None,
    prepared: Signals | None = None,
) -> tuple[Fact, ...]:
    """Group sentences of different documents that report the same thing into Facts.

    ``groups`` lists independent groups of document ids (syndicated copies form one group);
    a document not listed is a group of its own, and groups sharing a document are joined.
    Facts come ordered by independent sources, then support size, then first appearance,
    and are numbered "f1", "f2", … in that order. ``lang``'s fact stop words (default:
    English) are left out of the sentences' keys.

    With a ``verifier`` (:mod:`storyfuse.analysis.verify`), the similarity is its ``align``
    score (both directions averaged) and the threshold its own; a fact one independent group
    reports is single-source only when no sentence of another group verifies any of its
    sentences. Without one, the lexical similarity and ``config`` are used. ``prepared``: the
    verifier's signals of the sentences in that order (documents sorted by id), if already made.
    """
    sentences = _flatten(documents)
    if not sentences.refs:
        return ()
    texts = [ref.text for ref in sentences.refs]
    lang = lang or get_language()
    group_of = group_keys(sentences.doc_ids, groups)
    if verifier is None:
        sim = similarity(texts, config.stem_length, config.name_bonus, config.number_bonus, config.min_shared, lang)
        return _facts(cluster(sim, sentences.doc, config.threshold), sim, sentences, group_of)
    bags = prepared if prepared is not None else signals(texts, lang)
    sim = symmetric(verifier.scores(texts, None, "align", lang=lang, prepared=bags))
    facts = _facts(cluster(sim, sentences.doc, verifier.weights("align").threshold), sim, sentences, group_of)
    return _verified_single_source(facts, texts, bags, sentences, group_of, verifier, lang)


def _verified_single_source(facts: tuple[Fact, ...], texts: list[str], bags: Signals, sentences: _Sentences,
                            group_of: dict[str, str], verifier: Verifier, lang: Language) -> tuple[Fact, ...]:
    """Facts of one group stay single-source only if no other group's sentence comes near
    one of their sentences (the verifier's nearness below its single-source threshold, as for
    the summary's sentences)."""
    threshold = verifier.weights("cite").single_threshold
    if threshold <= 0:  # nothing elsewhere can be ruled out (the lexical verifier: see weights.json)
        return tuple(dataclasses.replace(f, single_source=False) for f in facts)
    position = {(r.document, r.sentence): k for k, r in enumerate(sentences.refs)}
    rows = sorted({position[(r.document, r.sentence)] for f in facts if f.single_source for r in f.support})
    if not rows:
        return facts
    _, near = verifier.cite_scores(texts, rows, lang=lang, prepared=bags)
    verified = near >= threshold
    group = np.asarray([group_of[r.document] for r in sentences.refs])
    elsewhere = {row: bool((verified[k] & (group != group[row])).any()) for k, row in enumerate(rows)}
    return tuple(
        dataclasses.replace(f, single_source=False)
        if f.single_source and any(elsewhere[position[(r.document, r.sentence)]] for r in f.support) else f
        for f in facts
    )


def _flatten(documents: Sequence[Document]) -> _Sentences:
    ordered = sorted(documents, key=lambda d: d.id)
    for before, after in pairwise(ordered):
        if before.id == after.id:
            raise InputError(after.path, f"duplicate document id {after.id!r}")
    refs = [
        SentenceRef(d.id, i, s.text) for d in ordered for i, s in enumerate(d.sentences)
    ]
    doc = [k for k, d in enumerate(ordered) for _ in d.sentences]
    return _Sentences(tuple(d.id for d in ordered), tuple(refs), np.asarray(doc, dtype=np.intp))


def group_keys(doc_ids: Sequence[str], groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each document id → a key of its independent group (the smallest id in it).

    Groups that share a document are joined (a copy of a copy is still a copy); ids that
    are not among ``doc_ids`` are ignored.
    """
    known = set(doc_ids)
    found = UnionFind(doc_ids)
    for group in groups:
        members = sorted({d for d in group if d in known})
        for other in members[1:]:
            smaller, larger = sorted((found.find(members[0]), found.find(other)))
            found.attach(larger, smaller)
    return {d: found.find(d) for d in doc_ids}


def cluster(sim: np.ndarray, doc: np.ndarray, threshold: float) -> list[list[int]]:
    """Constrained average-linkage clusters of sentence indices, each sorted, in index order.

    Two clusters merge only if their mean pairwise similarity is at least ``threshold`` and
    they share no document (``doc[i]`` is sentence i's document).
    """
    component = _components(np.triu((sim >= threshold) & (doc[:, None] != doc[None, :]), k=1))
    clusters: list[list[int]] = []
    by_label: dict[int, list[int]] = {}
    for index, label in enumerate(component.tolist()):
        by_label.setdefault(label, []).append(index)
    for members_list in by_label.values():
        if len(members_list) == 1:
            clusters.append(members_list)
            continue
        members = np.asarray(members_list)
        for part in _average_linkage(sim[np.ix_(members, members)], doc[members], threshold):
            clusters.append([int(members[i]) for i in part])
    clusters.sort(key=lambda c: c[0])
    return clusters


def _components(edges: np.ndarray) -> np.ndarray:
    """Connected-component label of every node of a boolean edge matrix, numbered in order
    of each component's smallest member."""
    _, label = connected_components(csr_matrix(edges), directed=False)
    return np.asarray(label)


def _average_linkage(sim: np.ndarray, doc: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy constrained average linkage on one component (indices local to it).

    ``sums[a, b]`` is the total similarity between clusters a and b and ``link`` their mean,
    −inf where they may not merge; a merged cluster keeps the lower index, so ties break by
    position (documents sorted by id) and the result is deterministic.
    """
    m = len(doc)
    docs = np.zeros((m, int(doc.max()) + 1), dtype=bool)
    docs[np.arange(m), doc] = True
    sums = sim.astype(float)
    size = np.ones(m)
    link = np.where(docs @ docs.T, -np.inf, sums)
    alive = np.ones(m, dtype=bool)
    members = [[i] for i in range(m)]
    while True:
        a, b = divmod(int(np.argmax(link)), m)
        if not link[a, b] >= threshold:
            break
        a, b = min(a, b), max(a, b)
        sums[a] += sums[b]
        sums[:, a] = sums[a]
        size[a] += size[b]
        docs[a] |= docs[b]
        alive[b] = False
        members[a] += members[b]
        row = np.where(alive & ~(docs @ docs[a]), sums[a] / (size[a] * size), -np.inf)
        row[a] = -np.inf
        link[a], link[:, a] = row, row
        link[b], link[:, b] = -np.inf, -np.inf
    return [sorted(members[i]) for i in range(m) if alive[i]]


def _facts(
    clusters: list[list[int]], sim: np.ndarray, sentences: _Sentences, group_of: dict[str, str]
) -> tuple[Fact, ...]:
    drafts = [_draft(members, sim, sentences, group_of) for members in clusters]
    drafts.sort(key=lambda f: (-f.independent_sources, -len(f.support), f.support[0].document,
                               f.support[0].sentence))
    return tuple(
        Fact(f"f{k}", f.text, f.support, f.independent_sources, f.single_source)
        for k, f in enumerate(drafts, start=1)
    )


def _draft(members: list[int], sim: np.ndarray, sentences: _Sentences, group_of: dict[str, str]) -> Fact:
    """A fact without its final id; its text is the member most similar to the others
    (self-similarity left out: with the bonuses it is higher for sentences with numbers)."""
    support = tuple(sentences.refs[i] for i in members)
    if len(members) == 1:
        return Fact("", support[0].text, support, 1, True)
    block = sim[np.ix_(members, members)]
    centrality = block.sum(axis=1) - np.diag(block)
    text = support[int(np.argmax(centrality))].text
    independent = len({group_of[ref.document] for ref in support})
    return Fact("", text, support, independent, independent == 1)
