"""The stage protocol: what a stage declares, and the hooks the runner calls around it.

A stage is a name, a scope, the artifacts it ``requires`` and the ones it ``provides`` (as
spaCy's components declare ``requires``/``assigns``), and a pure function. The runner reads the
declarations to plan a run (only the stages a goal needs, in registration order) and checks
them before any work starts; the function reads only its inputs, its frozen config and the
shared :class:`Resources` (loaded models). Only the readers at the start (``read``) touch the
disk.

Scopes
    ``document``: ``run(item, config)`` on one item; the runner maps it over the items of
    ``requires[0]`` through the executor, in any order, and keeps the input order.
    ``story``: ``run(state, config, resources)`` on the artifacts of one story; returns a
    mapping of the artifacts it provides. Stories are independent, so the executor maps the
    whole story plan over them.
    ``corpus``: ``run(state, config, ctx)`` over everything at once, written as
    map → group → reduce: ``ctx.map(fn, items, report=True)`` runs a map on the executor (and
    reports its progress), so that an executor that spreads work over processes or machines
    runs it unchanged.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storyfuse.errors import MissingDependency


class Scope(StrEnum):
    DOCUMENT = "document"
    STORY = "story"
    CORPUS = "corpus"


def always(_config: Any) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Dependency:
    """An optional package a stage imports: ``module`` to look for, ``package`` and ``extra``
    to name in the install hint; ``needed``: whether a configuration uses it (always, unless
    given)."""

    module: str
    package: str
    extra: str
    needed: Callable[[Any], bool] | None = None

    def needed_by(self, config: Any) -> bool:
        return self.needed is None or self.needed(config)

    def check(self) -> None:
        if importlib.util.find_spec(self.module) is None:
            raise MissingDependency(self.package, self.extra)


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline (see the module docstring for ``run``'s signature per scope).

    ``applies(config)`` says whether the stage takes part under a configuration (two stages
    may provide one artifact under different settings); ``dependencies`` are checked once,
    when a run is planned, so a missing package is reported before any work and only once.
    """

    name: str
    scope: Scope
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    run: Callable[..., Any]
    description: str = ""
    applies: Callable[[Any], bool] = always
    dependencies: tuple[Dependency, ...] = ()


@dataclass(frozen=True, slots=True)
class StageEvent:
    """Progress of a stage: ``done`` of ``total`` items (files, articles, documents or stories).

    ``seconds``: the time the stage has taken so far (None on a start event): wall time for a
    corpus or document stage, the sum over stories for a story stage. A stage's last event has
    ``done == total``. Stories run in worker processes report their end events only, as each
    story comes back."""

    stage: str
    done: int
    total: int
    seconds: float | None = None


# Called by the runner as a stage starts (done 0), advances, and ends (with its seconds).
Hook = Callable[[StageEvent], None]


def no_hook(_event: StageEvent) -> None:
    """The default hook: nothing to report to."""


StoryState = Mapping[str, Any]
