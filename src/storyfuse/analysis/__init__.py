"""Cross-source analysis: the stages that read a story's documents side by side.

syndication → fact alignment → entities → quotes → discrepancies, one module or package each,
and the claim verifier that fact alignment and the summary's citations rely on.
They are chained only by :class:`storyfuse.pipeline.Runner`; this package holds their shared
configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyfuse.analysis.align import AlignConfig
from storyfuse.analysis.discrepancies import DiscrepancyConfig
from storyfuse.analysis.entities import EntityConfig
from storyfuse.analysis.quotes import QuoteConfig
from storyfuse.analysis.syndication import SyndicationConfig
from storyfuse.analysis.verify import VerifyConfig


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    syndication: SyndicationConfig = field(default_factory=SyndicationConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    discrepancies: DiscrepancyConfig = field(default_factory=DiscrepancyConfig)
    verify: VerifyConfig = field(default_factory=VerifyConfig)
    # Named entities need spaCy and take most of the analysis time; quotes resolve their
    # speakers from the text without them. On here (the analysis contract lists entities, and
    # ``storyfuse analyze`` has them); ``storyfuse digest`` and the web app turn it off
    # (``RunConfig().override(entities=False)``) unless asked with ``--entities``.
    find_entities: bool = True


__all__ = ["AlignConfig", "AnalysisConfig", "DiscrepancyConfig", "EntityConfig", "QuoteConfig",
           "SyndicationConfig", "VerifyConfig"]
