"""storyfuse: many outlets' reports of one news event → one trustworthy, attributed brief."""

from __future__ import annotations

from storyfuse.clean import CleanConfig, clean
from storyfuse.errors import (
    Busy,
    ConfigError,
    FetchRefused,
    InputError,
    LimitExceeded,
    MissingDependency,
    NotFound,
    NothingUsable,
    StoryfuseError,
)
from storyfuse.ingest import ReadConfig, read
from storyfuse.lang import Language, get_language
from storyfuse.model import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Brief,
    Corpus,
    Digest,
    Discrepancy,
    Document,
    Entity,
    Fact,
    Quote,
    Rejection,
    Removal,
    Sentence,
    SummarySentence,
    Syndication,
    from_dict,
    to_dict,
)
from storyfuse.pipeline import (
    Executor,
    ProcessExecutor,
    RunConfig,
    Runner,
    Scope,
    SerialExecutor,
    Stage,
    StageEvent,
    clean_articles,
    process,
)
from storyfuse.segment import segment

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Brief",
    "Busy",
    "Digest",
    "CleanConfig",
    "ConfigError",
    "Corpus",
    "Discrepancy",
    "Document",
    "Entity",
    "Executor",
    "Fact",
    "FetchRefused",
    "InputError",
    "Language",
    "LimitExceeded",
    "MissingDependency",
    "NotFound",
    "NothingUsable",
    "ProcessExecutor",
    "Quote",
    "ReadConfig",
    "Rejection",
    "Removal",
    "RunConfig",
    "Runner",
    "Scope",
    "Sentence",
    "SerialExecutor",
    "Stage",
    "StageEvent",
    "StoryfuseError",
    "SummarySentence",
    "Syndication",
    "clean",
    "clean_articles",
    "from_dict",
    "get_language",
    "process",
    "read",
    "segment",
    "to_dict",
]

