"""Evaluation input: reference-bearing clusters, and other systems' saved summaries (peers).

Clusters come through storyfuse's own readers (Multi-News JSONL, ``|||||`` text, LongBench rows,
gzipped or not), so bad input is reported the same way everywhere: one :class:`Rejection` per
file or line, and the rest is used.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storyfuse.errors import ConfigError
from storyfuse.ingest import ReadConfig
from storyfuse.model import Article, Document, Rejection
from storyfuse.pipeline import RunConfig, Runner

# Column names tried, in order, for a peer TSV's cluster id and summary.
_ID_COLUMNS = ("id", "row_id", "cluster", "_id")
_SUMMARY_COLUMNS = ("summary", "generated_summary", "prediction", "output")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One story: its cleaned, segmented documents and the human reference summary.

    ``documents`` is empty when cleaning rejected every article; such a cluster is still scored
    (every system gets an empty summary), so all systems are compared on the same clusters.
    """

    id: str
    documents: tuple[Document, ...]
    reference: str


@dataclass(frozen=True, slots=True)
class LoadedClusters:
    """Clusters in input order, inputs that could not be read, and articles cleaning dropped."""

    clusters: tuple[Cluster, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    dropped: tuple[Rejection, ...] = ()


@dataclass(frozen=True, slots=True)
class PeerSummaries:
    """A peer system's saved summaries by the id its file gives, plus unusable rows."""

    name: str
    summaries: Mapping[str, str]
    rejected: tuple[Rejection, ...] = ()


def load_clusters(
    sources: Iterable[str | Path],
    limit: int | None = None,
    read_config: ReadConfig = ReadConfig(),
    on_cluster: Callable[[], None] | None = None,
) -> LoadedClusters:
    """Read clusters (first ``limit`` only) and clean each one on its own, once, for every system.

    Articles outside a cluster, clusters without a reference and repeated cluster ids are rejected.
    """
    if limit is not None and limit < 1:
        raise ConfigError(f"the cluster limit must be at least 1, got {limit}")
    runner = Runner(RunConfig(read=read_config))
    result = runner.read(sources)
    groups, rejected = _group(result.articles)
    clusters: list[Cluster] = []
    dropped: list[Rejection] = []
    for cluster_id, articles in list(groups.items())[:limit]:
        corpus = runner.clean_articles(articles)
        clusters.append(Cluster(cluster_id, corpus.documents, articles[0].reference or ""))
        dropped += corpus.rejected
        if on_cluster is not None:
            on_cluster()
    return LoadedClusters(tuple(clusters), result.rejected + tuple(rejected), tuple(dropped))


def _group(articles: Iterable[Article]) -> tuple[dict[str, list[Article]], list[Rejection]]:
    """Articles by cluster. A cluster's articles share one ``path`` (its file, or file:line)."""
    groups: dict[str, list[Article]] = {}
    first_path: dict[str, str] = {}
    reported: set[tuple[str, str]] = set()
    rejected: list[Rejection] = []
    for article in articles:
        cluster = article.cluster
        if cluster is None:
            rejected.append(Rejection(article.where, "not part of a cluster (need Multi-News rows "
                                                     "with 'documents' and 'summary')"))
            continue
        first = first_path.setdefault(cluster, article.path)
        problem = None
        if first != article.path:
            problem = f"cluster id {cluster} repeats {first}; kept the first"
        elif not (article.reference or "").strip():
            problem = f"cluster {cluster} has no reference summary"
        if problem is None:
            groups.setdefault(cluster, []).append(article)
        elif (cluster, article.path) not in reported:  # one message per cluster, not per article
            reported.add((cluster, article.path))
            rejected.append(Rejection(article.path, problem))
    return groups, rejected


def read_peer(name: str, path: str | Path) -> PeerSummaries:
    """Another system's summaries: JSON Lines ``{"id", "summary"}`` (optionally ``"system"``) or a
    TSV with a header naming an id column (``id``/``row_id``) and a summary column
    (``summary``/``generated_summary``).

    A JSONL file holding several systems (an ``--outputs`` file) gives the rows whose ``system``
    is ``name``.
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        return PeerSummaries(name, {}, (Rejection(where, f"cannot read: {exc.strerror or exc}"),))
    except UnicodeDecodeError:
        return PeerSummaries(name, {}, (Rejection(where, "not UTF-8 text"),))
    if not text.strip():
        return PeerSummaries(name, {}, (Rejection(where, "empty file"),))
    if _looks_like_jsonl(where, text):
        return _peer_jsonl(name, where, text)
    return _peer_tsv(name, where, text)


def _looks_like_jsonl(where: str, text: str) -> bool:
    suffix = Path(where).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".tsv", ".tab", ".txt"):
        return False
    return text.lstrip().startswith("{")


def _peer_jsonl(name: str, where: str, text: str) -> PeerSummaries:
    rows: list[tuple[str, str | None, str, str]] = []
    rejected: list[Rejection] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            rejected.append(Rejection(f"{where}:{lineno}", f"malformed JSON: {exc.msg}"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("summary"), str) or "id" not in record:
            rejected.append(Rejection(f"{where}:{lineno}", "expected an object with 'id' and 'summary'"))
            continue
        system = record.get("system")
        rows.append((str(record["id"]), None if system is None else str(system), record["summary"],
                     f"{where}:{lineno}"))
    systems = {row[1] for row in rows if row[1] is not None}
    if len(systems) > 1:
        if name not in systems:
            listed = ", ".join(sorted(systems))
            return PeerSummaries(name, {}, (*rejected, Rejection(where, f"holds systems {listed}, "
                                                                        f"none named {name}")))
        rows = [row for row in rows if row[1] == name]
    return _collect(name, where, [(cid, summary, place) for cid, _, summary, place in rows], rejected)


def _peer_tsv(name: str, where: str, text: str) -> PeerSummaries:
    csv.field_size_limit(sys.maxsize)  # model outputs can be far longer than csv's 128 kB default
    reader = csv.reader(text.splitlines(keepends=True), delimiter="\t")
    header = [cell.strip().lower() for cell in next(reader, [])]
    id_col = next((header.index(c) for c in _ID_COLUMNS if c in header), None)
    summary_col = next((header.index(c) for c in _SUMMARY_COLUMNS if c in header), None)
    if id_col is None or summary_col is None:
        return PeerSummaries(name, {}, (Rejection(where, "TSV header needs an id column (id, row_id) and a "
                                                         "summary column (summary, generated_summary)"),))
    rows: list[tuple[str, str, str]] = []
    rejected: list[Rejection] = []
    for row in reader:
        place = f"{where}:{reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(id_col, summary_col):
            rejected.append(Rejection(place, f"expected {len(header)} tab-separated fields, got {len(row)}"))
            continue
        rows.append((row[id_col].strip(), row[summary_col], place))
    return _collect(name, where, rows, rejected)


def _collect(name: str, where: str, rows: list[tuple[str, str, str]],
             rejected: list[Rejection]) -> PeerSummaries:
    summaries: dict[str, str] = {}
    for cluster_id, summary, place in rows:
        if cluster_id in summaries:
            rejected.append(Rejection(place, f"id {cluster_id} repeats; kept the first"))
        else:
            summaries[cluster_id] = summary
    if not summaries and not rejected:
        rejected.append(Rejection(where, "no summaries in it"))
    return PeerSummaries(name, summaries, tuple(rejected))


def match_ids(peer_ids: Iterable[str], cluster_ids: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Map a peer's ids onto cluster ids: exactly, or by the part after the last ":" when unique.

    The second rule lets third-party files keyed by a bare row id ("425") meet our namespaced
    cluster ids ("girasella-sample:425"). Returns peer id → cluster id, and the ids left unmatched.
    """
    known = set(cluster_ids)
    by_suffix: dict[str, list[str]] = {}
    for cluster_id in known:
        by_suffix.setdefault(cluster_id.rsplit(":", 1)[-1], []).append(cluster_id)
    mapping: dict[str, str] = {}
    unmatched: list[str] = []
    for peer_id in peer_ids:
        candidates = by_suffix.get(peer_id, [])
        if peer_id in known:
            mapping[peer_id] = peer_id
        elif len(candidates) == 1:
            mapping[peer_id] = candidates[0]
        else:
            unmatched.append(peer_id)
    return mapping, unmatched
