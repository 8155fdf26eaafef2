"""Story assignment speed against the size of the stream: time per article at 1,000 and at
100,000 synthetic articles (terms and placement, ``storyfuse.stories``), one core.

Synthetic stream: events, each with its own name and topic words drawn from a 50,000-word
vocabulary, reported by 1-20 articles of about 400 words (event words mixed with common
words), arriving interleaved.

The stream is placed once, end to end (the articles-a-second figure), and the index and term
counter are copied as they stand at 1,000, 10,000, 50,000 and 100,000 articles. Then each copy
places the next 200 articles of the stream, the copies taking turns, five rounds, each round
from a fresh copy: per-article CPU time is the median of the rounds. Taking turns is what makes
the sizes comparable; the machine's speed drifts over a minute by more than the differences
measured. Placement alone is reported beside the whole (terms and placement): an index of 1,000
articles places cheaper, as an article finds fewer than the 8 candidates it is scored against
later, while the terms of the first articles cost more, the counter having yet to learn the
words' stems. Every list the index keeps is bounded, so the cost should stay flat.

Reproduce: ``python benchmarks/stream_speed.py [--articles 100000]`` (about four minutes).
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time

from storyfuse.lang import get_language
from storyfuse.stories import Arrival, StoryIndex, TermCounter

SIZES = (1_000, 10_000, 50_000, 100_000)
PROBE = 200  # articles each copy places per round
ROUNDS = 5


def vocabulary(n: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(n)]


def synthetic(articles: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary(50_000, rng)
    common = words[:2000]
    texts: list[str] = []
    while len(texts) < articles:
        topic = rng.sample(words, 40)
        name = rng.choice(words).capitalize() + " " + rng.choice(words).capitalize()
        for _ in range(rng.randint(1, 20)):
            body = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common) for _ in range(400)]
            texts.append(f"{name} said on Tuesday that " + " ".join(body) + ".")
    rng.shuffle(texts)
    return texts[:articles]


def probe(state: tuple[StoryIndex, TermCounter], texts: list[str], start: int) -> tuple[float, float]:
    """CPU seconds per article, whole and placement alone, for a copy of ``state`` to place
    ``texts[start:start + PROBE]``."""
    index, terms = copy.deepcopy(state)
    whole = placing = 0.0
    for k in range(start, start + PROBE):
        t = time.process_time()
        arrival = Arrival(str(k), terms(texts[k]))
        p = time.process_time()
        index.place(arrival)
        done = time.process_time()
        whole += done - t
        placing += done - p
    return whole / PROBE, placing / PROBE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args(argv)
    texts = synthetic(args.articles + PROBE)
    sizes = [n for n in SIZES if n <= args.articles]
    terms, index = TermCounter(get_language()), StoryIndex()
    states, seconds = {}, 0.0
    for k in range(args.articles):
        t = time.process_time()
        index.place(Arrival(str(k), terms(texts[k])))
        seconds += time.process_time() - t
        if k + 1 in sizes:
            states[k + 1] = copy.deepcopy((index, terms))
    print(f"{args.articles:,} articles into {len(index.stories):,} stories: "
          f"{args.articles / seconds:,.0f} articles a second (CPU time)")
    rounds: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    for _ in range(ROUNDS):
        for n in sizes:
            rounds[n].append(probe(states[n], texts, n))
    medians = {n: (statistics.median(w for w, _ in r), statistics.median(p for _, p in r)) for n, r in rounds.items()}
    first = medians[sizes[0]]
    print(f"| articles in the index | ms/article | against {sizes[0]:,} | placement alone ms/article | against {sizes[0]:,} |")
    print("|---:|---:|---:|---:|---:|")
    for n, (whole, placing) in medians.items():
        print(f"| {n:,} | {whole * 1000:.2f} | {whole / first[0]:.2f} | {placing * 1000:.3f} | {placing / first[1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
