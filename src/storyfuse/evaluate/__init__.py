"""Evaluation against human reference summaries: ROUGE for storyfuse and baselines in one run.

Typical use (what ``storyfuse eval`` wraps)::

    loaded = load_clusters(["multinews.jsonl"], limit=None)       # read, group, clean once
    systems = select_systems(["storyfuse", "lead", "lexrank", "textrank"])
    peers = {p.name: p.summaries for p in [read_peer("qwen", "qwen_sample.tsv")]}
    result = run_eval(loaded.clusters, systems, EvalConfig(words=300), peers)
    print(render_table(result)); write_csv(result, "scores.csv"); write_outputs(result, "out.jsonl")
    failures = check_gate(result, read_gate("gate.json"))           # non-empty → fail

A system is any callable ``(documents, words) -> sentences``; the harness cuts every summary to
``words`` whitespace words, keeping sentence boundaries for ROUGE-Lsum.
"""

from __future__ import annotations

from storyfuse.evaluate.baselines import BASELINES, SystemFn, lead, lexrank, textrank
from storyfuse.evaluate.data import (
    Cluster,
    LoadedClusters,
    PeerSummaries,
    load_clusters,
    match_ids,
    read_peer,
)
from storyfuse.evaluate.report import (
    CSV_COLUMNS,
    check_gate,
    read_gate,
    render_table,
    validate_gate,
    write_csv,
    write_outputs,
)
from storyfuse.evaluate.rouge import METRICS, Rouge, prepare_reference, score, truncate
from storyfuse.evaluate.runner import (
    DEFAULT_SYSTEMS,
    STORYFUSE,
    STORYFUSE_QUICK,
    ClusterScore,
    Comparison,
    EvalConfig,
    EvalResult,
    Folded,
    SummaryOutput,
    SystemScore,
    cross_validate_systems,
    run_eval,
    select_systems,
    storyfuse_system,
)

__all__ = [
    "BASELINES",
    "CSV_COLUMNS",
    "DEFAULT_SYSTEMS",
    "METRICS",
    "STORYFUSE",
    "STORYFUSE_QUICK",
    "Cluster",
    "ClusterScore",
    "Comparison",
    "cross_validate_systems",
    "EvalConfig",
    "EvalResult",
    "Folded",
    "LoadedClusters",
    "PeerSummaries",
    "Rouge",
    "SummaryOutput",
    "SystemFn",
    "SystemScore",
    "check_gate",
    "lead",
    "lexrank",
    "load_clusters",
    "match_ids",
    "prepare_reference",
    "read_gate",
    "read_peer",
    "render_table",
    "run_eval",
    "score",
    "select_systems",
    "storyfuse_system",
    "textrank",
    "truncate",
    "validate_gate",
    "write_csv",
    "write_outputs",
]
