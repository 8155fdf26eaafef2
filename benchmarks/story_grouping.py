"""Story grouping from a stream: BCubed precision / recall / F1 against gold stories, storyfuse's
online grouping beside two classic baselines in the same run.

Data (third-party, read in place from ``../shared``):

* the shared Multi-News clusters (``multinews/multinews_shared_normalized.jsonl``: 293 stories,
  828 articles, cleaned by storyfuse) shuffled into one stream; gold story = cluster;
* WikiRef220 (``wikiref220-news-clustering``): 220 articles, gold = topic (coarser than a story).

Systems, each at its threshold:

* **storyfuse**: ``storyfuse.stories.StoryIndex`` (online, single pass, candidates from an
  inverted index);
* **single-pass centroid**: TF-IDF (scikit-learn, fitted on the whole stream: generous to it),
  each article joins the most similar story centroid at cosine ≥ t, else starts one;
* **average-link**: offline agglomerative clustering (scikit-learn) over TF-IDF cosine, cut at
  distance 1 − t.

Thresholds are chosen by 5-fold cross-validation over the Multi-News stories: for each fold,
the threshold with the best F1 on the stream of the other four folds' stories is applied to the
held-out fold's stream ("held-out" rows pool those predictions). The "whole stream" rows use,
for each system, the median of the five chosen thresholds on all 828 articles, in three shuffled
orders (seeds 0-2). WikiRef220 is scored with the same thresholds (never tuned on it).

The last column is speed on one core (CPU time, so other work on the machine counts less):
articles grouped a second over the whole-stream runs, cleaned text in.

Reproduce: ``python benchmarks/story_grouping.py`` (nine to twenty minutes, by the machine).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from storyfuse import Runner
from storyfuse.corpus import CorpusConfig, group_corpus
from storyfuse.lang import get_language
from storyfuse.model import Article, Document
from storyfuse.pipeline.flow import LocalFlow
from storyfuse.stories import Arrival, StoryConfig, StoryIndex, TermCounter

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MULTINEWS = SHARED / "multinews" / "multinews_shared_normalized.jsonl"
WIKIREF = SHARED / "wikiref220-news-clustering" / "WikiRef220"
GRID = tuple(round(t, 3) for t in np.arange(0.1, 0.71, 0.025))
SEEDS = (0, 1, 2)
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    gold: str
    text: str
    title: str | None


Grouper = Callable[[Sequence[Item], float], list[str]]


def bcubed(items: Sequence[Item], labels: Sequence[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Amigó et al. 2009), averaged over items."""
    by_label: dict[str, list[int]] = {}
    by_gold: dict[str, list[int]] = {}
    for k, (item, label) in enumerate(zip(items, labels, strict=True)):
        by_label.setdefault(label, []).append(k)
        by_gold.setdefault(item.gold, []).append(k)
    precision = recall = 0.0
    for item, label in zip(items, labels, strict=True):
        same = sum(items[j].gold == item.gold for j in by_label[label])
        precision += same / len(by_label[label])
        recall += same / len(by_gold[item.gold])
    p, r = precision / len(items), recall / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# ---- systems --------------------------------------------------------------------------------


def storyfuse(items: Sequence[Item], threshold: float) -> list[str]:
    terms = TermCounter(get_language())
    index = StoryIndex(replace(StoryConfig(), threshold=threshold))
    return [index.place(Arrival(item.id, terms(item.text, item.title))) for item in items]


def _tfidf(items: Sequence[Item]) -> np.ndarray:
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
    return vectorizer.fit_transform([f"{i.title or ''}\n{i.text}" for i in items])


def single_pass(items: Sequence[Item], threshold: float) -> list[str]:
    """Cosine to each story's centroid (the sum of its members' unit vectors), read off the
    articles' Gram matrix: dot = Σ sim(k, member), |centroid|² = Σ sim(member, member)."""
    matrix = _tfidf(items)
    gram = (matrix @ matrix.T).toarray()
    members: list[list[int]] = []
    squares: list[float] = []
    labels = []
    for k in range(gram.shape[0]):
        dots = [float(gram[k, m].sum()) for m in members]
        scores = [d / (sq ** 0.5 or 1.0) for d, sq in zip(dots, squares, strict=True)]
        best = int(np.argmax(scores)) if scores else -1
        if best < 0 or scores[best] < threshold:
            members.append([])
            squares.append(0.0)
            best, dots = len(members) - 1, [*dots, 0.0]
        squares[best] += 2 * dots[best] + float(gram[k, k])
        members[best].append(k)
        labels.append(str(best))
    return labels


def average_link(items: Sequence[Item], threshold: float) -> list[str]:
    matrix = _tfidf(items).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=1 - threshold)
    return [str(label) for label in model.fit_predict(matrix)]


def corpus_batch(items: Sequence[Item], threshold: float) -> list[str]:
    """The corpus-scale grouping of ``storyfuse batch`` (blocks, then average-link in each), in
    this process; the stream order does not matter to it."""
    flow = LocalFlow(1)
    documents = [Document(item.id, item.id, item.text, title=item.title) for item in items]
    config = replace(CorpusConfig(), threshold=threshold)
    story = {a.document: a.story for a in flow.collect(group_corpus(flow, flow.from_items(documents), "en", config))}
    return [story[item.id] for item in items]


SYSTEMS: dict[str, Grouper] = {"storyfuse": storyfuse, "single-pass centroid": single_pass,
                               "average-link": average_link, "storyfuse batch": corpus_batch}


# ---- data -----------------------------------------------------------------------------------


def multinews(runner: Runner) -> list[Item]:
    corpus = runner.clean_articles(runner.read([MULTINEWS]).articles)
    return [Item(d.id, d.cluster or d.id, d.text, d.title) for d in corpus.documents]


def wikiref(runner: Runner) -> list[Item]:
    articles = [Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8", errors="replace"))
                for p in sorted(WIKIREF.glob("*.txt"))]
    corpus = runner.clean_articles(articles)
    return [Item(d.id, _topic(Path(d.path).name), d.text, d.title) for d in corpus.documents]


def _topic(name: str) -> str:
    return re.sub(r"(\.\d+| \(\d+\))?\.txt$", "", name)


def shuffled(items: Sequence[Item], seed: int) -> list[Item]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def fold_of(items: Sequence[Item]) -> dict[str, int]:
    stories = sorted({i.gold for i in items})
    random.Random(0).shuffle(stories)
    return {story: k % FOLDS for k, story in enumerate(stories)}


# ---- evaluation -----------------------------------------------------------------------------


def cross_validate(name: str, grouper: Grouper, items: Sequence[Item]) -> tuple[list[float], tuple[float, ...]]:
    folds = fold_of(items)
    stream = shuffled(items, 0)
    chosen, held_items, held_labels = [], [], []
    for k in range(FOLDS):
        train = [i for i in stream if folds[i.gold] != k]
        test = [i for i in stream if folds[i.gold] == k]
        best = max(GRID, key=lambda t: (bcubed(train, grouper(train, t))[2], -t))
        chosen.append(best)
        held_items += test
        held_labels += [f"{k}:{label}" for label in grouper(test, best)]
        print(f"  {name}: fold {k + 1} threshold {best}", file=sys.stderr)
    return chosen, bcubed(held_items, held_labels)


def _whole_stream(grouper: Grouper, items: Sequence[Item], threshold: float
                  ) -> tuple[list[tuple[float, float, float]], float]:
    """BCubed on the whole stream in each shuffled order, and the articles grouped a second
    (one core, cleaned text in: for storyfuse its terms and placement; for the baselines their
    TF-IDF and clustering), over all orders."""
    scores, seconds = [], 0.0
    for order in (shuffled(items, s) for s in SEEDS):
        started = time.process_time()
        labels = grouper(order, threshold)
        seconds += time.process_time() - started
        scores.append(bcubed(order, labels))
    return scores, len(items) * len(SEEDS) / seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args(argv)
    runner = Runner()
    started = time.perf_counter()
    items = multinews(runner)
    refs = wikiref(runner) if WIKIREF.is_dir() else []
    print(f"cleaned {len(items)} Multi-News and {len(refs)} WikiRef articles in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    results: dict[str, dict[str, object]] = {}
    print("| system | threshold (CV) | held-out P | R | F1 | whole stream F1 (seeds 0-2) | WikiRef220 P | R | F1 "
          "| articles/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.systems.split(","):
        grouper = SYSTEMS[name]
        chosen, held = cross_validate(name, grouper, items)
        threshold = statistics.median(chosen)
        whole, rate = _whole_stream(grouper, items, threshold)
        wiki = bcubed(shuffled(refs, 0), grouper(shuffled(refs, 0), threshold)) if refs else (0.0, 0.0, 0.0)
        results[name] = {"thresholds": chosen, "held_out": held, "whole": whole, "wikiref": wiki,
                         "articles_per_second": rate}
        f1s = " / ".join(f"{w[2]:.3f}" for w in whole)
        print(f"| {name} | {threshold} | {held[0]:.3f} | {held[1]:.3f} | {held[2]:.3f} | {f1s} | "
              f"{wiki[0]:.3f} | {wiki[1]:.3f} | {wiki[2]:.3f} | {rate:,.0f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
