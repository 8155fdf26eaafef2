"""``storyfuse eval --folds``: storyfuse cross-validated beside the baselines, on invented clusters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("rouge_score", reason="rouge-score is needed for evaluation")

from storyfuse.cli import run

CLUSTERS = [
    {"id": "harbour", "summary": "– A cargo ship ran aground off Pellmouth and its crew of twelve was rescued.",
     "documents": ["A cargo ship ran aground off Pellmouth on Tuesday. The crew of twelve were rescued by "
                   "lifeboat. Fuel has not leaked, the coastguard said.",
                   "Twelve sailors were lifted from a stranded freighter near Pellmouth. Tugs will try to "
                   "refloat the vessel at high tide."]},
    {"id": "orchard", "summary": "A late frost destroyed the apple blossom in Aldervale.",
     "documents": ["Frost destroyed most of the apple blossom in the Aldervale orchards this week. Growers "
                   "expect half the usual harvest.",
                   "Apple growers in Aldervale say a late frost wiped out their blossom. Cider makers fear "
                   "higher prices in the autumn."]},
    {"id": "ferry", "summary": "A ferry ran aground off Wrenna Isle and forty passengers were rescued.",
     "documents": ["A ferry ran aground off Wrenna Isle on Monday. All forty passengers were taken ashore by "
                   "lifeboat. The coastguard said no fuel had leaked.",
                   "Forty passengers were rescued after a ferry grounded near Wrenna Isle. The operator has "
                   "cancelled sailings for the week."]},
]


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CLUSTERS), encoding="utf-8")
    return path


def test_folds_cross_validate_storyfuse_in_the_same_run(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["eval", str(data), "--folds", "3", "--systems", "storyfuse,lead", "-w", "30", "-q"]) == 0
    out = capsys.readouterr().out
    assert "3-fold cross-validation" in out
    assert "storyfuse" in out and "lead" in out


def test_more_folds_than_clusters_is_one_line(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["eval", str(data), "--folds", "4", "-q"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "at least 4 clusters" in err and "Traceback" not in err


def test_a_gate_with_folds_cross_validates_and_refuses_other_folds(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gate = tmp_path / "gate.json"
    gate.write_text(json.dumps({"words": 30, "folds": 3, "floors": {"rouge1": 0.0}}), encoding="utf-8")
    assert run(["eval", str(data), "--gate", str(gate), "--systems", "storyfuse", "-w", "30", "-q"]) == 0
    assert "3-fold cross-validation" in capsys.readouterr().out
    assert run(["eval", str(data), "--gate", str(gate), "--folds", "2", "-w", "30", "-q"]) != 0
    assert "for 3 folds, not 2" in capsys.readouterr().err
