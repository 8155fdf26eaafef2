"""Time to clean one-paragraph text (flattened from a PDF or a scrape) against its size.

Writes one-paragraph files of invented sentences (0.25 to 5 MB) and times, in this run:

* the sentence splitter alone (``Segmenter``, windowed), on the whole text: it should grow
  linearly (microseconds per character flat);
* pysbd on the whole paragraph at once (what storyfuse did before windows), up to 100 KB only,
  beyond which it takes minutes: the baseline;
* ``Runner.clean`` (what ``storyfuse clean`` runs) on each file: the first 200,000 characters
  are analysed and the rest kept under ``removed``, so it costs reading and line cleaning of the
  whole file plus a bounded split.

Reproduce: ``python benchmarks/long_input.py [--sizes 0.25,1,5]`` (about a minute).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pysbd

from storyfuse import Runner
from storyfuse.segment import Segmenter

WORDS = ("the", "minister", "said", "on", "Tuesday", "that", "harbour", "would", "reopen", "after", "a", "full",
         "inquiry", "into", "grounding", "of", "vessel", "Mr.", "Vey", "U.S.", "3.5", "per", "cent")


def paragraph(chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out, total = [], 0
    while total < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 25))).capitalize() + "."
        out.append(sentence)
        total += len(sentence) + 1
    return " ".join(out)[:chars]


def timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2,5", help="file sizes in MB, comma-separated")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    segmenter, runner = Segmenter(), Runner()
    print("| input | chars | pysbd whole paragraph (s) | splitter, windowed (s) | µs/char | Runner.clean (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for kb in (25, 50, 100):
        text = paragraph(kb * 1000)
        whole = timed(lambda: pysbd.Segmenter(language="en", clean=False).segment(text))  # noqa: B023
        split = timed(lambda: segmenter.sentences(text))  # noqa: B023
        print(f"| {kb} KB | {len(text):,} | {whole:.2f} | {split:.2f} | {split / len(text) * 1e6:.1f} | |")
    with tempfile.TemporaryDirectory() as folder:
        for mb in sizes:
            text = paragraph(int(mb * 1_000_000))
            path = Path(folder, f"flat-{mb:g}mb.txt")
            path.write_text(text, encoding="utf-8")
            split = timed(lambda: segmenter.sentences(text))  # noqa: B023
            clean = timed(lambda: runner.clean([path]))  # noqa: B023
            print(f"| {mb:g} MB | {len(text):,} | | {split:.2f} | {split / len(text) * 1e6:.1f} | {clean:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
