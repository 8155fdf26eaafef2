"""Corpus scale on Dask: copies and stories of 10,000 → 100,000 → 1,000,000 synthetic articles.

Each size runs on a fresh Dask ``LocalCluster`` of 2 worker processes (one thread each) on this
machine. The corpus is generated on the workers (``benchmarks/planted.py``: Multi-News
sentences with planted stories and syndicated copies, the stories spread over all partitions)
and kept there; then the corpus-scale steps of ``storyfuse batch`` run on cleaned text
(document frequencies, profiles, keys, buckets, connected components, per-block copies and
stories: ``storyfuse.corpus.group_corpus``) and every assignment comes back to this process.
Reading and cleaning cost the same per article at every size (a map), and so does briefing a
story of a given size; they are left out here, as the issue allows, because they would not fit
a session at 1,000,000 (about 20 ms an article to clean on one core).

Reported per size: wall time of the grouping, articles a second, the largest resident memory of
a worker process (its peak over the run, generation included), planted-copy and planted-story
pairwise precision and recall (pairs of articles put together vs pairs planted together), and
the growth exponent of wall time against size between consecutive sizes and end to end
(1.0 is linear).

Reproduce: ``python benchmarks/corpus_scale.py`` (about 25 minutes here, 20 of them the
1,000,000 articles, whose two workers peak near 9 GB each); ``--sizes 10000,100000`` for the
first two (about 2 minutes). The blocks the corpus steps had to split are logged on standard
error.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import resource
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import cloudpickle
import planted as planted_module
from planted import Planted, Spec, load_pools, pair_scores, partition

from storyfuse.corpus import group_corpus, partition_numbers
from storyfuse.pipeline.batch import partitions_for
from storyfuse.pipeline.cluster import DaskCluster, DaskFlow

SIZES = (10_000, 100_000, 1_000_000)
WORKERS = 2


# The workers cannot import this folder's modules: the generator travels with the tasks.
cloudpickle.register_pickle_by_value(planted_module)


def _documents(planted: Sequence[Planted]) -> list[object]:
    return [p.document for p in planted]


def _truth(planted: Sequence[Planted]) -> list[tuple[str, str, str]]:
    return [(p.document.id, p.story, p.copy_group) for p in planted]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(articles: int, spec: Spec) -> dict[str, float]:
    parts = partitions_for(articles)
    cluster = DaskCluster(workers=WORKERS)
    try:
        flow = DaskFlow(cluster, parts)
        sized = Spec(articles, spec.seed, spec.copy_rate, pools=())
        made = flow.map_parts(partial(_generate_with, parts=parts, sized=sized), partition_numbers(flow),
                              shared=(flow.share(spec.pools),))
        planted = flow.persist(made)
        truth = flow.collect(flow.map_parts(_truth, planted))
        documents = flow.persist(flow.map_parts(_documents, planted))
        flow.collect(flow.map_parts(_count, documents))  # generated and in place before the clock starts
        flow.release(planted)
        started = time.perf_counter()
        found = flow.collect(group_corpus(flow, documents, "en"))
        seconds = time.perf_counter() - started
        peaks = cluster.client.run(_peak_mb)
    finally:
        cluster.close()
    stories = pair_scores({a.document: a.story for a in found}, {d: s for d, s, _ in truth})
    copies = pair_scores({a.document: a.copy_group for a in found}, {d: c for d, _, c in truth})
    return {"articles": articles, "partitions": parts, "seconds": seconds, "per_second": articles / seconds,
            "worker_peak_mb": max(peaks.values()), "story_precision": stories[0], "story_recall": stories[1],
            "copy_precision": copies[0], "copy_recall": copies[1], "assigned": len(found)}


def _generate_with(numbers: Sequence[int], pools: tuple[tuple[str, ...], ...], *, parts: int,
                   sized: Spec) -> list[Planted]:
    return partition(next(iter(numbers)), parts, Spec(sized.articles, sized.seed, sized.copy_rate, pools=pools))


def _count(documents: Sequence[object]) -> list[int]:
    return [len(documents)]


def exponent(a: dict[str, float], b: dict[str, float]) -> float:
    return math.log(b["seconds"] / a["seconds"]) / math.log(b["articles"] / a["articles"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    # The corpus steps say on standard error which blocks they had to split (corpus/split.py).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    corpus_log = logging.getLogger("storyfuse.corpus")
    corpus_log.addHandler(handler)
    corpus_log.setLevel(logging.INFO)
    pools = load_pools()
    rows = []
    print("| articles | partitions | wall s | articles/s | worker peak MB | copies P | R | stories P | R |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        row = run_size(size, Spec(size, 0, 0.25, pools=pools))
        rows.append(row)
        print(f"| {size:,} | {row['partitions']} | {row['seconds']:.1f} | {row['per_second']:,.0f} | "
              f"{row['worker_peak_mb']:,.0f} | {row['copy_precision']:.4f} | {row['copy_recall']:.4f} | "
              f"{row['story_precision']:.4f} | {row['story_recall']:.4f} |", flush=True)
    for a, b in zip(rows, rows[1:], strict=False):
        print(f"growth exponent {a['articles']:,} → {b['articles']:,}: {exponent(a, b):.3f}")
    if len(rows) > 2:
        print(f"growth exponent {rows[0]['articles']:,} → {rows[-1]['articles']:,}: {exponent(rows[0], rows[-1]):.3f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
