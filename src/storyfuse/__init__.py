"""storyfuse: many outlets' reports of one news event → one trustworthy, attributed brief."""

from __future__ import annotations

from storyfuse.clean import CleanConfig, clean
from storyfuse.errors import ConfigError, InputError, MissingDependency, StoryfuseError
from storyfuse.ingest import ReadConfig, read
from storyfuse.model import (
    SCHEMA_VERSION,
    Article,
    Corpus,
    Document,
    Rejection,
    Removal,
    Sentence,
    from_dict,
    to_dict,
)
from storyfuse.pipeline import clean_articles, process
from storyfuse.segment import segment

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION", "Analysis", "Article", "Discrepancy", "Entity", "Fact", "Quote", "Syndication", "CleanConfig", "ConfigError", "Corpus", "Document", "InputError",
    "MissingDependency", "ReadConfig", "Rejection", "Removal", "Sentence", "StoryfuseError",
    "analyze", "clean", "clean_articles", "from_dict", "process", "read", "segment", "to_dict",
]


def analyze(corpus: Corpus) -> Analysis:
    """Cross-source analysis of one story (loads spaCy; see :class:`storyfuse.analyze.Analyzer`)."""
    from storyfuse.analyze import analyze as run_analysis

    return run_analysis(corpus)
