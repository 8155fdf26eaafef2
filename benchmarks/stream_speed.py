"""Story assignment speed against the size of the stream: time per article at 1,000 and at
100,000 synthetic articles (terms and placement, ``storyfuse.stories``), one core.

Synthetic stream: events, each with its own name and topic words drawn from a 50,000-word
vocabulary, reported by 1-20 articles of about 400 words (event words mixed with common
words), arriving interleaved. Per-article time is measured over consecutive windows of 1,000
arrivals. The first windows are cheaper: few stories exist yet, so an article has fewer than
the 16 candidates it is scored against later; once they are there, the cost per article should
stay flat (every list the index keeps is bounded).

Reproduce: ``python benchmarks/stream_speed.py [--articles 100000]`` (about two minutes).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from storyfuse.lang import get_language
from storyfuse.stories import Arrival, StoryIndex, article_terms

WINDOW = 1000


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args(argv)
    texts = synthetic(args.articles)
    lang = get_language()
    index = StoryIndex()
    windows: list[float] = []
    started = time.perf_counter()
    for start in range(0, len(texts), WINDOW):
        t = time.perf_counter()
        for k, text in enumerate(texts[start:start + WINDOW], start):
            index.place(Arrival(str(k), article_terms(text, None, lang)))
        windows.append((time.perf_counter() - t) / min(WINDOW, len(texts) - start))
    total = time.perf_counter() - started
    print(f"{len(texts):,} articles into {len(index.stories):,} stories: {len(texts) / total:,.0f} articles a second")
    print("| arrivals | ms/article (that window of 1,000) | against the window at 1,000 |")
    print("|---:|---:|---:|")
    for at in (1_000, 10_000, 50_000, 100_000):
        if at <= len(texts):
            value = windows[at // WINDOW - 1]
            print(f"| {at:,} | {value * 1000:.2f} | {value / windows[0]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
