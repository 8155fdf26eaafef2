"""storyfuse: many outlets' reports of one news event → one trustworthy, attributed brief."""

from __future__ import annotations

from storyfuse.clean import CleanConfig, clean
from storyfuse.errors import ConfigError, InputError, MissingDependency, StoryfuseError
from storyfuse.ingest import ReadConfig, read
from storyfuse.model import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Corpus,
    Discrepancy,
    Document,
    Entity,
    Fact,
    Quote,
    Rejection,
    Removal,
    Sentence,
    Syndication,
    from_dict,
    to_dict,
)
from storyfuse.pipeline import clean_articles, process
from storyfuse.segment import segment

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "CleanConfig",
    "ConfigError",
    "Corpus",
    "Discrepancy",
    "Document",
    "Entity",
    "Fact",
    "InputError",
    "MissingDependency",
    "Quote",
    "ReadConfig",
    "Rejection",
    "Removal",
    "Sentence",
    "StoryfuseError",
    "Syndication",
    "clean",
    "clean_articles",
    "from_dict",
    "process",
    "read",
    "segment",
    "to_dict",
]

