"""The whole analysis on the reference seeds and on the example: the issue's acceptance checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse import Runner, process
from storyfuse.cli.commands import run
from storyfuse.model import Analysis, Corpus, Quote, from_dict, to_dict

REUTERS, TIMES, BBC, XINHUA, RFE = ("000_4eff0fda7d4be9ff", "001_f6d4b04904632101", "002_12abb3e603c11cd2",
                                    "003_7b2183224cf63943", "004_660548e0e025d4a2")


@pytest.fixture(scope="module")
def seeds(analysis_runner: Runner, seeds_dir: Path) -> Analysis:
    return analysis_runner.analyze(process([seeds_dir]))[0]


def quote_with(analysis: Analysis, words: str) -> Quote:
    matches = [q for q in analysis.quotes if any(words in o.text for o in q.occurrences)]
    assert len(matches) == 1, f"{words!r} is in {len(matches)} quote groups"
    return matches[0]


def test_reuters_and_moscow_times_are_one_source(seeds: Analysis) -> None:
    assert [p.documents for p in seeds.syndication] == [(REUTERS, TIMES)]
    assert len(seeds.independent_groups) == 4


def test_disagreements_quote_is_one_group_from_every_outlet_carrying_it(seeds: Analysis) -> None:
    quote = quote_with(seeds, "Disagreements should not overshadow")
    assert quote.speaker == "Anders Fogh Rasmussen"
    assert {REUTERS, TIMES, BBC} <= {o.document for o in quote.occurrences}


def test_terms_of_cooperation_quote_shows_both_wordings(seeds: Analysis) -> None:
    quote = quote_with(seeds, "terms of cooperation")
    wordings = " | ".join(o.text for o in quote.occurrences)
    assert "strengthen Russia" in wordings and "step up its terms" in wordings
    assert quote.speaker == "Anders Fogh Rasmussen"
    assert any(d.kind == "quote wording" and "Rasmussen" in d.description for d in seeds.discrepancies)


@pytest.mark.parametrize(("words", "speaker"), [
    ("NATO will never attack Russia", "Anders Fogh Rasmussen"),
    ("A unification of Russian and NATO efforts", "Vladimir Putin"),
    ("We have many reasons for interaction", "Dmitry Medvedev"),
    ("serious, concrete discussions are taking place", "Fyodor Lukyanov"),
    ("Our helping the NATO countries", "Ruslan Pukhov"),
])
def test_quotes_get_their_speakers(seeds: Analysis, words: str, speaker: str) -> None:
    assert quote_with(seeds, words).speaker == speaker


def test_entities_have_one_canonical_name(seeds: Analysis) -> None:
    rasmussen = next(e for e in seeds.entities if e.name == "Anders Fogh Rasmussen")
    assert rasmussen.label == "PERSON"
    assert set(rasmussen.mentions) == {REUTERS, TIMES, BBC, XINHUA, RFE}


def test_facts_count_independent_sources(seeds: Analysis) -> None:
    for fact in seeds.facts:
        documents = {ref.document for ref in fact.support}
        groups = {g for g in seeds.independent_groups if documents & set(g)}
        if len(groups) == 1:  # one group aligned: nothing to verify
            assert fact.independent_sources == 1 and fact.verified == ()
            continue
        # Two or more groups aligned: the count is of the outlets verified to state the text,
        # one per group, the representative's own among them.
        verified_groups = {g for g in seeds.independent_groups if set(fact.verified) & set(g)}
        assert fact.independent_sources == len(fact.verified) == len(verified_groups)
        own = next(r.document for r in fact.support if r.text == fact.text)
        assert own in fact.verified
        assert not fact.single_source
    assert max(len({g for g in seeds.independent_groups if {r.document for r in f.support} & set(g)})
               for f in seeds.facts) >= 3


def test_json_round_trip(seeds: Analysis) -> None:
    data = json.loads(json.dumps(to_dict(seeds)))
    assert list(data)[:3] == ["schema_version", "documents", "rejected"]
    for key in ("syndication", "independent_groups", "facts", "quotes", "entities", "discrepancies"):
        assert key in data
    assert from_dict(Analysis, data) == seeds


def test_example_disagreements_are_found(analysis_runner: Runner, example_dir: Path) -> None:
    analysis = analysis_runner.analyze(process([example_dir]))[0]
    kinds = {d.kind for d in analysis.discrepancies}
    assert "quote wording" in kinds
    assert len(analysis.independent_groups) == 4


def test_stories_are_split_by_cluster() -> None:
    corpus = process([])
    assert len(Runner().stories(corpus)) == 1
    assert isinstance(Runner().stories(Corpus())[0], Corpus)


def test_analyze_command_json(example_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "analysis.json"
    assert run(["analyze", str(example_dir), "-f", "json", "-o", str(target), "-q"]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["independent_groups"] and data["facts"] and data["quotes"]
