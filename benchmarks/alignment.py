"""Fact alignment quality: storyfuse's ``align_facts`` against human cross-document alignments.

Data (third-party, read in place from ``../shared``; never copied into the repository)
    ``data/spark-summary-source-alignment`` (see its PROVENANCE.md):
    * SPARK ``derived_datasets/incontext_fusion.json``: 98 Multi-News test topics, the full
      source ``documents`` and the reference ``summary``;
    * SPARK ``derived_datasets/proposition_clustering.json``: per topic, gold clusters of
      document spans that express the same proposition (character offsets into those documents);
    * SPARK ``manual_alignments.csv``: summary span ↔ document span pairs (offsets as above);
    * SuperPAL ``superpal/{dev,test}_MN_only.csv``: crowdsourced summary-sentence ↔
      document-sentence alignments on 4 + 5 Multi-News topics, WITHOUT the full documents.

How gold spans become gold sentences
    Each topic's documents go through storyfuse's own cleaning and segmentation
    (``clean_articles``, all documents of the topic together, ids ``d0``, ``d1``…). Cleaning
    changes offsets (lines removed, paragraphs re-joined), so every gold span fragment is
    located by TEXT in the cleaned document: each line of the fragment is searched verbatim, the
    occurrence nearest its original relative position is taken, and the fragment belongs to
    every storyfuse sentence it overlaps by at least 8 characters (or all of it if shorter).
    Fragments that cleaning removed cannot be located; they are counted (``unlocated``) and
    their gold pairs stay in the gold, as misses. The reference summary is not a web page: it
    is segmented directly (``storyfuse.segment``) and its gold spans mapped by offset.

(a) Cross-document sentence alignment (SPARK proposition clustering)
    Gold pair: two sentences of DIFFERENT documents holding spans of the same gold cluster.
    Predicted pair: two sentences of different documents in the same Fact. Only sentences
    that hold a gold span ("annotated" sentences) are scored: SPARK annotated only the
    propositions that reach the summary, so a pair of unannotated sentences is unknown, not
    wrong (even so, precision is understated: reading the "false" pairs shows many true
    paraphrases whose proposition reached no summary, or sits in another gold cluster). Precision, recall, F1 and F0.5 are micro-averaged over topics.

(b) Summary → source alignment (SPARK manual alignments; SuperPAL)
    The reference summary is one more document (its own independent group) given to
    ``align_facts`` with the sources. Gold pair: (summary sentence, source sentence) aligned
    by the annotators. Predicted pair: a summary sentence and each source sentence of its
    Fact. Scored on the summary sentences that have gold; micro P/R/F1 over pairs. A fact
    holds one sentence per document, so recall has a ceiling: distinct (summary sentence,
    document) combinations over gold pairs ("recall ceiling" in the notes).
    SuperPAL ships only the aligned sentences, so its "documents" are those sentences alone
    (no distractors: precision is easier there than with full documents).

Settings, cross-validated
    The grid (``THRESHOLDS`` × ``BONUSES`` for names × ``BONUSES`` for numbers ×
    ``STEM_LENGTHS`` × ``MIN_SHARED``, 432 configs) is scored on (a) from align_facts' own
    building blocks (similarities once per stem length; the shipped defaults are checked to
    score identically through ``align_facts``). Topics go into 5 folds (fixed seed); each fold's
    config is the one with the best micro F-beta on (a) over the other four folds, and is scored
    on the held-out fold, for (a) and for SPARK (b). The "CV held-out" rows pool those held-out
    predictions. Selection by F0.5 (precision weighted: a false merge invents corroboration)
    is the rule behind the shipped defaults; selection by F1 is shown beside it. "words only"
    fixes both bonuses at 0. ``AlignConfig()`` rows are in-sample (the defaults are the F0.5
    choice on all topics). SuperPAL is never used for tuning (4 of its topics are SPARK
    topics, with a different selection of text).

Baseline
    "Jaccard ≥ 0.5": two sentences of different documents are a pair when the sets of their
    lowercased word tokens have Jaccard similarity ≥ 0.5 (no clustering, no constraint).

Reproduce (from the repository root, venv active)
    python benchmarks/alignment.py --json benchmarks/results/alignment.json
    python benchmarks/alignment.py --limit 20          # quick check
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from pathlib import Path
from typing import Any

import numpy as np

from storyfuse import Article, Document, Sentence, clean_articles, segment
from storyfuse.analysis.align import AlignConfig, align_facts, cluster
from storyfuse.analysis.align.features import cosines

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
SPARK = Path("data/spark-summary-source-alignment")
SUMMARY = "summary"
TOKEN = re.compile(r"\w+")
MIN_OVERLAP = 8

Ref = tuple[str, int]  # (document id, sentence index)
Pair = tuple[Ref, Ref]  # sorted, so each unordered pair has one spelling
SummaryPair = tuple[int, Ref]  # (summary sentence index, source sentence)
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
BONUSES = (0.0, 0.1, 0.2)
STEM_LENGTHS = (5, 6, 30)  # 30: no cut, suffix strip only
MIN_SHARED = (1, 2)


@dataclass
class Topic:
    id: str
    documents: tuple[Document, ...]  # sources only
    summary: Document
    clusters: list[set[Ref]] = field(default_factory=list)  # gold proposition clusters (a)
    summary_gold: set[SummaryPair] = field(default_factory=set)  # gold pairs (b)
    fragments: int = 0
    unlocated: int = 0

    @property
    def annotated(self) -> set[Ref]:
        return set().union(*self.clusters) if self.clusters else set()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, self.f(1.0)

    def f(self, beta: float) -> float:
        """F-beta from the counts; 0 when nothing is right."""
        b2 = beta * beta
        denominator = (1 + b2) * self.tp + b2 * self.fn + self.fp
        return (1 + b2) * self.tp / denominator if self.tp else 0.0


def total(counts: Iterable[Counts]) -> Counts:
    result = Counts()
    for c in counts:
        result = result.add(c)
    return result


def score(predicted: set, gold: set) -> Counts:
    return Counts(len(predicted & gold), len(predicted - gold), len(gold - predicted))


# ----------------------------------------------------------------------------- loading SPARK


def _offsets(spec: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split(",") for part in spec.split(";"))]


def _sentences_at(doc: Document, start: int, end: int) -> set[int]:
    need = min(MIN_OVERLAP, end - start)
    return {k for k, s in enumerate(doc.sentences) if min(end, s.end) - max(start, s.start) >= need}


def locate(raw: str, offsets: str, doc: Document | None, topic: Topic) -> set[int]:
    """Sentences of the cleaned ``doc`` holding the raw-text span ``offsets`` (found by text)."""
    found: set[int] = set()
    for start, end in _offsets(offsets):
        line_start = start
        for line in raw[start:end].split("\n"):
            piece = line.strip()
            topic.fragments += bool(piece)
            hits = [m.start() for m in re.finditer(re.escape(piece), doc.text)] if doc and piece else []
            if piece and not hits:
                topic.unlocated += 1
            if hits and doc:
                expected = line_start / max(len(raw), 1) * len(doc.text)
                at = min(hits, key=lambda h: (abs(h - expected), h))
                found |= _sentences_at(doc, at, at + len(piece))
            line_start += len(line) + 1
    return found


def load_spark(root: Path, limit: int | None) -> list[Topic]:
    fusion = json.loads((root / "derived_datasets/incontext_fusion.json").read_text())
    clustering = json.loads((root / "derived_datasets/proposition_clustering.json").read_text())
    alignments: dict[str, list[dict[str, str]]] = {}
    with (root / "manual_alignments.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            alignments.setdefault(row["topic"], []).append(row)
    ids = sorted(fusion, key=lambda t: int(t.removeprefix("test")))[:limit]
    return [_spark_topic(t, fusion[t], clustering.get(t, {}), alignments.get(t, [])) for t in ids]


def _spark_topic(topic_id: str, fusion: dict, clustering: dict, rows: list[dict[str, str]]) -> Topic:
    raws = fusion["documents"]
    articles = [Article(id=f"d{i}", path=f"{topic_id}/{i}.txt", text=t) for i, t in enumerate(raws)]
    documents = clean_articles(articles).documents
    summary_text = fusion["summary"]
    summary = Document(SUMMARY, f"{topic_id}/summary", summary_text, sentences=segment(summary_text))
    topic = Topic(topic_id, documents, summary)
    by_id = {d.id: d for d in documents}

    def refs(file: str, offsets: str) -> set[Ref]:
        index = int(file.split(".")[0])
        doc = by_id.get(f"d{index}")
        return {(f"d{index}", k) for k in locate(raws[index], offsets, doc, topic)}

    for gold in clustering.get("clusters", []):
        members = set().union(*(refs(s["documentFile"], s["docSpanOffsets"]) for s in gold["spans"]))
        topic.clusters.append(members)
    for row in rows:
        summary_sentences = set().union(*(_sentences_at(summary, a, b) for a, b in
                                          _offsets(row["summarySpanOffsets"])))
        for source in refs(row["documentFile"], row["docSpanOffsets"]):
            topic.summary_gold |= {(s, source) for s in summary_sentences}
    return topic


# -------------------------------------------------------------------------- loading SuperPAL


def _sentence_document(doc_id: str, path: str, texts: Sequence[str]) -> Document:
    """A document made of the given sentences, one paragraph each, offsets exact."""
    sentences, start = [], 0
    for text in texts:
        sentences.append(Sentence(start, start + len(text), text))
        start += len(text) + 2
    return Document(doc_id, path, "\n\n".join(texts), sentences=tuple(sentences))


def load_superpal(path: Path) -> list[Topic]:
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["topic"], []).append(row)
    return [_superpal_topic(t, rows[t]) for t in sorted(rows)]


def _superpal_topic(topic_id: str, rows: list[dict[str, str]]) -> Topic:
    summary_keys = sorted({(int(r["scuSentCharIdx"]), r["scuSentence"]) for r in rows})
    source_keys: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        source_keys.setdefault(r["documentFile"], []).append((int(r["docSentCharIdx"]), r["docSentText"]))
    documents = []
    index: dict[tuple[str, int], Ref] = {}
    for n, file in enumerate(sorted(source_keys)):
        keys = sorted(set(source_keys[file]))
        documents.append(_sentence_document(f"d{n}", f"{topic_id}/{file}", [t for _, t in keys]))
        index |= {(file, char): (f"d{n}", k) for k, (char, _) in enumerate(keys)}
    summary = _sentence_document(SUMMARY, f"{topic_id}/summary", [t for _, t in summary_keys])
    position = {key[0]: k for k, key in enumerate(summary_keys)}
    gold = {(position[int(r["scuSentCharIdx"])], index[r["documentFile"], int(r["docSentCharIdx"])])
            for r in rows}
    return Topic(topic_id, tuple(documents), summary, summary_gold=gold)


# ----------------------------------------------------------------------------------- scoring


def cross_pairs(partition: Iterable[Iterable[Ref]], keep: set[Ref]) -> set[Pair]:
    pairs: set[Pair] = set()
    for group in partition:
        members = sorted(r for r in group if r in keep)
        pairs |= {(a, b) for a, b in combinations(members, 2) if a[0] != b[0]}
    return pairs


def gold_pairs(topic: Topic) -> set[Pair]:
    return cross_pairs(topic.clusters, topic.annotated)


def summary_pairs(partition: Iterable[Iterable[Ref]], topic: Topic) -> set[SummaryPair]:
    scored = {s for s, _ in topic.summary_gold}
    pairs: set[SummaryPair] = set()
    for group in partition:
        members = list(group)
        heads = [r[1] for r in members if r[0] == SUMMARY and r[1] in scored]
        pairs |= {(h, r) for h in heads for r in members if r[0] != SUMMARY}
    return pairs


def ceiling(topic: Topic) -> int:
    """Gold summary pairs reachable with one sentence per document per fact."""
    return len({(s, ref[0]) for s, ref in topic.summary_gold})


def facts_partition(documents: Sequence[Document], config: AlignConfig) -> list[list[Ref]]:
    return [[(r.document, r.sentence) for r in f.support] for f in align_facts(documents, (), config)]


def jaccard_partition(documents: Sequence[Document], threshold: float = 0.5) -> list[list[Ref]]:
    """The baseline as a list of 2-member groups: every cross-document pair with Jaccard ≥ 0.5."""
    bags = [((d.id, k), set(TOKEN.findall(s.text.lower()))) for d in documents
            for k, s in enumerate(d.sentences)]
    return [[a, b] for (a, x), (b, y) in combinations(bags, 2)
            if a[0] != b[0] and x and y and len(x & y) / len(x | y) >= threshold]


def jaccard_summary_pairs(topic: Topic) -> set[SummaryPair]:
    partition = jaccard_partition((*topic.documents, topic.summary))
    return summary_pairs(partition, topic)


# -------------------------------------------------------------------------------- the sweep


def grid() -> list[AlignConfig]:
    return [AlignConfig(threshold=t, name_bonus=n, number_bonus=m, stem_length=s, min_shared=k)
            for t, n, m, s, k in product(THRESHOLDS, BONUSES, BONUSES, STEM_LENGTHS, MIN_SHARED)]


def sweep(topics: Sequence[Topic], configs: Sequence[AlignConfig]) -> dict[AlignConfig, dict[str, Counts]]:
    """Counts for (a) per config and topic, from align_facts' own building blocks so that the
    similarities are computed once per stem length (``check_defaults`` shows it is the same)."""
    results: dict[AlignConfig, dict[str, Counts]] = {c: {} for c in configs}
    for topic in topics:
        refs = [(d.id, k) for d in topic.documents for k in range(len(d.sentences))]
        texts = [s.text for d in topic.documents for s in d.sentences]
        doc = _doc_index(refs)
        gold, keep = gold_pairs(topic), topic.annotated
        for stem_length in sorted({c.stem_length for c in configs}):
            cos = cosines(texts, stem_length)
            for c in (c for c in configs if c.stem_length == stem_length):
                sim = cos.combine(c.name_bonus, c.number_bonus, c.min_shared)
                partition = [[refs[i] for i in group] for group in cluster(sim, doc, c.threshold)]
                results[c][topic.id] = score(cross_pairs(partition, keep), gold)
    return results


def _doc_index(refs: Sequence[Ref]) -> np.ndarray:
    order = {d: k for k, d in enumerate(sorted({r[0] for r in refs}))}
    return np.asarray([order[r[0]] for r in refs], dtype=np.intp)


def check_defaults(topics: Sequence[Topic], results: dict[AlignConfig, dict[str, Counts]]) -> Counts:
    """align_facts itself with AlignConfig(), which must score exactly as the sweep does."""
    counts = {t.id: score(cross_pairs(facts_partition(t.documents, AlignConfig()), t.annotated),
                          gold_pairs(t)) for t in topics}
    if AlignConfig() in results and counts != results[AlignConfig()]:
        raise SystemExit("alignment benchmark: the sweep and align_facts disagree")
    return total(counts.values())


def best(results: dict[AlignConfig, dict[str, Counts]], ids: Sequence[str], configs: Sequence[AlignConfig],
         beta: float) -> AlignConfig:
    """The config with the best micro F-beta on ``ids``; ties go to the first in grid order."""
    return max(configs, key=lambda c: total(results[c][t] for t in ids).f(beta))


def folds(topic_ids: Sequence[str], k: int, seed: int) -> list[list[str]]:
    shuffled = sorted(topic_ids)
    random.Random(seed).shuffle(shuffled)
    return [sorted(shuffled[i::k]) for i in range(k)]


def short(c: AlignConfig) -> str:
    return (f"threshold {c.threshold}, names {c.name_bonus}, numbers {c.number_bonus}, "
            f"stem {c.stem_length}, min_shared {c.min_shared}")


def cross_validate(topics: Sequence[Topic], results: dict[AlignConfig, dict[str, Counts]],
                   configs: Sequence[AlignConfig], k: int, seed: int, beta: float) -> dict:
    ids = [t.id for t in topics]
    per_fold: list[dict[str, Any]] = []
    held: dict[str, AlignConfig] = {}
    for n, fold in enumerate(folds(ids, k, seed), start=1):
        train_ids = [t for t in ids if t not in fold]
        chosen = best(results, train_ids, configs, beta)
        test = total(results[chosen][t] for t in fold)
        held |= {t: chosen for t in fold}
        per_fold.append({"fold": n, "topics": len(fold), "config": short(chosen),
                         "train": round(total(results[chosen][t] for t in train_ids).f(beta), 3),
                         "heldout": round(test.f(beta), 3), "heldout_f1": round(test.f(1.0), 3)})
    return {"folds": per_fold, "held": held, "pooled": total(results[held[t]][t] for t in ids),
            "all_topics": best(results, ids, configs, beta), "beta": beta,
            "mean_heldout": statistics.mean(float(f["heldout"]) for f in per_fold),
            "mean_heldout_f1": statistics.mean(float(f["heldout_f1"]) for f in per_fold)}


# ------------------------------------------------------------------------------------ report


def row(name: str, counts: Counts, note: str = "") -> dict:
    p, r, f = counts.prf()
    return {"system": name, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "f0.5": round(counts.f(0.5), 3), "gold_pairs": counts.tp + counts.fn, "note": note}


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n### {title}\n")
    print("| system | precision | recall | F1 | F0.5 | gold pairs | note |\n|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['system']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
              f"{r['f0.5']:.3f} | {r['gold_pairs']} | {r['note']} |")


def part_a(topics: Sequence[Topic], k: int, seed: int) -> tuple[list[dict], dict[str, dict]]:
    configs = grid()
    results = sweep(topics, configs)
    words_only = [c for c in configs if c.name_bonus == c.number_bonus == 0]
    cv = {"f0.5": cross_validate(topics, results, configs, k, seed, 0.5),
          "f1": cross_validate(topics, results, configs, k, seed, 1.0),
          "words": cross_validate(topics, results, words_only, k, seed, 0.5)}
    baseline = total(score(cross_pairs(jaccard_partition(t.documents), t.annotated), gold_pairs(t))
                     for t in topics)
    rows = [
        row("Jaccard ≥ 0.5 (baseline)", baseline),
        row("storyfuse, words only, CV held-out (select F0.5)", cv["words"]["pooled"],
            f"mean fold F0.5 {cv['words']['mean_heldout']:.3f}"),
        row("storyfuse, CV held-out (select F1)", cv["f1"]["pooled"],
            f"mean fold F1 {cv['f1']['mean_heldout']:.3f}"),
        row("**storyfuse, CV held-out (select F0.5)**", cv["f0.5"]["pooled"],
            f"mean fold F0.5 {cv['f0.5']['mean_heldout']:.3f}, F1 {cv['f0.5']['mean_heldout_f1']:.3f}"),
        row("storyfuse AlignConfig() defaults", check_defaults(topics, results), "in-sample"),
    ]
    return rows, cv


def summary_counts(topics: Sequence[Topic], config_for: Callable[[Topic], AlignConfig]) -> Counts:
    return total(score(summary_pairs(facts_partition((*t.documents, t.summary), config_for(t)), t),
                       t.summary_gold) for t in topics)


def _ceiling_note(topics: Sequence[Topic]) -> str:
    gold = sum(len(t.summary_gold) for t in topics)
    return f"{len(topics)} topics; recall ceiling {sum(ceiling(t) for t in topics) / max(gold, 1):.3f}"


def part_b_spark(topics: Sequence[Topic], cv: dict[str, dict]) -> list[dict]:
    note = _ceiling_note(topics)
    baseline = total(score(jaccard_summary_pairs(t), t.summary_gold) for t in topics)
    held_f1, held_f05 = cv["f1"]["held"], cv["f0.5"]["held"]
    return [
        row("Jaccard ≥ 0.5 (baseline)", baseline, note),
        row("storyfuse, CV held-out (select F1)", summary_counts(topics, lambda t: held_f1[t.id]), note),
        row("**storyfuse, CV held-out (select F0.5)**", summary_counts(topics, lambda t: held_f05[t.id]), note),
        row("storyfuse AlignConfig() defaults", summary_counts(topics, lambda t: AlignConfig()),
            f"in-sample; {note}"),
    ]


def part_b_superpal(topics: Sequence[Topic], name: str) -> list[dict]:
    note = _ceiling_note(topics)
    baseline = total(score(jaccard_summary_pairs(t), t.summary_gold) for t in topics)
    return [row(f"{name}: Jaccard ≥ 0.5 (baseline)", baseline, note),
            row(f"{name}: **storyfuse AlignConfig() defaults**",
                summary_counts(topics, lambda t: AlignConfig()), note)]


def timing(topics: Sequence[Topic]) -> dict:
    per_topic = []
    for t in topics:
        start = time.perf_counter()
        align_facts(t.documents)
        per_topic.append((time.perf_counter() - start, sum(len(d.sentences) for d in t.documents)))
    near_300 = [s for s, n in per_topic if 200 <= n <= 400]
    return {"mean_ms": round(1000 * statistics.mean(s for s, _ in per_topic), 1),
            "max_ms_200_400_sentences": round(1000 * max(near_300), 1) if near_300 else None,
            "topics_200_400_sentences": len(near_300),
            "max_ms": round(1000 * max(s for s, _ in per_topic), 1),
            "max_sentences": max(n for _, n in per_topic)}


def print_cv(cv: dict[str, dict]) -> None:
    for key, name in (("f0.5", "F0.5"), ("f1", "F1")):
        print(f"\n### Cross-validation, 5 folds by topic, selecting by {name}\n")
        print(f"| fold | topics | chosen | train {name} | held-out {name} | held-out F1 |")
        print("|---:|---:|---|---:|---:|---:|")
        for f in cv[key]["folds"]:
            print(f"| {f['fold']} | {f['topics']} | {f['config']} | {f['train']:.3f} | {f['heldout']:.3f} "
                  f"| {f['heldout_f1']:.3f} |")
        print(f"\nChosen on all topics by {name}: {short(cv[key]['all_topics'])}")
    print(f"Shipped AlignConfig(): {short(AlignConfig())}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=None, help="first N SPARK topics only")
    parser.add_argument("--json", type=Path, default=None, help="write the numbers here")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    root = args.shared / SPARK
    if not (root / "derived_datasets/incontext_fusion.json").is_file():
        sys.exit(f"benchmark data missing: {root} (set --shared to the folder holding data/)")
    topics = load_spark(root, args.limit)
    rows_a, cv = part_a(topics, args.folds, args.seed)
    rows_b = part_b_spark(topics, cv)
    rows_sp = part_b_superpal(load_superpal(root / "superpal/dev_MN_only.csv"), "SuperPAL dev")
    rows_sp += part_b_superpal(load_superpal(root / "superpal/test_MN_only.csv"), "SuperPAL test")
    speed = timing(topics)
    lines, unlocated = sum(t.fragments for t in topics), sum(t.unlocated for t in topics)
    print(f"SPARK: {len(topics)} topics, {sum(len(t.documents) for t in topics)} documents; "
          f"{unlocated} of {lines} gold span lines not found after cleaning")
    print_table("(a) Cross-document sentence alignment, SPARK proposition clustering", rows_a)
    print_table("(b) Summary → source alignment, SPARK manual alignments", rows_b)
    print_table("(b) Summary → source alignment, SuperPAL (annotated sentences only)", rows_sp)
    print_cv(cv)
    print(f"Timing (align_facts, one process): mean {speed['mean_ms']} ms/topic; max {speed['max_ms']} ms "
          f"({speed['max_sentences']} sentences); max {speed['max_ms_200_400_sentences']} ms over the "
          f"{speed['topics_200_400_sentences']} topics with 200-400 sentences")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "topics": len(topics), "gold_lines": lines, "unlocated_lines": unlocated,
            "cross_document": rows_a, "summary_spark": rows_b, "summary_superpal": rows_sp,
            "cv": {k: {"folds": v["folds"], "chosen_all_topics": short(v["all_topics"]),
                       "mean_heldout": v["mean_heldout"], "mean_heldout_f1": v["mean_heldout_f1"]}
                   for k, v in cv.items()},
            "default": short(AlignConfig()), "timing": speed}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
