"""Cross-source analysis: the stages that read documents side by side, wired together.

syndication → independent groups → facts (alignment) → entities → quotes → discrepancies.
:class:`Analyzer` holds what is expensive to load (the spaCy pipeline) so that many stories
can be analysed with the models loaded once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storyfuse.align import AlignConfig, align_facts
from storyfuse.discrepancies import DiscrepancyConfig, find_discrepancies
from storyfuse.entities import EntityConfig, EntityFinder, people_index
from storyfuse.model import Analysis, Corpus, Document, Rejection
from storyfuse.quotes import QuoteConfig, quotes
from storyfuse.syndication import SyndicationConfig, find_syndication


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    syndication: SyndicationConfig = field(default_factory=SyndicationConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    discrepancies: DiscrepancyConfig = field(default_factory=DiscrepancyConfig)
    # Named entities need spaCy and take most of the analysis time; quotes resolve their
    # speakers from the text without them, so the brief can run with this off.
    find_entities: bool = True


class Analyzer:
    """Analyses stories; the entity model is loaded on first use and kept."""

    def __init__(self, config: AnalysisConfig = AnalysisConfig(), entity_finder: EntityFinder | None = None):
        self.config = config
        self._entity_finder = entity_finder

    @property
    def entity_finder(self) -> EntityFinder:
        if self._entity_finder is None:
            self._entity_finder = EntityFinder(config=self.config.entities)
        return self._entity_finder

    def analyze(self, corpus: Corpus) -> Analysis:
        """Everything the documents of one story show when read side by side."""
        documents = corpus.documents
        syndication, groups = find_syndication(documents, self.config.syndication)
        facts = align_facts(documents, groups, self.config.align)
        entities = self.entity_finder.find(documents) if self.config.find_entities else ()
        found_quotes = quotes(documents, people_index(entities), self.config.quotes)
        names = {doc.id: doc.source or doc.id for doc in documents}
        discrepancies = find_discrepancies(facts, found_quotes, groups, self.config.discrepancies, names)
        return Analysis(
            documents=documents, rejected=corpus.rejected, syndication=syndication,
            independent_groups=groups, facts=facts, quotes=found_quotes, entities=entities,
            discrepancies=discrepancies,
        )

    def analyze_stories(self, corpus: Corpus) -> list[Analysis]:
        """One analysis per story when the input carries several (Multi-News clusters)."""
        return [self.analyze(story) for story in split_stories(corpus)]


def analyze(corpus: Corpus, config: AnalysisConfig = AnalysisConfig()) -> Analysis:
    """Analyse one story (loads the entity model for this call)."""
    return Analyzer(config).analyze(corpus)


def split_stories(corpus: Corpus) -> list[Corpus]:
    """Documents grouped by their ``cluster`` (documents without one form a single story).

    A rejection goes with the story whose id it names (``path [cluster/n]``), else the first.
    """
    stories: dict[str | None, list[Document]] = {}
    for doc in corpus.documents:
        stories.setdefault(doc.cluster, []).append(doc)
    if not stories:
        return [corpus]
    keys = list(stories)
    rejected: dict[str | None, list[Rejection]] = {key: [] for key in keys}
    for rejection in corpus.rejected:
        rejected[_story_of(rejection, keys)].append(rejection)
    return [Corpus(tuple(stories[key]), tuple(rejected[key])) for key in keys]


def _story_of(rejection: Rejection, keys: Iterable[str | None]) -> str | None:
    keys = list(keys)
    for key in keys:
        if key is not None and f"[{key}/" in rejection.path:
            return key
    return keys[0]
