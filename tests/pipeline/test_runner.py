"""The runner: planning from declarations, hooks, per-call settings, plugging in a stage."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfuse import (
    ConfigError,
    Corpus,
    MissingDependency,
    RunConfig,
    Runner,
    Scope,
    Stage,
    StageEvent,
    to_dict,
)
from storyfuse.pipeline import DIGEST, STAGES, SUMMARY, Dependency
from storyfuse.pipeline.runner import check_declarations, plan_stages

GOLDEN = Path(__file__).resolve().parents[1] / "report" / "golden" / "calderhaven.digest.json"


def names(stages: tuple[Stage, ...]) -> list[str]:
    return [stage.name for stage in stages]


def test_the_brief_plans_every_story_stage_in_reading_order() -> None:
    plan = Runner(RunConfig().override(entities=False)).plan(DIGEST, Scope.STORY)
    assert names(plan) == ["syndication", "align", "verify-facts", "entities-off", "quotes", "discrepancies",
                           "candidates",
                           "summarize", "verify", "brief"]


def test_a_summary_plans_only_what_it_needs() -> None:
    runner = Runner()
    assert names(runner.plan(SUMMARY, Scope.STORY)) == ["syndication", "align", "candidates", "summarize", "verify"]
    quick = runner.config.override(quick=True)
    assert names(runner.plan(SUMMARY, Scope.STORY, quick)) == ["syndication", "quick-candidates", "summarize", "verify"]


def test_corpus_goals_plan_from_what_is_given() -> None:
    corpus_stages = [s for s in STAGES if s.scope is not Scope.STORY]
    assert names(plan_stages(corpus_stages, ["documents"], {"sources"})) == ["read", "clean", "segment"]
    assert names(plan_stages(corpus_stages, ["documents"], {"articles"})) == ["clean", "segment"]
    with pytest.raises(ConfigError, match="no stage provides timeline"):
        plan_stages(corpus_stages, ["timeline"], {"sources"})


def _noop(state: Mapping[str, Any], config: RunConfig, resources: Any) -> dict[str, Any]:
    return {}


def test_declarations_are_checked_when_the_runner_is_built() -> None:
    orphan = Stage("orphan", Scope.STORY, ("nothing-provides-this",), ("x",), _noop)
    with pytest.raises(ConfigError, match="orphan requires nothing-provides-this"):
        Runner(stages=(*STAGES, orphan))
    with pytest.raises(ConfigError, match="unique"):
        check_declarations((*STAGES, STAGES[-1]))


def _lengths(state: Mapping[str, Any], config: RunConfig, resources: Any) -> dict[str, Any]:
    return {"lengths": {doc.id: len(doc.sentences) for doc in state["documents"]}}


def test_a_new_stage_is_one_function_and_one_registration(example_dir: Path) -> None:
    counting = Stage("lengths", Scope.STORY, ("documents",), ("lengths",), _lengths, "sentences per document")
    runner = Runner(stages=(*STAGES, counting))
    corpus = runner.clean([example_dir])
    state = runner.story(corpus.documents, ("lengths",))
    assert state["lengths"] == {doc.id: len(doc.sentences) for doc in corpus.documents}
    assert "facts" not in state  # nothing else was run
    assert {"name": "lengths", "scope": "story", "requires": ("documents",), "provides": ("lengths",),
            "description": "sentences per document"} in runner.describe()


def test_a_missing_package_is_reported_once_before_any_work(example_dir: Path) -> None:
    calls: list[str] = []

    def needs_a_package(state: Mapping[str, Any], config: RunConfig, resources: Any) -> dict[str, Any]:
        calls.append("ran")
        return {"extra": 1}

    stage = Stage("extra", Scope.STORY, ("documents",), ("extra",), needs_a_package,
                  dependencies=(Dependency("storyfuse_no_such_module", "no-such-package", "extra"),))
    runner = Runner(stages=(*STAGES, stage))
    corpus = runner.clean([example_dir])
    with pytest.raises(MissingDependency, match=r"no-such-package is not installed; install it with: pip install .*\[extra\]"):
        runner.story(corpus.documents, ("extra",))
    assert calls == []


def test_the_hook_hears_each_stage_start_advance_and_end(example_dir: Path) -> None:
    events: list[StageEvent] = []
    runner = Runner(RunConfig().override(entities=False), on_stage=events.append)
    runner.digest(runner.clean([example_dir]))
    seen = list(dict.fromkeys(event.stage for event in events))
    assert seen == ["read", "clean", "segment", "syndication", "align", "verify-facts", "entities-off", "quotes",
                    "discrepancies", "candidates", "summarize", "verify", "brief"]
    reading = [e for e in events if e.stage == "read"]
    assert reading[0].done == 0 and reading[-1].done == reading[-1].total == 5
    for stage in seen:
        last = [e for e in events if e.stage == stage][-1]
        assert last.done == last.total and last.seconds is not None and last.seconds >= 0


def test_settings_change_per_call_and_the_runner_keeps_its_own(example_dir: Path) -> None:
    runner = Runner(RunConfig().override(entities=False))
    corpus = runner.clean([example_dir])
    short = runner.digest(corpus, config=runner.config.override(words=40))[0]
    assert sum(len(s.text.split()) for s in short.summary) <= 40
    assert runner.config.summary.words == 250
    default = runner.digest(corpus)[0]
    assert sum(len(s.text.split()) for s in default.summary) > 40


def test_an_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no language profile for 'xx'"):
        RunConfig(language="xx")


def test_the_example_brief_matches_the_golden_digest(runner: Runner, example_dir: Path) -> None:
    """The whole pipeline, pinned: the example's digest is the one the HTML golden is built from."""
    digest = runner.digest(runner.clean([example_dir]))[0]
    relative = replace(digest, analysis=replace(digest.analysis, documents=tuple(
        replace(doc, path=Path(doc.path).name) for doc in digest.analysis.documents)))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for doc in golden["documents"]:
        doc["path"] = Path(doc["path"]).name
    assert to_dict(relative) == golden


@pytest.fixture(scope="module")
def example_corpus(example_dir: Path) -> Corpus:
    return Runner().clean([example_dir])


@given(order=st.permutations(range(5)))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_brief_does_not_depend_on_the_order_of_the_documents(example_corpus: Corpus, order: list[int]) -> None:
    runner = Runner(RunConfig().override(entities=False))
    shuffled = Corpus(tuple(example_corpus.documents[i] for i in order), example_corpus.rejected)
    expected, got = to_dict(runner.digest(example_corpus)[0]), to_dict(runner.digest(shuffled)[0])
    assert sorted(got.pop("documents"), key=lambda d: d["id"]) == expected.pop("documents")
    assert got == expected
