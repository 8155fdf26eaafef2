"""Training the salience model: targets, the export of scikit-learn's trees, folds, and the
cross-validated storyfuse of ``storyfuse eval --folds``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("rouge_score", reason="rouge-score is needed for evaluation")

from sklearn.ensemble import HistGradientBoostingRegressor

from storyfuse.errors import ConfigError
from storyfuse.evaluate import (
    Cluster,
    EvalConfig,
    Folded,
    cross_validate_systems,
    lead,
    run_eval,
    salience,
    select_systems,
)
from storyfuse.evaluate.salience import Example, TrainConfig, cross_validated, folds, sentence_targets, train
from storyfuse.evaluate.salience import example as real_example
from storyfuse.summarize import prepare
from storyfuse.summarize.salience import FEATURES
from tests.evaluate.helpers import HARBOUR, ORCHARD, doc


def test_targets_are_the_share_of_words_and_pairs_the_reference_uses() -> None:
    reference = ["The ferry sank off Wrenna Isle on Monday."]
    same, half, none = sentence_targets(
        ["The ferry sank off Wrenna Isle on Monday.", "The ferry sank near Pellmouth.", "Frost hit orchards."],
        reference)
    assert same == pytest.approx(1.0) and none == 0.0
    # Tokens: the ferri sank near pellmouth (3 of 5 in the reference); pairs: 2 of 4.
    assert half == pytest.approx((3 / 5 + 2 / 4) / 2)


def test_a_word_repeated_counts_only_as_often_as_the_reference_has_it() -> None:
    assert sentence_targets(["ferry ferry ferry ferry"], ["the ferry"])[0] == pytest.approx((1 / 4 + 0) / 2)


def _examples(n: int, seed: int = 0) -> list[Example]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        rows = rng.normal(size=(12, len(FEATURES)))
        out.append(Example(rows, rows[:, 0] * 0.5 - rows[:, 3] + rng.normal(scale=0.1, size=12), rows[:, 1] * 3))
    return out


def test_exported_trees_predict_exactly_what_scikit_learn_does() -> None:
    examples = _examples(30)
    config = TrainConfig(iterations=40, min_samples_leaf=5)
    model = train(examples, config)
    rows = np.vstack([e.rows for e in examples])
    reference = HistGradientBoostingRegressor(
        max_iter=40, learning_rate=config.learning_rate, max_depth=config.max_depth, min_samples_leaf=5,
        l2_regularization=config.l2_regularization, early_stopping=False, random_state=0,
    ).fit(rows, np.concatenate([e.targets for e in examples]))
    assert model.predict(rows) == pytest.approx(reference.predict(rows), abs=1e-12)
    assert np.std(model.predict(rows) / model.scale) == pytest.approx(1.0)
    assert model.prior_scale == pytest.approx(3.0, rel=0.2) and model.prior_weight == config.prior_weight


def test_a_model_trained_on_some_features_reads_only_those() -> None:
    kept = ("rank", "centrality")
    model = train(_examples(10), TrainConfig(iterations=5, min_samples_leaf=5), kept)
    assert model.features == kept
    assert set(model.trees.feature[model.trees.left != -1]) <= {0, 1}


def test_training_on_nothing_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no candidate sentences"):
        train([Example(np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0))])


@given(st.integers(2, 60), st.integers(2, 6))
def test_folds_put_each_cluster_in_one_fold_of_near_equal_size(n: int, k: int) -> None:
    if k > n:
        with pytest.raises(ConfigError):
            folds(n, k)
        return
    fold_of = folds(n, k)
    assert np.array_equal(fold_of, folds(n, k))
    sizes = np.bincount(fold_of, minlength=k)
    assert sizes.max() - sizes.min() <= 1 and sizes.sum() == n


def test_each_story_gets_the_model_trained_without_its_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    stories = [prepare(HARBOUR, (), [[d.id] for d in HARBOUR]), prepare(ORCHARD, (), [[d.id] for d in ORCHARD])] * 3
    references = [["A cargo ship ran aground off Pellmouth."], ["Frost destroyed the apple blossom."]] * 3
    seen: dict[int, list[int]] = {}
    real_train = salience.train

    def recording_train(examples: list[Example], *args: object, **kwargs: object) -> object:
        model = real_train(examples, *args, **kwargs)  # type: ignore[arg-type]
        seen[id(model)] = [id(e.targets) for e in examples]
        return model

    monkeypatch.setattr(salience, "train", recording_train)
    examples: list[Example] = []
    monkeypatch.setattr(salience, "example", lambda *a: examples.append(real_example(*a)) or examples[-1])
    models = cross_validated(stories, references, 3, TrainConfig(iterations=3, min_samples_leaf=1))
    fold_of = folds(6, 3)
    for i, model in enumerate(models):
        trained_on = {k for k, e in enumerate(examples) if id(e.targets) in seen[id(model)]}
        assert trained_on == {k for k in range(6) if fold_of[k] != fold_of[i]}


def test_eval_cross_validates_storyfuse_and_leaves_the_baselines_alone() -> None:
    ferry = tuple(doc(f"ferry/{n}", text) for n, text in enumerate((
        "A ferry ran aground off Wrenna Isle on Monday. All forty passengers were taken ashore by lifeboat. "
        "The coastguard said no fuel had leaked.",
        "Forty passengers were rescued after a ferry grounded near Wrenna Isle. The operator has cancelled "
        "sailings for the week.",
    )))
    clusters = [Cluster("harbour", HARBOUR, "A cargo ship ran aground off Pellmouth and its crew was rescued."),
                Cluster("orchard", ORCHARD, "A late frost destroyed the apple blossom in Aldervale."),
                Cluster("ferry", ferry, "A ferry ran aground off Wrenna Isle and forty passengers were rescued.")]
    systems = cross_validate_systems(dict(select_systems(["storyfuse", "lead"])), clusters, 3)
    assert isinstance(systems["storyfuse"], Folded) and systems["lead"] is lead
    result = run_eval(clusters, systems, EvalConfig(words=30))
    assert [s.clusters for s in result.scores] == [3, 3]
    assert all(o.sentences for o in result.outputs if o.system == "storyfuse")
    with pytest.raises(ConfigError, match="at least 4 clusters"):
        cross_validate_systems(dict(select_systems(["storyfuse"])), clusters, 4)
    with pytest.raises(ConfigError, match="distinct cluster ids; repeated: ferry"):
        cross_validate_systems(dict(select_systems(["storyfuse"])), [*clusters, clusters[2]], 2)
