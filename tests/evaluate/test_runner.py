"""run_eval end to end on invented clusters with a stub storyfuse system, and system selection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("rouge_score", reason="rouge-score is needed for evaluation")

from storyfuse.errors import ConfigError, StoryfuseError
from storyfuse.evaluate import (
    Cluster,
    EvalConfig,
    lead,
    load_clusters,
    render_table,
    run_eval,
    select_systems,
)
from storyfuse.model import Document
from tests.evaluate.helpers import HARBOUR, ORCHARD

CLUSTERS = (
    Cluster("harbour", HARBOUR, "– A cargo ship ran aground off Pellmouth and its crew of twelve was rescued."),
    Cluster("orchard", ORCHARD, "A late frost destroyed the apple blossom in Aldervale."),
)
SHARED_SET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "multinews" / \
    "multinews_shared_normalized.jsonl"


def stub_storyfuse(documents: Sequence[Document], words: int) -> list[str]:
    """Stands in for the summarizer: the first document's sentences, longest first."""
    return sorted((s.text for s in documents[0].sentences), key=len, reverse=True)


def test_run_eval_scores_every_system_on_every_cluster() -> None:
    result = run_eval(CLUSTERS, {"storyfuse": stub_storyfuse, "lead": lead}, EvalConfig(words=12))
    assert [s.system for s in result.scores] == ["storyfuse", "lead"]
    assert all(s.clusters == 2 for s in result.scores)
    assert [(r.id, r.system) for r in result.per_cluster] == [
        ("harbour", "storyfuse"), ("harbour", "lead"), ("orchard", "storyfuse"), ("orchard", "lead")]
    assert all(r.seconds is not None and r.seconds >= 0 for r in result.per_cluster)
    lead_scores = [r for r in result.per_cluster if r.system == "lead"]
    assert result.scores[1].rouge1 == pytest.approx(sum(r.rouge1 for r in lead_scores) / 2)
    assert 0 < result.scores[1].rouge1 < 1


def test_outputs_are_cut_to_the_budget() -> None:
    result = run_eval(CLUSTERS, {"storyfuse": stub_storyfuse, "lead": lead}, EvalConfig(words=12))
    assert all(sum(len(s.split()) for s in o.sentences) <= 12 for o in result.outputs)
    harbour_lead = next(o for o in result.outputs if o.id == "harbour" and o.system == "lead")
    assert harbour_lead.sentences == ("A cargo ship ran aground off Pellmouth on Tuesday.",
                                      "Twelve sailors were")  # 9 words, then 3 of the next
    assert harbour_lead.summary == "\n".join(harbour_lead.sentences)


def test_a_cluster_without_documents_scores_zero_for_everyone() -> None:
    def must_not_run(documents: Sequence[Document], words: int) -> list[str]:
        raise AssertionError("a system must not be called without documents")

    empty = Cluster("empty", (), "Something happened.")
    result = run_eval((CLUSTERS[0], empty), {"storyfuse": stub_storyfuse}, EvalConfig(words=50))
    row = next(r for r in result.per_cluster if r.id == "empty")
    assert (row.rouge1, row.rouge2, row.rougeLsum, row.seconds) == (0.0, 0.0, 0.0, 0.0)
    assert result.scores[0].clusters == 2
    only_empty = run_eval((empty,), {"x": must_not_run})
    assert only_empty.outputs[0].sentences == ()


def test_peers_are_compared_on_the_clusters_they_cover() -> None:
    peers = {"wire": {"harbour": "A ship ran aground off Pellmouth. Twelve crew were rescued.",
                      "nowhere": "Not in the data."}}
    result = run_eval(CLUSTERS, {"storyfuse": stub_storyfuse, "lead": lead}, EvalConfig(words=40), peers)
    assert [s.system for s in result.scores] == ["storyfuse", "lead"]  # peers stay out of the main table
    (comparison,) = result.comparisons
    assert comparison.peers == ("wire",) and comparison.clusters == ("harbour",)
    assert [(s.system, s.clusters) for s in comparison.scores] == [("storyfuse", 1), ("lead", 1), ("wire", 1)]
    harbour_lead = next(r for r in result.per_cluster if r.id == "harbour" and r.system == "lead")
    assert comparison.scores[1].rouge1 == pytest.approx(harbour_lead.rouge1)
    assert comparison.scores[2].seconds_per_cluster is None
    assert result.notes == ("peer wire: 1 id(s) match none of the clusters evaluated (nowhere)",)
    table = render_table(result)
    assert "On the 1 clusters wire cover(s):" in table and "note: peer wire" in table


def test_peers_with_the_same_coverage_share_a_comparison() -> None:
    peers = {"a": {"orchard": "Frost hit the blossom."}, "b": {"orchard": "Apples will be scarce."},
             "c": {"harbour": "A ship ran aground."}}
    result = run_eval(CLUSTERS, {"lead": lead}, EvalConfig(words=40), peers)
    assert [(c.peers, c.clusters) for c in result.comparisons] == [(("a", "b"), ("orchard",)),
                                                                   (("c",), ("harbour",))]
    assert [s.system for s in result.comparisons[0].scores] == ["lead", "a", "b"]


def test_a_peer_covering_more_is_shown_beside_a_narrower_one() -> None:
    peers = {"wide": {"orchard": "Frost hit the blossom.", "harbour": "A ship ran aground."},
             "narrow": {"orchard": "Apples will be scarce."}}
    result = run_eval(CLUSTERS, {"lead": lead}, EvalConfig(words=40), peers)
    wide, narrow = result.comparisons
    assert [(s.system, s.clusters) for s in wide.scores] == [("lead", 2), ("wide", 2)]
    assert [(s.system, s.clusters) for s in narrow.scores] == [("lead", 1), ("narrow", 1), ("wide", 1)]


def test_failing_system_is_named_with_its_cluster() -> None:
    def broken(documents: Sequence[Document], words: int) -> list[str]:
        raise ValueError("boom")

    with pytest.raises(StoryfuseError, match="system broken failed on cluster harbour: ValueError: boom"):
        run_eval(CLUSTERS, {"broken": broken})


def test_a_system_returning_one_string_is_refused() -> None:
    with pytest.raises(StoryfuseError, match="returned one string"):
        run_eval(CLUSTERS, {"text": lambda documents, words: "A whole summary in one string."})


def test_peer_name_clashing_with_a_system_is_refused() -> None:
    with pytest.raises(ConfigError, match="peer name lead"):
        run_eval(CLUSTERS, {"lead": lead}, peers={"lead": {}})


def test_select_systems() -> None:
    chosen = select_systems(["storyfuse", " Lead", "textrank"], storyfuse=stub_storyfuse)
    assert list(chosen) == ["storyfuse", "lead", "textrank"] and chosen["storyfuse"] is stub_storyfuse
    with pytest.raises(ConfigError, match="unknown system 'gpt'"):
        select_systems(["gpt"])
    with pytest.raises(ConfigError, match="no system"):
        select_systems(["", " "])


def test_storyfuse_adapter_returns_sentences_or_explains() -> None:
    try:
        import storyfuse.summarize  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match="summarizer is not available"):
            select_systems(["storyfuse"])
        return
    system = select_systems(["storyfuse"])["storyfuse"]
    sentences = list(system(HARBOUR, 25))
    assert sentences and all(isinstance(s, str) for s in sentences)
    assert sum(len(s.split()) for s in sentences) <= 25


def test_budget_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        EvalConfig(words=0)


@pytest.mark.slow
@pytest.mark.shared
def test_lead_on_the_first_shared_clusters() -> None:
    if not SHARED_SET.is_file():
        pytest.skip("../shared/data/multinews is not present")
    loaded = load_clusters([SHARED_SET], limit=5)
    assert len(loaded.clusters) == 5 and loaded.rejected == ()
    result = run_eval(loaded.clusters, {"lead": lead}, EvalConfig(words=300))
    (lead_score,) = result.scores
    assert lead_score.clusters == 5
    # Lead on Multi-News sits around 40+ R-1; this only guards against a broken pipeline.
    assert 0.30 < lead_score.rouge1 < 0.60 and 0.05 < lead_score.rouge2 < 0.30
    assert all(sum(len(s.split()) for s in o.sentences) <= 300 for o in result.outputs)
