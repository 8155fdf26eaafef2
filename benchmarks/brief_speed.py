"""Time per cluster: the full brief vs sumy's LexRank alone, and the summary-only mode.

On the Multi-News dev clusters in ../shared/data/multinews/multinews_shared_normalized.jsonl
(third-party, read in place), in one run on one CPU core:

* full brief — from the raw article texts: cleaning, segmentation, the whole analysis
  (syndication, facts, entities with spaCy, quotes, discrepancies), summary and brief
  sections; models loaded once before timing;
* summary only — syndication, fact alignment and sentence selection on cleaned documents
  (no spaCy), what ``storyfuse eval`` times for storyfuse;
* summary only, quick — the same with facts clustered on the summariser's own vectors
  instead of fact alignment (``storyfuse-quick`` in ``storyfuse eval``);
* LexRank — sumy's LexRank on the same cleaned documents, as in ``storyfuse eval``.

Reproduce: ``python benchmarks/brief_speed.py`` (a few minutes; ``--limit N`` for less).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import statistics
import sys
import time
from functools import partial
from pathlib import Path

from storyfuse import Article, RunConfig, Runner
from storyfuse.evaluate import lexrank

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "multinews" / "multinews_shared_normalized.jsonl"


def clusters(limit: int | None) -> list[list[Article]]:
    if not DATA.is_file():
        sys.exit(f"benchmarks/brief_speed.py: {DATA} not found (the ../shared data folder is needed)")
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()][:limit]
    return [[Article(id=f"{r['id']}/{n}", path=r["id"], text=t, cluster=r["id"])
             for n, t in enumerate(r["documents"], 1)] for r in rows]


def timed(function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--words", type=int, default=300)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    # The brief as `storyfuse digest` runs it (no spaCy entities, its default word budget).
    runner = Runner(RunConfig().override(entities=False))
    runner.digest(runner.clean([SHARED / "seeds"]))  # load the models before timing
    summary_config = runner.config.override(words=args.words)
    quick_config = summary_config.override(quick=True)
    full, summary_only, quick, lex = [], [], [], []
    stages: dict[str, list[float]] = {"clean": [], "analysis+brief": []}
    for articles in clusters(args.limit):
        corpus, clean_s = timed(runner.clean_articles, articles)
        _, digest_s = timed(runner.digest, corpus)
        full.append(clean_s + digest_s)
        stages["clean"].append(clean_s)
        stages["analysis+brief"].append(digest_s)
        summary_only.append(timed(partial(runner.summary, corpus.documents, config=summary_config))[1])
        quick.append(timed(partial(runner.summary, corpus.documents, config=quick_config))[1])
        lex.append(timed(lexrank, corpus.documents, args.words)[1])
    n = len(full)
    print(f"{n} clusters, seconds per cluster (mean / median):\n")
    print("| measure | mean | median | vs LexRank (mean) |")
    print("|---|---:|---:|---:|")
    for name, values in (("full brief (raw text → brief)", full), ("  of which cleaning", stages["clean"]),
                         ("  of which analysis + summary + brief", stages["analysis+brief"]),
                         ("summary only (cleaned documents)", summary_only),
                         ("summary only, quick mode", quick), ("LexRank (sumy)", lex)):
        mean = sum(values) / n
        print(f"| {name} | {mean:.4f} | {statistics.median(values):.4f} | {mean / (sum(lex) / n):.2f}× |")


if __name__ == "__main__":
    main()
