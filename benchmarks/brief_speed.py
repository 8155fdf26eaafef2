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
* LexRank — sumy's LexRank on the same cleaned documents, as in ``storyfuse eval``;
* with ``--embeddings``, the full brief with the embedding verifier too (all-MiniLM-L6-v2
  loaded once, one torch thread), on every cluster and on stories of ten documents: the two
  clusters of nine and ten documents, and ten-document stories made of two five-document
  clusters each (stories that large are rare in Multi-News).

Reproduce: ``python benchmarks/brief_speed.py [--embeddings]`` (a few minutes; ``--limit N`` for less).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import dataclasses
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


def ten_document_stories(all_clusters: list[list[Article]]) -> list[list[Article]]:
    big = [c for c in all_clusters if len(c) >= 9]
    fives = [c for c in all_clusters if len(c) == 5]
    return big + [[*a, *b] for a, b in zip(fives[0::2], fives[1::2], strict=False)]


def full_brief(runner: Runner, articles: list[Article]) -> float:
    corpus, clean_s = timed(runner.clean_articles, articles)
    return clean_s + timed(runner.digest, corpus)[1]


def embedding_rows(stories: list[list[Article]], ten: list[list[Article]], lex: list[float]) -> list[tuple[str, list[float]]]:
    """The full brief with the embedding verifier (model loaded and warmed up first)."""
    runner = Runner(RunConfig().override(entities=False, embeddings=True))
    runner.digest(runner.clean([SHARED / "seeds"]))
    everything = [full_brief(runner, articles) for articles in stories]
    tens = [full_brief(runner, [dataclasses.replace(a, cluster="ten") for a in articles]) for articles in ten]
    print(f"ten-document stories: {len(tens)}; slowest {max(tens):.2f} s")
    return [("full brief, embeddings", everything), ("full brief, embeddings, 10-document stories", tens)]


def timed(function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--embeddings", action="store_true", help="also time the embedding verifier")
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
    stories = clusters(args.limit)
    for articles in stories:
        corpus, clean_s = timed(runner.clean_articles, articles)
        _, digest_s = timed(runner.digest, corpus)
        full.append(clean_s + digest_s)
        stages["clean"].append(clean_s)
        stages["analysis+brief"].append(digest_s)
        summary_only.append(timed(partial(runner.summary, corpus.documents, config=summary_config))[1])
        quick.append(timed(partial(runner.summary, corpus.documents, config=quick_config))[1])
        lex.append(timed(lexrank, corpus.documents, args.words)[1])
    n = len(full)
    rows = [("full brief (raw text → brief)", full), ("  of which cleaning", stages["clean"]),
            ("  of which analysis + summary + brief", stages["analysis+brief"]),
            ("summary only (cleaned documents)", summary_only),
            ("summary only, quick mode", quick), ("LexRank (sumy)", lex)]
    if args.embeddings:
        rows += embedding_rows(stories, ten_document_stories(clusters(None)), lex)
    print(f"{n} clusters, seconds per cluster (mean / median):\n")
    print("| measure | stories | mean | median | vs LexRank (mean) |")
    print("|---|---:|---:|---:|---:|")
    for name, values in rows:
        mean = sum(values) / len(values)
        print(f"| {name} | {len(values)} | {mean:.4f} | {statistics.median(values):.4f} | "
              f"{mean / (sum(lex) / n):.2f}× |")


if __name__ == "__main__":
    main()
