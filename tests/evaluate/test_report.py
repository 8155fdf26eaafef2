"""The table, per-cluster CSV, outputs JSON Lines (read back as a peer), and the quality gate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pytest.importorskip("rouge_score", reason="rouge-score is needed for evaluation")

from storyfuse.errors import ConfigError, InputError
from storyfuse.evaluate import (
    CSV_COLUMNS,
    Cluster,
    EvalConfig,
    EvalResult,
    SystemScore,
    check_gate,
    lead,
    read_gate,
    read_peer,
    render_table,
    run_eval,
    write_csv,
    write_outputs,
)
from tests.evaluate.helpers import HARBOUR, ORCHARD

CLUSTERS = (
    Cluster("harbour", HARBOUR, "A cargo ship ran aground off Pellmouth and its crew of twelve was rescued."),
    Cluster("orchard", ORCHARD, "A late frost destroyed the apple blossom in Aldervale."),
)
GATE = {"words": 300, "floors": {"rouge1": 0.40, "rouge2": 0.15, "rougeLsum": 0.35}}


def _result(rouge1: float, rouge2: float, lsum: float, words: int = 300) -> EvalResult:
    return EvalResult(words=words, scores=(SystemScore("storyfuse", 10, rouge1, rouge2, lsum, 0.5),
                                           SystemScore("lead", 10, 0.9, 0.9, 0.9, 0.001)))


@pytest.fixture(scope="module")
def result() -> EvalResult:
    return run_eval(CLUSTERS, {"lead": lead, "first": lambda docs, words: [docs[0].sentences[0].text]},
                    EvalConfig(words=30), peers={"wire": {"orchard": "Frost ruined the blossom."}})


def test_table_has_one_row_per_system_in_points(result: EvalResult) -> None:
    table = render_table(result)
    assert "| system | clusters | R-1 | R-2 | R-Lsum | s/cluster |" in table
    lead_row = next(line for line in table.splitlines() if line.startswith("| lead | 2 |"))
    assert f"| {100 * result.scores[0].rouge1:.2f} |" in lead_row
    assert "| wire | 1 |" in table and "| — |" in table  # the peer, untimed
    assert "cut to 30 words, 2 clusters" in table


def test_csv_has_the_agreed_columns(result: EvalResult, tmp_path: Path) -> None:
    write_csv(result, tmp_path / "scores.csv")
    with (tmp_path / "scores.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS == ("id", "system", "rouge1", "rouge2", "rougeLsum", "seconds")
    assert [(r["id"], r["system"]) for r in rows] == [
        ("harbour", "lead"), ("harbour", "first"), ("orchard", "lead"), ("orchard", "first"), ("orchard", "wire")]
    assert rows[-1]["seconds"] == "" and float(rows[0]["seconds"]) >= 0
    assert all(0 <= float(r["rouge1"]) <= 1 for r in rows)


def test_outputs_are_json_lines_and_score_the_same_when_read_back(result: EvalResult, tmp_path: Path) -> None:
    path = tmp_path / "outputs.jsonl"
    write_outputs(result, path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [tuple(r) for r in records] == [("id", "system", "summary")] * 4
    assert {r["system"] for r in records} == {"lead", "first"}
    assert records[1] == {"id": "harbour", "system": "first",
                          "summary": "A cargo ship ran aground off Pellmouth on Tuesday."}
    again = run_eval(CLUSTERS, {}, EvalConfig(words=30), {"lead-again": read_peer("lead", path).summaries})
    (comparison,) = again.comparisons
    assert comparison.scores[0].rouge1 == pytest.approx(result.scores[0].rouge1)
    assert comparison.scores[0].rougeLsum == pytest.approx(result.scores[0].rougeLsum)


def test_gate_passes_when_every_floor_is_met() -> None:
    assert check_gate(_result(0.41, 0.15, 0.36), GATE) == []


def test_gate_names_each_floor_missed() -> None:
    assert check_gate(_result(0.39, 0.10, 0.36), GATE) == [
        "storyfuse rouge1 39.00 is below the floor 40.00",
        "storyfuse rouge2 10.00 is below the floor 15.00",
    ]


def test_gate_refuses_another_budget_or_a_missing_system() -> None:
    assert check_gate(_result(0.5, 0.5, 0.5, words=200), GATE) == [
        "gate floors are for 300 words but this run used 200"]
    assert check_gate(EvalResult(words=300), GATE) == ["gate: storyfuse was not evaluated"]
    assert check_gate(_result(0.0, 0.0, 0.0), {**GATE, "system": "lead"}) == []


@pytest.mark.parametrize(("gate", "message"), [
    ({"words": 300}, 'a gate needs "floors"'),
    ({"floors": {"rougeL": 0.3}}, "unknown metric 'rougeL'"),
    ({"floors": {"rouge1": 43.7}}, "did you mean 0.437"),
    ({"words": 0, "floors": {"rouge1": 0.4}}, "positive integer"),
    ({"folds": 1, "floors": {"rouge1": 0.4}}, "at least 2"),
])
def test_bad_gates_are_config_errors(gate: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        check_gate(_result(0.5, 0.5, 0.5), gate)


def test_read_gate(tmp_path: Path) -> None:
    path = tmp_path / "gate.json"
    path.write_text(json.dumps(GATE), encoding="utf-8")
    assert read_gate(path) == GATE
    path.write_text("{words: 300", encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON gate file"):
        read_gate(path)
    with pytest.raises(InputError, match="cannot read"):
        read_gate(tmp_path / "missing.json")
