"""One configuration for a whole run: every stage's frozen settings and the language."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from storyfuse.analysis import AnalysisConfig
from storyfuse.brief import BriefConfig
from storyfuse.clean import CleanConfig
from storyfuse.ingest import ReadConfig
from storyfuse.lang import DEFAULT_LANGUAGE, get_language
from storyfuse.summarize.config import SummaryConfig


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Settings of every stage. ``language`` is the profile used for documents in a language
    storyfuse has no profile for, or that neither state nor show one (see :mod:`storyfuse.lang`)."""

    read: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    analysis: AnalysisConfig = field(default_factory=AnalysisConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    brief: BriefConfig = field(default_factory=BriefConfig)
    language: str = DEFAULT_LANGUAGE
    # Detect the language of documents whose input states none (storyfuse.lang.detect).
    detect_language: bool = True

    def __post_init__(self) -> None:
        get_language(self.language)  # an unknown code is a ConfigError now, not mid-run

    def override(
        self,
        *,
        words: int | None = None,
        entities: bool | None = None,
        quick: bool | None = None,
        max_bytes: int | None = None,
        language: str | None = None,
        embeddings: bool | None = None,
    ) -> RunConfig:
        """This configuration with the settings front ends change per call (``None``: keep)."""
        config = self
        if words is not None:
            config = dataclasses.replace(config, summary=dataclasses.replace(config.summary, words=words))
        if quick is not None:
            config = dataclasses.replace(config, summary=dataclasses.replace(config.summary, quick=quick))
        if entities is not None:
            config = dataclasses.replace(config, analysis=dataclasses.replace(config.analysis,
                                                                              find_entities=entities))
        if max_bytes is not None:
            config = dataclasses.replace(config, read=dataclasses.replace(config.read, max_bytes=max_bytes))
        if language is not None:
            config = dataclasses.replace(config, language=language)
        if embeddings is not None:
            verify = dataclasses.replace(config.analysis.verify, embeddings=embeddings)
            config = dataclasses.replace(config, analysis=dataclasses.replace(config.analysis, verify=verify))
        return config
