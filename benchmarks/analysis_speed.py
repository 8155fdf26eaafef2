"""Analysis time per story with models loaded, on one CPU core, stage by stage.

Stories: the reference seeds (5 outlets, ../shared/seeds), the seeds plus the repo's example
(10 documents, two stories analysed as one: a worst case) and the Multi-News clusters
with 9 and 10 documents in ../shared/data/multinews/multinews_shared_normalized.jsonl
(third-party, read in place), cleaned and segmented first (not timed). Each story is
analysed once to warm up, then timed over ``--repeat`` runs; the median is reported.

Reproduce: ``python benchmarks/analysis_speed.py``
"""

from __future__ import annotations

import os

# One core, as the target says: pin the process and keep BLAS single-threaded.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import statistics
import sys
import time
from functools import partial
from pathlib import Path

from storyfuse import Article, Corpus, Runner, StageEvent

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MULTINEWS = SHARED / "data" / "multinews" / "multinews_shared_normalized.jsonl"


def stories(runner: Runner) -> dict[str, Corpus]:
    if not MULTINEWS.is_file() or not (SHARED / "seeds").is_dir():
        sys.exit("benchmarks/analysis_speed.py: ../shared/seeds and ../shared/data/multinews are needed")
    found = {"seeds (5 docs)": runner.clean([SHARED / "seeds"])}
    ten = runner.clean([SHARED / "seeds", REPO / "examples" / "calderhaven"])
    found[f"seeds + example ({len(ten.documents)} docs, {sum(len(d.text.split()) for d in ten.documents):,} words)"] = ten
    for line in MULTINEWS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["n_docs"] >= 9:
            articles = [Article(id=f"{row['id']}/{n}", path=row["id"], text=text, cluster=row["id"])
                        for n, text in enumerate(row["documents"], 1)]
            corpus = runner.clean_articles(articles)
            words = sum(len(d.text.split()) for d in corpus.documents)
            found[f"{row['id']} ({len(corpus.documents)} docs, {words:,} words)"] = corpus
    return found


STAGES = ("syndication", "align", "entities", "quotes", "discrepancies")


def stage_times(runner: Runner, corpus: Corpus, repeat: int) -> dict[str, float]:
    """Median seconds per stage (from the runner's timing hook) and in total, over ``repeat`` runs."""
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        runner.analyze(corpus, on_stage=partial(_record, seconds))
        seconds["total"] = time.perf_counter() - started
        runs.append(seconds)
    return {key: statistics.median(run[key] for run in runs) for key in (*STAGES, "total")}


def _record(seconds: dict[str, float], event: StageEvent) -> None:
    if event.seconds is not None:
        seconds[event.stage] = event.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    runner = Runner()
    started = time.perf_counter()
    runner.analyze(runner.clean([SHARED / "seeds"]))
    print(f"model load + first call: {time.perf_counter() - started:.2f} s\n")
    print("| story | syndication | facts | entities | quotes | discrepancies | **total** |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, corpus in stories(runner).items():
        runner.analyze(corpus)  # warm-up
        t = stage_times(runner, corpus, args.repeat)
        cells = " | ".join(f"{t[k] * 1000:.0f} ms" for k in STAGES)
        print(f"| {name} | {cells} | **{t['total'] * 1000:.0f} ms** |")


if __name__ == "__main__":
    main()
