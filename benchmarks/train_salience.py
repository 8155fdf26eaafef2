"""Train and cross-validate the summary's salience model on Multi-News; write the shipped model.

Data (third-party, read in place; never copied into the repository)
    ``../shared/data/multinews/multinews_shared_normalized.jsonl``: 293 clusters, each with the
    human newser.com summary. Clusters are read and cleaned by ``storyfuse.evaluate.load_clusters``
    and prepared by the runner (syndication, verified fact alignment, candidates), exactly as
    ``storyfuse eval`` does.

What it reports (ROUGE F1 × 100 at ``--words`` 300, rouge-score with Porter stemming)
    * 5-fold cross-validation by cluster (the folds of ``storyfuse eval --folds 5``): each
      cluster summarised by the model trained on the other four folds; beside it, the
      hand-weighted scorer it replaces (``scorer="weighted"``, whose weights were tuned on all
      these clusters, so its figure is in-sample), the learned model scored in-sample, and the
      ceiling: the same selection with every sentence's true target as its score.
    * The trees alone, without the hand-weighted prior they are mixed with.
    * Ablations: the cross-validated figure with each feature group left out of the trees in
      turn (the prior stays in the mix, so a group's own contribution is what it adds to it).
    * A learning curve: the cross-validated figure when each fold trains on only a share of
      its training clusters (a seeded subset), to show whether more data would help.

Reproduce (from the repository root, venv active; about 4 minutes on a 2-core machine)
    python benchmarks/train_salience.py                  # report only
    python benchmarks/train_salience.py --write          # also rewrite the shipped model
    (``--limit N`` for the first N clusters, ``--no-ablations``, ``--no-curve``)
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyfuse import RunConfig, Runner
from storyfuse.evaluate import load_clusters
from storyfuse.evaluate.rouge import prepare_reference, score, truncate
from storyfuse.evaluate.salience import Example, TrainConfig, example, fold_models, folds, train
from storyfuse.summarize import CandidateTable, SummaryConfig, prepare, summarize_table
from storyfuse.summarize.config import WEIGHTED
from storyfuse.summarize.salience import FEATURES, GROUPS
from storyfuse.summarize.scorer import SalienceModel
from storyfuse.summarize.select import reading_order, select

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "multinews_shared_normalized.jsonl"
MODEL = ROOT / "src" / "storyfuse" / "summarize" / "salience.json"
FOLDS = 5
CURVE = (0.1, 0.25, 0.5, 0.75, 1.0)


@dataclasses.dataclass(frozen=True, slots=True)
class Story:
    id: str
    table: CandidateTable
    reference: list[str]
    example: Example


def prepare_stories(path: Path, limit: int | None) -> list[Story]:
    loaded = load_clusters([path], limit)
    runner = Runner(RunConfig())
    stories = []
    for cluster in loaded.clusters:
        # A cluster with nothing left after cleaning stays (an empty summary, ROUGE 0), so that
        # the folds and the means are those of `storyfuse eval --folds`.
        table = runner.story(cluster.documents, ("candidates",))["candidates"] if cluster.documents else \
            prepare((), (), ())
        reference = prepare_reference(cluster.reference)
        stories.append(Story(cluster.id, table, reference, example(table, reference)))
    return stories


def rouge(stories: Sequence[Story], models: Sequence[SalienceModel | None], config: SummaryConfig) -> np.ndarray:
    """Mean ROUGE-1/2/Lsum × 100, story i summarised with ``models[i]`` (None: ``config``'s scorer alone)."""
    rows = []
    for story, model in zip(stories, models, strict=True):
        sentences = [s.text for s in summarize_table(story.table, config, model)] if len(story.table) else []
        result = score(truncate(sentences, config.words), story.reference)
        rows.append((result.rouge1, result.rouge2, result.rougeLsum))
    return 100 * np.mean(rows, axis=0)


def ceiling(stories: Sequence[Story], config: SummaryConfig, train_config: TrainConfig) -> np.ndarray:
    """Mean ROUGE-1/2/Lsum × 100 when every candidate's score is its true target (standardised, as
    the model's are) under the model's selection settings: what a perfect scorer would reach."""
    tuned = dataclasses.replace(config, redundancy_weight=train_config.redundancy_weight,
                                redundancy_threshold=train_config.redundancy_threshold)
    spread = float(np.std(np.concatenate([s.example.targets for s in stories]))) or 1.0
    rows = []
    for story in stories:
        values = story.example.targets / spread
        chosen = reading_order(story.table, select(story.table, values, tuned), values) if len(story.table) else []
        result = score(truncate([story.table.texts[i] for i in chosen], config.words), story.reference)
        rows.append((result.rouge1, result.rouge2, result.rougeLsum))
    return 100 * np.mean(rows, axis=0)


def cross_validate(stories: Sequence[Story], config: SummaryConfig, train_config: TrainConfig,
                   features: Sequence[str] = FEATURES, share: float = 1.0) -> np.ndarray:
    """Held-out ROUGE: each story summarised by the model trained without its fold (on
    ``share`` of the other folds' stories, a seeded subset)."""
    fold_of = folds(len(stories), FOLDS)
    examples = [s.example for s in stories]
    if share < 1.0:
        models = []
        rng = np.random.default_rng(train_config.seed)
        for k in range(FOLDS):
            pool = [e for e, f in zip(examples, fold_of, strict=True) if f != k]
            picked = rng.permutation(len(pool))[:max(1, round(share * len(pool)))]
            models.append(train([pool[i] for i in picked], train_config, features))
    else:
        models = fold_models(examples, fold_of, train_config, features)
    return rouge(stories, [models[f] for f in fold_of], config)


def _row(name: str, values: Sequence[float], base: Sequence[float] | None = None) -> str:
    cells = " | ".join(f"{v:.2f}" for v in values)
    delta = "" if base is None else " | " + " / ".join(f"{v - b:+.2f}" for v, b in zip(values[:2], base[:2],
                                                                                       strict=True))
    return f"| {name} | {cells}{delta} |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-ablations", action="store_true")
    parser.add_argument("--no-curve", action="store_true")
    parser.add_argument("--write", action="store_true", help=f"rewrite {MODEL.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"train_salience: {args.data} not found", file=sys.stderr)
        return 1
    start = time.perf_counter()
    stories = prepare_stories(args.data, args.limit)
    print(f"{len(stories)} stories prepared in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    config, train_config = SummaryConfig(words=args.words), TrainConfig()
    held_out = cross_validate(stories, config, train_config)
    everything = train([s.example for s in stories], train_config,
                       trained=f"benchmarks/train_salience.py on {len(stories)} Multi-News clusters")
    lines = ["| scorer | R-1 | R-2 | R-Lsum |", "|---|---:|---:|---:|",
             _row("learned, **5-fold cross-validated**", held_out),
             _row("learned, trained on all clusters (in-sample)", rouge(stories, [everything] * len(stories), config)),
             _row("the trees alone (no hand-weighted prior in the mix), cross-validated",
                  cross_validate(stories, config, dataclasses.replace(train_config, prior_weight=0.0))),
             _row("hand-weighted (`scorer=\"weighted\"`, weights tuned on all clusters)",
                  rouge(stories, [None] * len(stories), dataclasses.replace(config, scorer=WEIGHTED))),
             _row("each sentence's true target as its score (the ceiling of a perfect scorer)",
                  ceiling(stories, config, train_config))]
    print("\n".join(lines), flush=True)
    if not args.no_ablations:
        print("\n| without | R-1 | R-2 | R-Lsum | change R-1 / R-2 |\n|---|---:|---:|---:|---|")
        for group, names in GROUPS.items():
            kept = [f for f in FEATURES if f not in names]
            print(_row(group, cross_validate(stories, config, train_config, kept), held_out), flush=True)
    if not args.no_curve:
        print("\n| training clusters per fold | R-1 | R-2 | R-Lsum |\n|---|---:|---:|---:|")
        pool = len(stories) - len(stories) // FOLDS
        for share in CURVE:
            values = held_out if share == 1.0 else cross_validate(stories, config, train_config, share=share)
            print(_row(f"{share:.0%} (about {round(share * pool)})", values), flush=True)
    if args.write:
        MODEL.write_text(json.dumps(everything.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size:,} bytes)", file=sys.stderr)
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
