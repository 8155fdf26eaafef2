"""How the syndication step scales: 1,000 → 20,000 documents, and whether it finds the copies.

Builds synthetic corpora from the sentences of the Multi-News clusters in
``../shared/data/multinews/multinews_shared_normalized.jsonl`` (third-party, read in place):
each document is 20 sentences drawn at random with a quarter of their words replaced by
random words (so unrelated documents overlap about as little as real ones), and 10% of documents are light edits of
another document (a sentence or two dropped, a word changed in a fifth of the sentences),
so the planted copy pairs are known (two copies of one original count as a pair too). Times :func:`storyfuse.analysis.syndication.find_syndication`
(MinHash + LSH candidates, then the sentence-by-sentence check) at each size and reports
the growth exponent (1.0 = linear) and the planted pairs found.

Reproduce: ``python benchmarks/syndication.py`` (about a minute; ``--sizes 1000,2000`` for less).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from pathlib import Path

from storyfuse.analysis.syndication import SyndicationConfig, find_syndication
from storyfuse.model import Document, Sentence
from storyfuse.pipeline import executor_for

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "multinews_shared_normalized.jsonl"
# A crude splitter is enough to build a sentence pool; the product uses storyfuse.segment.
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
SENTENCES_PER_DOC = 20
COPY_SHARE = 0.1
REWORD_SHARE = 0.25


def sentence_pool(path: Path) -> list[str]:
    pool = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for document in json.loads(line)["documents"]:
            pool += [s.strip() for s in _SPLIT.split(" ".join(document.split())) if len(s.split()) >= 6]
    return sorted(set(pool))


def make_document(doc_id: str, sentences: list[str]) -> Document:
    spans, cursor = [], 0
    for text in sentences:
        spans.append(Sentence(cursor, cursor + len(text), text))
        cursor += len(text) + 2
    return Document(id=doc_id, path=doc_id, text="\n\n".join(sentences), sentences=tuple(spans))


def light_edit(sentences: list[str], rng: random.Random) -> list[str]:
    kept = [s for s in sentences if rng.random() > 0.08]
    return [_swap_word(s, rng) if rng.random() < 0.2 else s for s in kept]


def _swap_word(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    words[rng.randrange(len(words))] = "edited"
    return " ".join(words)


def corpus(size: int, pool: list[str], seed: int) -> tuple[list[Document], set[tuple[str, str]]]:
    rng = random.Random(seed)
    vocabulary = sorted({w for s in pool for w in s.split()})
    originals: dict[str, list[str]] = {}
    documents, planted = [], set()
    for n in range(size):
        doc_id = f"d{n:06d}"
        if originals and rng.random() < COPY_SHARE:
            source = rng.choice(sorted(originals)) if n < 50 else f"d{rng.randrange(n):06d}"
            if source in originals:  # copies are not copied again
                documents.append(make_document(doc_id, light_edit(originals[source], rng)))
                planted.add((source, doc_id))
                continue
        originals[doc_id] = [reword(s, vocabulary, rng) for s in rng.sample(pool, SENTENCES_PER_DOC)]
        documents.append(make_document(doc_id, originals[doc_id]))
    return documents, planted


def reword(sentence: str, vocabulary: list[str], rng: random.Random) -> str:
    """Replace a quarter of the words: with ~19,000 pool sentences, 20,000 documents would
    otherwise reuse each sentence ~20 times, far more overlap than real unrelated articles."""
    return " ".join(rng.choice(vocabulary) if rng.random() < REWORD_SHARE else w for w in sentence.split())


def run(sizes: list[int], seed: int, workers: int = 1) -> list[dict[str, float]]:
    if not DATA.is_file():
        sys.exit(f"benchmarks/syndication.py: {DATA} not found (the ../shared data folder is needed)")
    pool = sentence_pool(DATA)
    rows = []
    executor = executor_for(workers)  # the runner's executor seam: its map runs the map steps
    for size in sizes:
        documents, planted = corpus(size, pool, seed)
        started = time.perf_counter()
        pairs, groups = find_syndication(documents, SyndicationConfig(), map_items=executor.map)
        seconds = time.perf_counter() - started
        found = {tuple(sorted(p.documents)) for p in pairs}
        planted = copy_pairs(planted)
        hits = len(found & planted)
        rows.append({"documents": size, "seconds": round(seconds, 2),
                     "ms_per_document": round(1000 * seconds / size, 3),
                     "planted_pairs": len(planted), "recall": round(hits / max(1, len(planted)), 3),
                     "precision": round(hits / max(1, len(found)), 3), "groups": len(groups)})
        print(f"{size:>6} documents: {seconds:6.2f} s", file=sys.stderr)
    executor.close()
    return rows


def copy_pairs(planted: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every pair within a family of copies: two copies of one original copy each other too."""
    families: dict[str, set[str]] = {}
    for original, copy in planted:
        families.setdefault(original, {original}).add(copy)
    return {(a, b) for members in families.values() for a in members for b in members if a < b}


def growth_exponent(rows: list[dict[str, float]]) -> float:
    first, last = rows[0], rows[-1]
    return math.log(last["seconds"] / first["seconds"]) / math.log(last["documents"] / first["documents"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000,20000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for the map steps")
    args = parser.parse_args()
    rows = run([int(n) for n in args.sizes.split(",")], args.seed, args.workers)
    print("| documents | seconds | ms/document | planted copies | recall | precision |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['seconds']} | {r['ms_per_document']} | {r['planted_pairs']} "
              f"| {r['recall']} | {r['precision']} |")
    exponent = growth_exponent(rows) if len(rows) > 1 else float("nan")
    print(f"\ngrowth exponent {rows[0]['documents']:,} → {rows[-1]['documents']:,}: {exponent:.2f} (1.00 = linear)")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "growth_exponent": exponent}, indent=2))


if __name__ == "__main__":
    main()
