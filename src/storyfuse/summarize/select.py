"""Scoring, greedy selection within the budget, reading order and citations."""

from __future__ import annotations

import dataclasses

import numpy as np

from storyfuse.model import SummarySentence
from storyfuse.summarize.config import LEARNED, SummaryConfig
from storyfuse.summarize.features import redundancy
from storyfuse.summarize.scorer import SalienceModel, shipped_model
from storyfuse.summarize.table import CandidateTable, citations


def summarize_table(table: CandidateTable, config: SummaryConfig = SummaryConfig(),
                    model: SalienceModel | None = None) -> tuple[SummarySentence, ...]:
    """The summary of a prepared table. With the learned scorer, ``model`` scores the
    candidates (the package's when not given; the pipeline passes the one its resources
    loaded) and its own redundancy settings apply; otherwise the weighted sum does."""
    if not len(table):
        return ()
    values, config = salience(table, config, model)
    order = reading_order(table, select(table, values, config), values)
    lede = lead_wording(table, order[0], config.words)
    if lede != order[0]:
        order = reading_order(table, select(table, values, config, first=lede), values, lead=lede)
    return tuple(SummarySentence(table.texts[i], citations(table, i), table.refs[i]) for i in order)


def salience(table: CandidateTable, config: SummaryConfig,
             model: SalienceModel | None) -> tuple[np.ndarray, SummaryConfig]:
    """Every candidate's score, and the config selection runs under (the learned model's
    redundancy settings replace the config's: they were tuned with its scores)."""
    if config.scorer != LEARNED:
        return scores(table, config), config
    model = model or shipped_model()
    tuned = dataclasses.replace(config, redundancy_weight=model.redundancy_weight,
                                redundancy_threshold=model.redundancy_threshold)
    prior = scores(table, config) / model.prior_scale
    mixed = (1 - model.prior_weight) * model.score(table) + model.prior_weight * prior
    # The readability prior is kept: ROUGE, which the model learned, does not mind a sentence
    # that leans on context ("But he said…"), a reader does.
    return mixed - config.learned_context_penalty * table.leans, tuned


def scores(table: CandidateTable, config: SummaryConfig) -> np.ndarray:
    """The hand-weighted scorer (``scorer="weighted"``, and the learned scorer's prior): the
    weighted sum of every candidate's features (higher: more summary-worthy)."""
    position = (1.0 + table.rank) ** -config.position_power
    if table.n_groups > 1:
        corroboration = np.log(table.sources) / np.log(table.n_groups)
    else:
        corroboration = np.zeros(len(table))
    length = np.minimum(1.0, table.words / config.length_target)
    return (
        config.position_weight * position
        + config.centrality_weight * table.vectors.centrality
        + config.corroboration_weight * corroboration
        + config.length_weight * length
        + config.quote_weight * table.quotes
        - config.context_penalty * table.leans
    )


def select(table: CandidateTable, values: np.ndarray, config: SummaryConfig, first: int | None = None) -> list[int]:
    """Greedy maximal marginal relevance within the budget, one sentence per fact; candidate
    indices in the order chosen (ties go to the earlier candidate, so this is deterministic).
    ``first``, when given, is taken before anything else."""
    n = len(table)
    closest = np.zeros(n)
    open_ = np.ones(n, dtype=bool)
    left = config.words
    chosen: list[int] = []
    while True:
        eligible = open_ & (table.words <= left) & (closest < config.redundancy_threshold)
        if first is not None:
            best, first = first, None
        elif not eligible.any():
            break
        else:
            best = int(np.argmax(np.where(eligible, values - config.redundancy_weight * closest, -np.inf)))
        chosen.append(best)
        left -= int(table.words[best])
        # Once a fact is told, no other outlet's wording of it can be.
        open_ &= table.fact != table.fact[best]
        closest = np.maximum(closest, redundancy(table.vectors, best, n))
    if not chosen:
        # Not even one sentence fits the budget: the best one alone beats an empty summary.
        chosen.append(int(np.argmax(values)))
    return chosen


def reading_order(table: CandidateTable, chosen: list[int], values: np.ndarray, lead: int | None = None) -> list[int]:
    """An inverted pyramid. The most corroborated chosen sentence opens; among equals the one
    nearest the top of its document (an outlet's own opening reads as an opening), then the
    higher score. Then what every independent outlet reports, then the rest, each part in
    story order: by relative position in the documents (ties: the order chosen). ``lead``, when
    given, opens instead."""
    if lead is None:
        lead = max(chosen, key=lambda i: (table.sources[i], -table.relative[i], values[i], -chosen.index(i)))
    everyone = max(table.n_groups, 2)
    rest = sorted((k for k in range(len(chosen)) if chosen[k] != lead),
                  key=lambda k: (table.sources[chosen[k]] < everyone, table.relative[chosen[k]], k))
    return [lead, *(chosen[k] for k in rest)]


def lead_wording(table: CandidateTable, lead: int, budget: int) -> int:
    """The opening tells its fact in the fact's representative wording (the outlet sentence
    alignment found most similar to all the others: the lede that speaks for all of them),
    when it fits the budget on its own; otherwise the chosen wording stays."""
    alternatives = np.flatnonzero(table.representative & (table.fact == table.fact[lead]))
    if not len(alternatives) or table.words[alternatives[0]] > budget:
        return lead
    return int(alternatives[0])
