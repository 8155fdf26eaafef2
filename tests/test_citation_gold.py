"""The hand-labelled citation gold and its scorer (benchmarks/citations.py)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from storyfuse import Digest, RunConfig, Runner

REPO = Path(__file__).resolve().parents[1]


def _citations() -> ModuleType:
    spec = importlib.util.spec_from_file_location("storyfuse_benchmarks_citations", REPO / "benchmarks" / "citations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


citations = _citations()


@pytest.fixture(scope="module")
def brief() -> tuple[Digest, dict]:  # type: ignore[type-arg]
    story, claims = citations.load_gold(REPO / "benchmarks" / "citation_gold" / "calderhaven.json")
    runner = Runner(RunConfig().override(entities=False, words=1000))
    return runner.digest(runner.clean([REPO / story]))[0], claims


def test_the_gold_labels_every_sentence_of_the_cleaned_example(brief: tuple[Digest, dict]) -> None:  # type: ignore[type-arg]
    digest, claims = brief
    citations.check_alignment(digest, claims, "calderhaven.json")  # exits on any mismatch
    assert len(claims) == sum(len(doc.sentences) for doc in digest.analysis.documents)


def test_citing_exactly_the_stating_outlets_scores_perfectly(brief: tuple[Digest, dict]) -> None:  # type: ignore[type-arg]
    digest, claims = brief
    group = citations.groups_of(digest)
    first_of = {n: members[0] for n, members in enumerate(digest.analysis.independent_groups)}
    perfect = []
    for sentence in digest.summary:
        claim = claims[(sentence.origin.document, sentence.origin.sentence)]
        stating = {group[claim.document]} | {group[d] for d in claim.states}
        perfect.append(replace(sentence, citations=tuple(first_of[g] for g in sorted(stating))))
    tally = citations.score(replace(digest, summary=tuple(perfect)), claims)
    assert tally.cited_right == tally.cited == tally.stating == tally.stating_cited > 0
    wrong = next(s for s in perfect if claims[(s.origin.document, s.origin.sentence)].states == {}
                 and len(group) > 1)
    others = [first_of[g] for g in first_of if g != group[wrong.origin.document]]
    bad = replace(digest, summary=(replace(wrong, citations=(*wrong.citations, others[0])),))
    assert citations.score(bad, claims).other_right == 0


@pytest.mark.shared
@pytest.mark.parametrize("name", [f"multinews-{k}.json" for k in range(1, 9)])
def test_the_multinews_gold_points_at_the_same_sentences(name: str) -> None:
    story, claims = citations.load_gold(REPO / "benchmarks" / "citation_gold" / name)
    runner = Runner(RunConfig().override(entities=False))
    corpus = citations.load_story(runner, story)
    if corpus is None:
        pytest.skip("../shared is absent")
    digest = runner.digest(corpus, config=runner.config.override(words=1000))[0]
    citations.check_alignment(digest, claims, name)
    citations.score(digest, claims)  # every summary sentence is labelled
    assert all(claim.text is None and claim.text_sha1 for claim in claims.values())  # no third-party text
