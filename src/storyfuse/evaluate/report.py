"""Evaluation results out: the Markdown table, per-cluster CSV, summaries as JSON Lines, the gate."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storyfuse.errors import ConfigError, InputError
from storyfuse.evaluate.rouge import METRICS
from storyfuse.evaluate.runner import STORYFUSE, EvalResult, SystemScore

CSV_COLUMNS = ("id", "system", "rouge1", "rouge2", "rougeLsum", "seconds")
_HEADER = ("system", "clusters", "R-1", "R-2", "R-Lsum", "s/cluster")


def render_table(result: EvalResult) -> str:
    """Markdown: all systems over all clusters, then one table per set of clusters peers cover.

    ROUGE is F1 × 100; s/cluster is the mean wall time of the system's own summarize call.
    """
    clusters = max((s.clusters for s in result.scores), default=0)
    parts = [f"ROUGE F1 × 100, every summary cut to {result.words} words, {clusters} clusters\n",
             _markdown(result.scores)]
    for comparison in result.comparisons:
        peers = ", ".join(comparison.peers)
        parts.append(f"\nOn the {len(comparison.clusters)} clusters {peers} cover(s):\n")
        parts.append(_markdown(comparison.scores))
    if result.notes:
        parts.append("\n" + "".join(f"note: {note}\n" for note in result.notes))
    return "".join(parts)


def _markdown(scores: Iterable[SystemScore]) -> str:
    lines = ["| " + " | ".join(_HEADER) + " |", "|---|" + "---:|" * (len(_HEADER) - 1)]
    for s in scores:
        seconds = _seconds(s.seconds_per_cluster)
        cells = (s.system, str(s.clusters), *(f"{100 * getattr(s, m):.2f}" for m in METRICS), seconds)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _seconds(value: float | None) -> str:
    if value is None:  # a peer: its time was not measured here
        return "—"
    # Lead takes microseconds; "0.0000" would read as "not measured".
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def write_csv(result: EvalResult, path: str | Path) -> None:
    """Per-cluster scores: id, system, rouge1, rouge2, rougeLsum (F1 in [0, 1]), seconds (blank
    for peers, whose time was not measured here)."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in result.per_cluster:
            seconds = "" if row.seconds is None else f"{row.seconds:.6f}"
            writer.writerow((row.id, row.system, *(f"{getattr(row, m):.6f}" for m in METRICS), seconds))


def write_outputs(result: EvalResult, path: str | Path) -> None:
    """Every system's summaries as scored, JSON Lines ``{"id", "system", "summary"}`` (one sentence
    per line inside ``summary``), readable back with ``--peer NAME=FILE``."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for output in result.outputs:
            record = {"id": output.id, "system": output.system, "summary": output.summary}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_gate(path: str | Path) -> dict[str, Any]:
    """A quality gate ``{"words": 300, "floors": {"rouge1": .., "rouge2": .., "rougeLsum": ..}}``,
    floors as F1 in [0, 1], optionally ``"system"`` (default storyfuse)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not a JSON gate file: {exc}") from exc
    validate_gate(data)
    return dict(data)


def validate_gate(gate: Any) -> None:
    """Raise :class:`ConfigError` unless ``gate`` has sensible ``words`` and ``floors``."""
    if not isinstance(gate, Mapping) or not isinstance(gate.get("floors"), Mapping) or not gate["floors"]:
        raise ConfigError('a gate needs "floors", e.g. {"words": 300, "floors": {"rouge1": 0.40}}')
    words = gate.get("words")
    if words is not None and (not isinstance(words, int) or isinstance(words, bool) or words < 1):
        raise ConfigError(f'gate "words" must be a positive integer, got {words!r}')
    folds = gate.get("folds")
    if folds is not None and (not isinstance(folds, int) or isinstance(folds, bool) or folds < 2):
        raise ConfigError(f'gate "folds" must be an integer of at least 2, got {folds!r}')
    for metric, floor in gate["floors"].items():
        if metric not in METRICS:
            raise ConfigError(f"gate floor for unknown metric '{metric}' (expected {', '.join(METRICS)})")
        if not isinstance(floor, (int, float)) or isinstance(floor, bool) or not 0 <= floor <= 1:
            hint = f"; did you mean {floor / 100:g}?" if isinstance(floor, (int, float)) and floor > 1 else ""
            raise ConfigError(f"gate floor {metric} must be an F1 in [0, 1], got {floor!r}{hint}")


def check_gate(result: EvalResult, gate: Mapping[str, Any]) -> list[str]:
    """Why the gated system fails its floors (empty when it passes): one message per problem."""
    validate_gate(gate)
    system = str(gate.get("system", STORYFUSE))
    words = gate.get("words")
    if words is not None and words != result.words:
        return [f"gate floors are for {words} words but this run used {result.words}"]
    score = next((s for s in result.scores if s.system == system), None)
    if score is None or score.clusters == 0:
        return [f"gate: {system} was not evaluated"]
    failures = []
    for metric, floor in gate["floors"].items():
        value = getattr(score, metric)
        if value < floor:
            failures.append(f"{system} {metric} {100 * value:.2f} is below the floor {100 * floor:.2f}")
    return failures
