"""The pipeline: stages that declare what they need and provide, one runner that chains them,
and executors that decide where the work runs.

:mod:`.stage` is the protocol, :mod:`.stages` the registered stages in reading order,
:mod:`.runner` the only place stages are chained, :mod:`.executors` serial and process-pool
execution, :mod:`.config` the one :class:`RunConfig`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storyfuse.clean import CleanConfig
from storyfuse.ingest import ReadConfig
from storyfuse.model import Article, Corpus
from storyfuse.pipeline.config import RunConfig
from storyfuse.pipeline.executors import Executor, ProcessExecutor, SerialExecutor, executor_for
from storyfuse.pipeline.resources import Resources
from storyfuse.pipeline.runner import Runner
from storyfuse.pipeline.stage import Dependency, Hook, Scope, Stage, StageEvent
from storyfuse.pipeline.stages import ANALYSIS, DIGEST, STAGES, SUMMARY


def process(
    sources: Iterable[str | Path],
    read_config: ReadConfig = ReadConfig(),
    clean_config: CleanConfig = CleanConfig(),
    *,
    config: RunConfig | None = None,
) -> Corpus:
    """Read files or folders and return the cleaned, segmented corpus (``config``, when given,
    sets everything, the language included)."""
    return Runner(config or RunConfig(read=read_config, clean=clean_config)).clean(sources)


def clean_articles(
    articles: Iterable[Article], clean_config: CleanConfig = CleanConfig(), *, config: RunConfig | None = None
) -> Corpus:
    """Clean and segment articles that are already in memory."""
    return Runner(config or RunConfig(clean=clean_config)).clean_articles(articles)


__all__ = [
    "ANALYSIS", "DIGEST", "STAGES", "SUMMARY", "Dependency", "Executor", "Hook", "ProcessExecutor", "Resources",
    "RunConfig", "Runner", "Scope", "SerialExecutor", "Stage", "StageEvent", "clean_articles", "executor_for",
    "process",
]
