"""The learned salience model: regression trees over :mod:`.salience`'s features, read from JSON.

The shipped model (``salience.json`` beside this module) is gradient-boosted regression trees
trained on the shared Multi-News clusters by ``benchmarks/train_salience.py`` (the training
code is :mod:`storyfuse.evaluate.salience`); nothing is trained at run time. Trees are stored
as plain arrays (feature, threshold, children, leaf value), so scoring needs only numpy and
the file does not depend on the scikit-learn version that wrote it.

A score is the model's estimate of how much of the sentence (its words and word pairs) a
human summary of the story would use, standardised by the spread of the model's estimates on
its training sentences, so that the redundancy weight it carries is in the same units. The
summariser mixes it with the hand-weighted prior (``prior_weight``; the prior standardised by
``prior_scale``, its spread on the same sentences): in cross-validation the mix beat either
scorer alone (see ``benchmarks/train_salience.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from storyfuse.errors import ConfigError
from storyfuse.summarize.salience import FEATURES, salience_features
from storyfuse.summarize.table import CandidateTable

SCHEMA_VERSION = 1
# A leaf's children are -1.
_LEAF = -1


@dataclass(frozen=True, slots=True, eq=False)
class Trees:
    """All trees' nodes in flat arrays; ``roots[t]`` is tree t's first node. A sample goes to
    ``left`` when its ``feature`` value is at most ``threshold``; a leaf holds ``value``."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """The sum of every tree's leaf value for each row (all trees descend together)."""
        node = np.repeat(self.roots[:, None], len(rows), axis=1)
        columns = np.arange(len(rows))[None, :]
        for _ in range(self.depth):
            inner = self.left[node] != _LEAF
            if not inner.any():
                break
            goes_left = rows[columns, self.feature[node]] <= self.threshold[node]
            step = np.where(goes_left, self.left[node], self.right[node])
            node = np.where(inner, step, node)
        total: np.ndarray = self.value[node].sum(axis=0)
        return total


@dataclass(frozen=True, slots=True, eq=False)
class SalienceModel:
    """Trees over ``features`` (names, in column order), their ``baseline``, the ``scale`` that
    standardises predictions; the share of the hand-weighted prior in a candidate's score
    (``prior_weight``) and the prior's spread (``prior_scale``); and the selection settings
    tuned with them: a candidate's score minus ``redundancy_weight`` times its similarity to the
    closest chosen sentence, none at ``redundancy_threshold`` or more similar taken.
    ``trained`` says how it was made."""

    features: tuple[str, ...]
    baseline: float
    scale: float
    trees: Trees
    redundancy_weight: float
    redundancy_threshold: float
    prior_weight: float = 0.0
    prior_scale: float = 1.0
    trained: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.features) - set(FEATURES))
        if unknown:
            raise ConfigError(f"salience model: unknown features {', '.join(unknown)}")
        used = self.trees.feature[self.trees.left != _LEAF]
        if len(used) and (used.min() < 0 or used.max() >= len(self.features)):
            raise ConfigError("salience model: a split reads a feature the model does not have")
        if not (self.scale > 0 and self.prior_scale > 0):
            raise ConfigError("salience model: scales must be positive")
        if not 0 <= self.prior_weight <= 1:
            raise ConfigError("salience model: prior_weight must be in [0, 1]")

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Raw estimates for feature rows in this model's column order."""
        return self.baseline + self.trees.predict(rows) if len(rows) else np.zeros(0)

    def score(self, table: CandidateTable) -> np.ndarray:
        """Standardised salience of every candidate in ``table``."""
        rows = salience_features(table)
        if self.features != FEATURES:
            rows = rows[:, [FEATURES.index(name) for name in self.features]]
        return self.predict(rows) / self.scale

    def to_dict(self) -> dict[str, Any]:
        trees = self.trees
        return {
            "schema_version": SCHEMA_VERSION, "trained": self.trained, "features": list(self.features),
            "baseline": self.baseline, "scale": self.scale,
            "prior": {"weight": self.prior_weight, "scale": self.prior_scale},
            "selection": {"redundancy_weight": self.redundancy_weight,
                          "redundancy_threshold": self.redundancy_threshold},
            "trees": {"roots": trees.roots.tolist(), "feature": trees.feature.tolist(),
                      "threshold": trees.threshold.tolist(),
                      "left": trees.left.tolist(), "right": trees.right.tolist(),
                      "value": trees.value.tolist(), "depth": trees.depth},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SalienceModel:
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ConfigError(f"salience model: schema_version {data.get('schema_version')!r}, "
                              f"expected {SCHEMA_VERSION}")
        raw = data["trees"]
        trees = build_trees(raw["roots"], raw["feature"], raw["threshold"], raw["left"], raw["right"],
                            raw["value"], depth=int(raw["depth"]))
        selection, prior = data["selection"], data["prior"]
        return cls(tuple(data["features"]), float(data["baseline"]), float(data["scale"]), trees,
                   float(selection["redundancy_weight"]), float(selection["redundancy_threshold"]),
                   float(prior["weight"]), float(prior["scale"]), str(data.get("trained", "")))


def build_trees(roots: Sequence[int], feature: Sequence[int], threshold: Sequence[float], left: Sequence[int],
                right: Sequence[int], value: Sequence[float], *, depth: int | None = None) -> Trees:
    """Trees from flat node lists, checked: the arrays agree in length, every child and root is
    a node, no node is reached twice (no cycles, no shared subtrees), numbers are finite. The
    depth is worked out from the nodes (``depth``, when given, must agree)."""
    arrays = [np.asarray(x, dtype=np.intp) for x in (roots, feature, left, right)]
    n = len(arrays[1])
    floats = [np.asarray(x, dtype=float) for x in (threshold, value)]
    if not all(len(x) == n for x in (*floats, arrays[2], arrays[3])):
        raise ConfigError("salience model: node arrays differ in length")
    if not all(np.isfinite(x).all() for x in floats):
        raise ConfigError("salience model: a threshold or leaf value is not finite")
    found = _depth(arrays[0], arrays[2], arrays[3], n)
    if depth is not None and depth != found:
        raise ConfigError(f"salience model: trees are {found} deep, not {depth}")
    return Trees(arrays[0], arrays[1], floats[0], arrays[2], arrays[3], floats[1], found)


def _depth(roots: np.ndarray, left: np.ndarray, right: np.ndarray, n: int) -> int:
    """The deepest leaf's depth, walking every tree once; a bad index, a node whose children
    are not both nodes or both leaves, or a node reached twice is an error."""
    seen = np.zeros(n, dtype=bool)
    level, deepest = list(roots), 0
    while level:
        nodes = np.asarray(level, dtype=np.intp)
        if nodes.min() < 0 or nodes.max() >= n or seen[nodes].any() or len(set(level)) < len(level):
            raise ConfigError("salience model: a child or root index points outside the nodes or back into them")
        seen[nodes] = True
        inner = nodes[left[nodes] != _LEAF]
        if ((left[nodes] == _LEAF) != (right[nodes] == _LEAF)).any():
            raise ConfigError("salience model: a node has one child")
        level = [*left[inner].tolist(), *right[inner].tolist()]
        deepest += bool(level)
    return deepest


def load_model(path: str | Path) -> SalienceModel:
    """A salience model written by :meth:`SalienceModel.to_dict` (JSON)."""
    try:
        return SalienceModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a salience model ({type(exc).__name__}: {exc})") from exc


def shipped_model() -> SalienceModel:
    """The model in the package (``salience.json``)."""
    text = resources.files(__package__).joinpath("salience.json").read_text(encoding="utf-8")
    return SalienceModel.from_dict(json.loads(text))
