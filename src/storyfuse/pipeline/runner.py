"""The runner: the only place where stages are chained.

A goal (a corpus, the analyses, the briefs, a summary) is planned from the stages'
declarations: only the stages that provide what the goal needs, in registration order, each
checked to find its requirements already provided. Corpus-scope stages run over everything,
their maps handed to the executor; the story-scope plan runs once per story, the stories
mapped over the executor too. The hook hears every stage start, advance and end (for stories
run in worker processes, the ends, as each story comes back).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from storyfuse.errors import ConfigError
from storyfuse.model import (
    Analysis,
    Article,
    Corpus,
    Digest,
    Document,
    ReadResult,
    Rejection,
    SummarySentence,
)
from storyfuse.pipeline.config import RunConfig
from storyfuse.pipeline.executors import Executor, SerialExecutor, worker_resources
from storyfuse.pipeline.resources import Resources
from storyfuse.pipeline.stage import Hook, Scope, Stage, StageEvent, no_hook
from storyfuse.pipeline.stages import ANALYSIS, DIGEST, STAGES, SUMMARY, analysis_of
from storyfuse.summarize.scorer import SalienceModel

# What a run starts from: the corpus pipeline from sources (or articles), a story from its
# documents and the rejections that belong to it.
CORPUS_INPUTS = ("sources", "rejected")
STORY_INPUTS = ("documents", "rejected")


class Runner:
    """Runs goals over the registered stages with one configuration, executor and models.

    ``config`` is the default for every call; each method takes a ``config`` for that call
    only (a word budget, entities on) while the loaded models stay shared. ``on_stage`` is
    the default progress and timing hook, also replaceable per call.
    """

    def __init__(
        self,
        config: RunConfig = RunConfig(),
        *,
        executor: Executor | None = None,
        stages: Sequence[Stage] = STAGES,
        on_stage: Hook = no_hook,
        resources: Resources | None = None,
    ) -> None:
        self.config = config
        self.executor = executor or SerialExecutor()
        self.stages = tuple(stages)
        self.on_stage = on_stage
        self.resources = resources or Resources()
        check_declarations(self.stages)

    # ---- corpus goals ---------------------------------------------------------------------

    def read(self, sources: Iterable[str | Path], *, config: RunConfig | None = None,
             on_stage: Hook | None = None) -> ReadResult:
        """Read files or folders into articles (nothing cleaned yet)."""
        state = self._corpus(("articles",), {"sources": tuple(sources)}, config, on_stage)
        return ReadResult(tuple(state["articles"]), tuple(state.get("rejected", ())), tuple(state.get("notices", ())))

    def clean(self, sources: Iterable[str | Path], *, config: RunConfig | None = None,
              on_stage: Hook | None = None) -> Corpus:
        """Read, clean and segment: the corpus with every rejection on the way."""
        state = self._corpus(("documents",), {"sources": tuple(sources)}, config, on_stage)
        return Corpus(tuple(state["documents"]), tuple(state.get("rejected", ())),
                      notices=tuple(state.get("notices", ())))

    def clean_articles(self, articles: Iterable[Article], rejected: Iterable[Rejection] = (), *,
                       config: RunConfig | None = None, on_stage: Hook | None = None) -> Corpus:
        """Clean and segment articles already in memory (uploads, fetched pages, benchmarks)."""
        inputs = {"articles": tuple(articles), "rejected": tuple(rejected)}
        state = self._corpus(("documents",), inputs, config, on_stage)
        return Corpus(tuple(state["documents"]), tuple(state.get("rejected", ())),
                      notices=tuple(state.get("notices", ())))

    def stories(self, corpus: Corpus, *, config: RunConfig | None = None) -> list[Corpus]:
        """The corpus split into stories (by Multi-News cluster; otherwise one story)."""
        inputs = {"documents": corpus.documents, "rejected": corpus.rejected}
        return list(self._corpus(("stories",), inputs, config, no_hook)["stories"])

    # ---- story goals ----------------------------------------------------------------------

    def analyze(self, corpus: Corpus, *, config: RunConfig | None = None,
                on_stage: Hook | None = None) -> list[Analysis]:
        """One analysis per story: copies, facts, entities, quotes, discrepancies."""
        states = self._stories(ANALYSIS, corpus, config, on_stage)
        return [analysis_of(state) for state in states]

    def digest(self, corpus: Corpus, *, config: RunConfig | None = None,
               on_stage: Hook | None = None) -> list[Digest]:
        """One brief per story: the analysis, the cited summary and the brief's sections."""
        states = self._stories(DIGEST, corpus, config, on_stage)
        return [Digest(analysis_of(state), state["summary"], state["brief"]) for state in states]

    def summary(self, documents: Sequence[Document], *, config: RunConfig | None = None,
                on_stage: Hook | None = None) -> tuple[SummarySentence, ...]:
        """Summary-only mode for one story: copies, facts (or quick facts), selection; no spaCy."""
        summary: tuple[SummarySentence, ...] = self.story(documents, SUMMARY, config=config,
                                                          on_stage=on_stage)["summary"]
        return summary

    def story(self, documents: Sequence[Document], goals: Sequence[str], *, rejected: Sequence[Rejection] = (),
              config: RunConfig | None = None, on_stage: Hook | None = None) -> dict[str, Any]:
        """The artifacts ``goals`` names for one story (and what they were built from)."""
        config = config or self.config
        plan = self.plan(goals, Scope.STORY, config)
        hook = on_stage or self.on_stage
        return run_story({"documents": tuple(documents), "rejected": tuple(rejected)}, plan, config,
                         self.resources, _StoryProgress(hook, 1))[0]

    # ---- planning -------------------------------------------------------------------------

    def plan(self, goals: Sequence[str], scope: Scope, config: RunConfig | None = None,
             inputs: Iterable[str] | None = None) -> tuple[Stage, ...]:
        """The stages that ``goals`` need under ``config``, in order, starting from ``inputs``
        (by default what a story or a corpus run starts from); dependencies checked once."""
        config = config or self.config
        story = scope is Scope.STORY
        candidates = [s for s in self.stages if (s.scope is Scope.STORY) == story and s.applies(config)]
        given = set(inputs if inputs is not None else STORY_INPUTS if story else CORPUS_INPUTS)
        chosen = plan_stages(candidates, goals, given)
        for stage in chosen:
            for dependency in stage.dependencies:
                if dependency.needed_by(config):
                    dependency.check()
        return chosen

    def describe(self) -> list[dict[str, Any]]:
        """Every registered stage's declaration (for documentation and ``--debug``)."""
        return [{"name": s.name, "scope": s.scope.value, "requires": s.requires, "provides": s.provides,
                 "description": s.description} for s in self.stages]

    def close(self) -> None:
        self.executor.close()

    # ---- running --------------------------------------------------------------------------

    def _corpus(self, goals: Sequence[str], inputs: Mapping[str, Any], config: RunConfig | None,
                on_stage: Hook | None) -> dict[str, Any]:
        config = config or self.config
        hook = on_stage or self.on_stage
        state = dict(inputs)
        for stage in self.plan(goals, Scope.CORPUS, config, inputs):
            ctx = _StageContext(stage.name, self.executor, hook)
            if stage.scope is Scope.DOCUMENT:
                state[stage.provides[0]] = tuple(ctx.map(partial(stage.run, config=config),
                                                         state[stage.requires[0]]))
            else:
                state.update(stage.run(state, config, ctx))
            ctx.finish()
        return state

    def _stories(self, goals: Sequence[str], corpus: Corpus, config: RunConfig | None,
                 on_stage: Hook | None) -> list[dict[str, Any]]:
        config = config or self.config
        plan = self.plan(goals, Scope.STORY, config)
        stories = self.stories(corpus, config=config)
        inputs = [{"documents": story.documents, "rejected": story.rejected} for story in stories]
        progress = _StoryProgress(on_stage or self.on_stage, len(inputs))
        if self.executor.in_process:
            return [run_story(item, plan, config, self.resources, progress, n)[0] for n, item in enumerate(inputs)]
        states = []
        # A worker has its own models; a salience model given to this runner travels with the task.
        task = partial(run_story, plan=plan, config=config, resources=None, progress=None,
                       salience=self.resources.given_salience)
        for n, (state, seconds) in enumerate(self.executor.map(task, inputs)):
            progress.replay(plan, n, seconds)
            states.append(state)
        return states


def run_story(state: Mapping[str, Any], plan: Sequence[Stage], config: RunConfig, resources: Resources | None,
              progress: _StoryProgress | None = None, n: int = 0,
              salience: SalienceModel | None = None) -> tuple[dict[str, Any], dict[str, float]]:
    """Run a story plan on one story's artifacts; returns them and each stage's seconds.

    ``resources`` None: a worker process's own models, with ``salience`` (the runner's given
    salience model, None for the package's)."""
    state = dict(state)
    models = resources
    if models is None:
        models = worker_resources()
        models.use_salience(salience)
    seconds: dict[str, float] = {}
    for stage in plan:
        if progress:
            progress.start(stage.name, n)
        started = time.perf_counter()
        state.update(stage.run(state, config, models))
        seconds[stage.name] = time.perf_counter() - started
        if progress:
            progress.end(stage.name, n, seconds[stage.name])
    return state, seconds


def plan_stages(stages: Sequence[Stage], goals: Iterable[str], inputs: set[str]) -> tuple[Stage, ...]:
    """Walk back from the goals: a stage is taken when it provides something still wanted."""
    wanted = set(goals) - inputs
    chosen: list[Stage] = []
    for stage in reversed(stages):
        if wanted & set(stage.provides):
            chosen.append(stage)
            wanted = (wanted - set(stage.provides)) | (set(stage.requires) - inputs)
    if wanted:
        raise ConfigError(f"no stage provides {', '.join(sorted(wanted))}")
    return tuple(reversed(chosen))


def check_declarations(stages: Sequence[Stage]) -> None:
    """Names are unique and each stage's requirements are provided by an earlier stage (or
    are inputs of its scope): the registration order is a valid order to run in."""
    names = [stage.name for stage in stages]
    if len(set(names)) != len(names):
        raise ConfigError(f"stage names must be unique: {names}")
    provided = {True: set(STORY_INPUTS), False: set(CORPUS_INPUTS)}
    for stage in stages:
        story = stage.scope is Scope.STORY
        missing = set(stage.requires) - provided[story]
        if missing:
            raise ConfigError(f"stage {stage.name} requires {', '.join(sorted(missing))}, "
                              "which no earlier stage provides")
        if stage.scope is Scope.DOCUMENT and (len(stage.requires) != 1 or len(stage.provides) != 1):
            raise ConfigError(f"document stage {stage.name} must map one artifact to one")
        provided[story] |= set(stage.provides)


@dataclass(slots=True)
class _StageContext:
    """What a corpus stage gets to run its maps: the executor, with progress reported."""

    stage: str
    executor: Executor
    hook: Hook
    started: float = 0.0
    done: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        self.started = time.perf_counter()

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any], report: bool = True) -> list[Any]:
        if not report:
            return list(self.executor.map(fn, items))
        self.total += len(items)
        self.hook(StageEvent(self.stage, self.done, self.total))
        results = []
        for result in self.executor.map(fn, items):
            results.append(result)
            self.done += 1
            self.hook(StageEvent(self.stage, self.done, self.total, self._seconds()))
        return results

    def finish(self) -> None:
        self.hook(StageEvent(self.stage, self.total, self.total, self._seconds()))

    def _seconds(self) -> float:
        return time.perf_counter() - self.started


@dataclass(slots=True)
class _StoryProgress:
    """Story stages: ``done`` counts stories, ``seconds`` sums the stage's time over them."""

    hook: Hook
    total: int
    seconds: dict[str, float] = field(default_factory=dict)

    def start(self, stage: str, n: int) -> None:
        self.hook(StageEvent(stage, n, self.total))

    def end(self, stage: str, n: int, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.hook(StageEvent(stage, n + 1, self.total, self.seconds[stage]))

    def replay(self, plan: Sequence[Stage], n: int, seconds: Mapping[str, float]) -> None:
        """Events for a story that ran elsewhere (a worker process), once it is back."""
        for stage in plan:
            self.end(stage.name, n, seconds[stage.name])
