"""Quick facts: corroboration from the summariser's own sentence vectors, for summary-only runs.

Fact alignment (:mod:`storyfuse.analysis.align`) reads every sentence of every document, builds three
sets of keys and three TF-IDF spaces, and is most of the time a summary takes. A summary
that stands alone (no brief around it, as ``storyfuse eval`` scores it) can instead cluster
just the candidate sentences on the TF-IDF vectors preparation has already built, with the
same constrained average linkage and the same threshold. Measured on the 293 Multi-News dev
clusters (``benchmarks/brief_speed.py``, ``storyfuse eval --systems storyfuse,storyfuse-quick``):
about half the time, and a little less ROUGE than full alignment (the table in the README).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from storyfuse.analysis.align import AlignConfig, cluster
from storyfuse.model import Fact
from storyfuse.summarize.table import CandidateTable

# Fact alignment's cross-validated merge threshold; not re-tuned for these vectors.
QUICK_THRESHOLD = AlignConfig().threshold


def with_quick_facts(table: CandidateTable, threshold: float = QUICK_THRESHOLD) -> CandidateTable:
    """The table with its facts replaced by clusters of its own candidate sentences."""
    if not len(table) or table.vectors.rows is None:
        return table
    rows = table.vectors.rows
    clusters = cluster(np.asarray((rows @ rows.T).toarray()), table.document, threshold)
    facts = tuple(_fact(table, k, members) for k, members in enumerate(clusters, start=1))
    fact = np.zeros(len(table), dtype=int)
    for k, members in enumerate(clusters):
        fact[members] = k
    sources = np.asarray([facts[k].independent_sources for k in fact], dtype=int)
    return dataclasses.replace(table, fact=fact, sources=sources, facts=facts)


def _fact(table: CandidateTable, number: int, members: list[int]) -> Fact:
    support = tuple(table.refs[i] for i in members)
    independent = len({table.group_of[ref.document] for ref in support})
    return Fact(f"q{number}", support[0].text, support, independent, independent == 1)
