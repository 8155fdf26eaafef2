"""Run systems over reference-bearing clusters and score them side by side.

Every system gets the same cleaned documents and the same word budget; each system's own call is
the only thing timed. Peers (other systems' saved summaries) are scored only on the clusters they
cover, and each set of covered clusters gets its own comparison in which every system run here is
re-averaged over exactly those clusters.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from storyfuse.errors import ConfigError, StoryfuseError
from storyfuse.evaluate.baselines import BASELINES, SystemFn
from storyfuse.evaluate.data import Cluster, match_ids
from storyfuse.evaluate.rouge import Rouge, prepare_reference, score, split_sentences, truncate
from storyfuse.evaluate.salience import TrainConfig, cross_validated
from storyfuse.model import Document
from storyfuse.summarize import prepare
from storyfuse.summarize.scorer import SalienceModel

STORYFUSE = "storyfuse"
# The summary-only quick mode (facts clustered on the summariser's own vectors).
STORYFUSE_QUICK = "storyfuse-quick"
DEFAULT_SYSTEMS = (STORYFUSE, STORYFUSE_QUICK, *BASELINES)


@dataclass(frozen=True, slots=True)
class EvalConfig:
    """``words``: every summary is cut to its first ``words`` whitespace words before scoring."""

    words: int = 300

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ConfigError(f"the word budget must be at least 1, got {self.words}")


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """One system on one cluster: ROUGE F1 in [0, 1]; ``seconds`` is None for a peer."""

    id: str
    system: str
    rouge1: float
    rouge2: float
    rougeLsum: float
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class SystemScore:
    """A system's mean F1 (in [0, 1]) over ``clusters`` clusters, and its mean seconds per cluster."""

    system: str
    clusters: int
    rouge1: float
    rouge2: float
    rougeLsum: float
    seconds_per_cluster: float | None = None


@dataclass(frozen=True, slots=True)
class SummaryOutput:
    """What a system produced for a cluster, as scored: truncated to the budget, one sentence each."""

    id: str
    system: str
    sentences: tuple[str, ...]

    @property
    def summary(self) -> str:
        return "\n".join(self.sentences)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Peers scored on the clusters they cover, beside every system re-averaged on those clusters."""

    peers: tuple[str, ...]
    clusters: tuple[str, ...]
    scores: tuple[SystemScore, ...]


@dataclass(frozen=True, slots=True)
class EvalResult:
    """``scores``: systems run here, over all clusters; ``per_cluster`` also holds peers' rows;
    ``notes``: things a reader should know (peer ids that match no cluster...)."""

    words: int
    scores: tuple[SystemScore, ...] = ()
    per_cluster: tuple[ClusterScore, ...] = ()
    outputs: tuple[SummaryOutput, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Folded:
    """A system whose function depends on the cluster (cross-validation: each cluster is
    summarised by the model trained without its fold)."""

    by_cluster: Mapping[str, SystemFn]

    def for_cluster(self, cluster_id: str) -> SystemFn:
        return self.by_cluster[cluster_id]


def storyfuse_system(quick: bool = False, salience: SalienceModel | None = None) -> SystemFn:
    """storyfuse's summarizer as a system function (imported now, so import time is not timed);
    ``quick``: the summary-only quick mode; ``salience``: this model instead of the package's."""
    from storyfuse.pipeline import Resources, RunConfig, Runner

    runner = Runner(RunConfig().override(quick=quick), resources=Resources(salience))

    def summarize(documents: Sequence[Document], words: int) -> list[str]:
        return [s.text for s in runner.summary(documents, config=runner.config.override(words=words))]

    return summarize


def select_systems(names: Iterable[str], storyfuse: SystemFn | None = None) -> dict[str, SystemFn]:
    """System functions by name, in the order given; ``storyfuse`` defaults to the summarizer."""
    chosen: dict[str, SystemFn] = {}
    for name in (n.strip().lower() for n in names):
        if name == STORYFUSE:
            chosen[name] = storyfuse or storyfuse_system()
        elif name == STORYFUSE_QUICK:
            chosen[name] = storyfuse_system(quick=True)
        elif name in BASELINES:
            chosen[name] = BASELINES[name]
        elif name:
            raise ConfigError(f"unknown system '{name}' (expected some of {', '.join(DEFAULT_SYSTEMS)})")
    if not chosen:
        raise ConfigError("no system to evaluate")
    return chosen


def cross_validated_models(clusters: Sequence[Cluster], k: int,
                           config: TrainConfig = TrainConfig()) -> list[SalienceModel]:
    """For each cluster, the salience model trained on the other folds' references (``k``-fold
    cross-validation by cluster, :func:`storyfuse.evaluate.salience.folds`). Training reads
    full-mode candidate tables, as the shipped model's did."""
    from storyfuse.pipeline import RunConfig, Runner

    repeated = sorted(cid for cid, count in Counter(c.id for c in clusters).items() if count > 1)
    if repeated:  # a repeated cluster could be summarised by a model trained on its copy
        raise ConfigError(f"cross-validation needs distinct cluster ids; repeated: {', '.join(repeated[:5])}")
    runner = Runner(RunConfig())
    tables = [runner.story(c.documents, ("candidates",))["candidates"] if c.documents else prepare((), (), ())
              for c in clusters]
    return cross_validated(tables, [prepare_reference(c.reference) for c in clusters], k, config)


def cross_validated_system(clusters: Sequence[Cluster], models: Sequence[SalienceModel], quick: bool = False) -> Folded:
    """storyfuse summarising each cluster with its own model (``models[i]`` for ``clusters[i]``)."""
    systems: dict[int, SystemFn] = {}
    for model in models:
        if id(model) not in systems:
            systems[id(model)] = storyfuse_system(quick, model)
    return Folded({c.id: systems[id(m)] for c, m in zip(clusters, models, strict=True)})


def cross_validate_systems(systems: Mapping[str, SystemFn | Folded], clusters: Sequence[Cluster],
                           k: int) -> dict[str, SystemFn | Folded]:
    """``systems`` with storyfuse's modes cross-validated (every cluster summarised by a model
    that never saw it, :func:`cross_validated_models`); the others as they are."""
    if len(clusters) < k:
        raise ConfigError(f"{k}-fold cross-validation needs at least {k} clusters, got {len(clusters)}")
    modes = {STORYFUSE: False, STORYFUSE_QUICK: True}
    if not modes.keys() & systems.keys():
        return dict(systems)
    models = cross_validated_models(clusters, k)
    return {name: cross_validated_system(clusters, models, quick=modes[name]) if name in modes else system
            for name, system in systems.items()}


def run_eval(
    clusters: Sequence[Cluster],
    systems: Mapping[str, SystemFn | Folded],
    config: EvalConfig = EvalConfig(),
    peers: Mapping[str, Mapping[str, str]] | None = None,
    on_cluster: Callable[[], None] | None = None,
) -> EvalResult:
    """Run every system on every cluster, score all of them and the peers' saved summaries.

    ``peers`` maps a peer's name to its summaries by id (exact cluster ids, or bare ids matching
    the part after the last ":" of one cluster id). A cluster without documents is kept: every
    system gets an empty summary there (ROUGE 0, 0 seconds) without being called.
    """
    clash = set(systems) & set(peers or {})
    if clash:
        raise ConfigError(f"peer name {', '.join(sorted(clash))} is also a system being run")
    per_cluster: list[ClusterScore] = []
    outputs: list[SummaryOutput] = []
    references: dict[str, list[str]] = {}
    for cluster in clusters:
        references[cluster.id] = reference = prepare_reference(cluster.reference)
        for name, system in systems.items():
            sentences, seconds = _summarize(name, system, cluster, config.words)
            outputs.append(SummaryOutput(cluster.id, name, tuple(sentences)))
            per_cluster.append(_cluster_score(cluster.id, name, score(sentences, reference), seconds))
        if on_cluster is not None:
            on_cluster()
    peer_rows, notes = _score_peers(peers or {}, references, config.words)
    ids = [cluster.id for cluster in clusters]
    return EvalResult(
        words=config.words,
        scores=tuple(_means(per_cluster, name, ids) for name in systems),
        per_cluster=tuple(per_cluster + peer_rows),
        outputs=tuple(outputs),
        comparisons=_comparisons(ids, per_cluster + peer_rows, list(systems), list(peers or {})),
        notes=tuple(notes),
    )


def _summarize(name: str, system: SystemFn | Folded, cluster: Cluster, words: int) -> tuple[list[str], float]:
    if not cluster.documents:
        return [], 0.0
    if isinstance(system, Folded):
        system = system.for_cluster(cluster.id)
    start = time.perf_counter()
    try:
        sentences = system(cluster.documents, words)
        seconds = time.perf_counter() - start
    except StoryfuseError:
        raise
    except Exception as exc:  # name the system and cluster: the CLI shows only this line
        raise StoryfuseError(f"system {name} failed on cluster {cluster.id}: "
                             f"{type(exc).__name__}: {exc}") from exc
    if isinstance(sentences, str):  # would otherwise be scored character by character
        raise StoryfuseError(f"system {name} returned one string on cluster {cluster.id}; "
                             "expected a list of sentences")
    return truncate(list(sentences), words), seconds


def _cluster_score(cluster_id: str, system: str, rouge: Rouge, seconds: float | None) -> ClusterScore:
    return ClusterScore(cluster_id, system, rouge.rouge1, rouge.rouge2, rouge.rougeLsum, seconds)


def _score_peers(
    peers: Mapping[str, Mapping[str, str]], references: Mapping[str, list[str]], words: int
) -> tuple[list[ClusterScore], list[str]]:
    rows: list[ClusterScore] = []
    notes: list[str] = []
    for name, summaries in peers.items():
        mapping, unmatched = match_ids(summaries, references)
        if unmatched:
            shown = ", ".join(unmatched[:5]) + (", ..." if len(unmatched) > 5 else "")
            notes.append(f"peer {name}: {len(unmatched)} id(s) match none of the clusters evaluated ({shown})")
        if not mapping:
            notes.append(f"peer {name}: covers none of the clusters; not scored")
        by_cluster = {cluster_id: peer_id for peer_id, cluster_id in mapping.items()}
        for cluster_id in references:  # cluster order, so the CSV reads like the data
            if cluster_id not in by_cluster:
                continue
            peer_id = by_cluster[cluster_id]
            sentences = truncate(split_sentences(summaries[peer_id]), words)
            rows.append(_cluster_score(cluster_id, name, score(sentences, references[cluster_id]), None))
    return rows, notes


def _means(rows: Iterable[ClusterScore], system: str, cluster_ids: Iterable[str]) -> SystemScore:
    wanted = set(cluster_ids)
    mine = [row for row in rows if row.system == system and row.id in wanted]
    timed = [row.seconds for row in mine if row.seconds is not None]
    if not mine:
        return SystemScore(system, 0, 0.0, 0.0, 0.0, None)
    return SystemScore(
        system, len(mine),
        fmean(r.rouge1 for r in mine), fmean(r.rouge2 for r in mine), fmean(r.rougeLsum for r in mine),
        fmean(timed) if timed else None,
    )


def _comparisons(
    cluster_ids: list[str], rows: list[ClusterScore], systems: list[str], peers: list[str]
) -> tuple[Comparison, ...]:
    # Peers covering the same clusters share one comparison, so the table does not repeat itself;
    # a peer covering more than those clusters is re-averaged on them and listed too.
    covers = {peer: frozenset(row.id for row in rows if row.system == peer) for peer in peers}
    coverage: dict[frozenset[str], list[str]] = {}
    for peer in peers:
        if covers[peer]:
            coverage.setdefault(covers[peer], []).append(peer)
    comparisons = []
    for covered, names in coverage.items():
        wider = [peer for peer in peers if peer not in names and covered < covers[peer]]
        comparisons.append(Comparison(
            peers=tuple(names),
            clusters=tuple(cid for cid in cluster_ids if cid in covered),
            scores=tuple(_means(rows, name, covered) for name in [*systems, *names, *wider]),
        ))
    return tuple(comparisons)
