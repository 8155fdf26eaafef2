"""The stages wired together: read → clean → segment."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storyfuse.clean import CleanConfig, clean
from storyfuse.ingest import ReadConfig, read
from storyfuse.model import Article, Corpus
from storyfuse.segment import segment_documents


def clean_articles(articles: Iterable[Article], config: CleanConfig = CleanConfig()) -> Corpus:
    """Clean and segment articles that are already in memory."""
    documents, rejected = clean(articles, config)
    return Corpus(segment_documents(documents), rejected)


def process(
    sources: Iterable[str | Path],
    read_config: ReadConfig = ReadConfig(),
    clean_config: CleanConfig = CleanConfig(),
) -> Corpus:
    """Read files or folders and return the cleaned, segmented corpus."""
    result = read(sources, read_config)
    corpus = clean_articles(result.articles, clean_config)
    return Corpus(corpus.documents, result.rejected + corpus.rejected)
