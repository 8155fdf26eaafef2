"""Extractive multi-document summary: the story's key facts, each said once, each cited.

How
    1. **Candidates** (:mod:`.candidates`): every sentence that can stand in a summary (ends like
       a sentence, 6-60 words, no byline, caption, sign-up prompt or question to the reader);
       a leading wire dateline is dropped from the text (``origin`` keeps the full sentence).
    2. **Score** (:mod:`.select`): a learned salience model (:mod:`.salience` features,
       :mod:`.scorer` trees, trained on Multi-News by ``benchmarks/train_salience.py``)
       estimates how much of each sentence a human summary would use; its standardised score
       is mixed half and half with the hand-weighted prior it replaced: how many independent
       groups report the sentence's fact, lead position in its document, centrality (TF-IDF
       cosine to a centroid to which each independent group contributes once), a bonus for
       quotations, and a penalty for sentences that lean on context ("But he said…").
    3. **Select** greedily by maximal marginal relevance (score minus similarity to what is
       already chosen) within the word budget: a sentence that would overflow is skipped for a
       shorter one that fits; a sentence too similar to a chosen one is never taken, and once a
       fact is told, no other outlet's wording of it can be (syndicated copies and aligned
       facts count once).
    4. **Order**: the most corroborated chosen sentence opens (among equals, the one nearest
       the top of its document), the rest follow in story order, by relative position in
       their documents, the way the outlets themselves unfold the story. (ROUGE does not see
       order; this is for the reader.)
    5. **Cite**: one document per independent group that supports the sentence's fact.

Everything is computed from the story's own documents and the shipped model (no other data),
and documents are sorted by id first, so the summary does not depend on input order. The model
and the defaults were cross-validated on Multi-News (``benchmarks/train_salience.py``; the
hand-weighted prior's weights by ``benchmarks/tune_summary.py``). The pipeline runs it as three
stages: ``candidates`` (:func:`prepare`, or ``quick-candidates``: :func:`with_quick_facts`),
then ``summarize`` (:func:`summarize_table`).
"""

from __future__ import annotations

from storyfuse.summarize.config import SummaryConfig
from storyfuse.summarize.quick import with_quick_facts
from storyfuse.summarize.select import summarize_table
from storyfuse.summarize.table import CandidateTable, prepare

__all__ = [
    "CandidateTable", "SummaryConfig", "prepare", "summarize_table", "with_quick_facts",
]
