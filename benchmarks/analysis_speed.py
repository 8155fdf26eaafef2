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
from collections.abc import Callable
from pathlib import Path

from storyfuse import Article, Corpus, clean_articles, process
from storyfuse.analysis.align import align_facts
from storyfuse.analysis import Analyzer
from storyfuse.analysis.discrepancies import find_discrepancies
from storyfuse.analysis.entities import people_index
from storyfuse.analysis.quotes import quotes
from storyfuse.analysis.syndication import find_syndication

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MULTINEWS = SHARED / "data" / "multinews" / "multinews_shared_normalized.jsonl"


def stories() -> dict[str, Corpus]:
    if not MULTINEWS.is_file() or not (SHARED / "seeds").is_dir():
        sys.exit("benchmarks/analysis_speed.py: ../shared/seeds and ../shared/data/multinews are needed")
    found = {"seeds (5 docs)": process([SHARED / "seeds"])}
    ten = process([SHARED / "seeds", REPO / "examples" / "calderhaven"])
    found[f"seeds + example ({len(ten.documents)} docs, {sum(len(d.text.split()) for d in ten.documents):,} words)"] = ten
    for line in MULTINEWS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["n_docs"] >= 9:
            articles = [Article(id=f"{row['id']}/{n}", path=row["id"], text=text, cluster=row["id"])
                        for n, text in enumerate(row["documents"], 1)]
            corpus = clean_articles(articles)
            words = sum(len(d.text.split()) for d in corpus.documents)
            found[f"{row['id']} ({len(corpus.documents)} docs, {words:,} words)"] = corpus
    return found


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def stage_times(analyzer: Analyzer, corpus: Corpus, repeat: int) -> dict[str, float]:
    docs = corpus.documents
    config = analyzer.config
    _, groups = find_syndication(docs, config.syndication)
    facts = align_facts(docs, groups, config.align)
    entities = analyzer.entity_finder.find(docs)
    found = quotes(docs, people_index(entities), config.quotes)
    return {
        "syndication": median_seconds(lambda: find_syndication(docs, config.syndication), repeat),
        "facts": median_seconds(lambda: align_facts(docs, groups, config.align), repeat),
        "entities": median_seconds(lambda: analyzer.entity_finder.find(docs), repeat),
        "quotes": median_seconds(lambda: quotes(docs, people_index(entities), config.quotes), repeat),
        "discrepancies": median_seconds(lambda: find_discrepancies(facts, found, groups), repeat),
        "total": median_seconds(lambda: analyzer.analyze(corpus), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    analyzer = Analyzer()
    started = time.perf_counter()
    analyzer.entity_finder.find(process([SHARED / "seeds"]).documents)
    print(f"model load + first call: {time.perf_counter() - started:.2f} s\n")
    print("| story | syndication | facts | entities | quotes | discrepancies | **total** |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, corpus in stories().items():
        analyzer.analyze(corpus)  # warm-up
        t = stage_times(analyzer, corpus, args.repeat)
        cells = " | ".join(f"{t[k] * 1000:.0f} ms" for k in ("syndication", "facts", "entities", "quotes",
                                                             "discrepancies"))
        print(f"| {name} | {cells} | **{t['total'] * 1000:.0f} ms** |")


if __name__ == "__main__":
    main()
