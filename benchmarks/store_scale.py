"""Story store ingest against the size of the stream: articles a second, store size on disk,
peak memory, and time per article over windows of 1,000 at 1,000 to 100,000 articles, one core.

Store mode (the default): ``--articles`` synthetic cleaned Documents, built as in
``benchmarks/stream_speed.py`` (events with their own name and topic words from a
50,000-word vocabulary, 1-20 reports of about 400 words each, 20-word sentences), with
publication times: events start a few minutes apart and their reports follow within two days,
arriving in publication order, so the 7-day window is in play. They go into a fresh store in a
temporary folder through ``storyfuse.pipeline.stream.ingest_corpus`` in one call, as one
``storyfuse ingest`` of a large input would: story assignment, SQLite writes and the grouper's
state saved with each batch of 200. Building the documents is not timed. Each window's time
runs from the commit of the batch before it to the commit of its last batch. The store's size
is the database plus its write-ahead log, read before the store is closed; the peak memory is
the process's (``ru_maxrss``, documents included; ``--tracemalloc`` adds the peak Python
allocation during the ingest alone, at a large cost in speed).

Raw mode (``--raw N``): N small invented HTML pages (an outlet's page furniture around a
report of one of N/6 invented events) written to a temporary folder and ingested whole with
``storyfuse.pipeline.stream.ingest(Runner(), [folder], store)``: read, clean (trafilatura),
segment, assign and write; articles a second, and seconds per stage.

Reproduce: ``python benchmarks/store_scale.py [--articles 100000] [--tracemalloc]`` (about two
minutes for 10,000 on two shared cores; 100,000 takes far longer than ten times that, as the
time per article grows) and ``python benchmarks/store_scale.py --raw 300`` (about 15 seconds).
"""

from __future__ import annotations

import os

# One core, as the other benchmarks measure: BLAS single-threaded before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stream_speed import vocabulary  # benchmarks/ is on the path when this runs as a script

from storyfuse.model import Corpus, Document, Sentence
from storyfuse.pipeline import Runner, StageEvent
from storyfuse.pipeline.stream import BATCH, IngestReport, ingest, ingest_corpus
from storyfuse.store import Batch, Store

WINDOW = 1000
MARKS = (1_000, 10_000, 50_000, 100_000)
START = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
SENTENCE_WORDS = 20

# ---- store mode: synthetic cleaned documents -----------------------------------------------------


def synthetic_documents(articles: int, seed: int = 0) -> list[Document]:
    """``articles`` cleaned documents of events reported 1-20 times, in publication order."""
    rng = random.Random(seed)
    words = vocabulary(50_000, rng)
    common = words[:2000]
    outlets = [f"{rng.choice(words).capitalize()} {rng.choice(('Times', 'Post', 'Herald', 'Wire'))}"
               for _ in range(200)]
    dated: list[tuple[datetime, list[str], str]] = []
    event_start = START
    while len(dated) < articles:
        topic = rng.sample(words, 40)
        name = rng.choice(words).capitalize() + " " + rng.choice(words).capitalize()
        event_start += timedelta(minutes=rng.uniform(1, 20))
        for _ in range(rng.randint(1, 20)):
            body = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common) for _ in range(400)]
            when = event_start + timedelta(hours=rng.uniform(0, 48))
            dated.append((when, [name, "said", "on", "Tuesday", "that", *body], name))
    dated.sort(key=lambda item: item[0])
    return [_document(k, when, body, name, rng.choice(outlets))
            for k, (when, body, name) in enumerate(dated[:articles])]


def _document(k: int, when: datetime, words: list[str], name: str, outlet: str) -> Document:
    sentences: list[Sentence] = []
    parts: list[str] = []
    offset = 0
    for start in range(0, len(words), SENTENCE_WORDS):
        text = " ".join(words[start:start + SENTENCE_WORDS]).capitalize() + "."
        sentences.append(Sentence(offset, offset + len(text), text))
        parts.append(text)
        offset += len(text) + 1
    slug = outlet.lower().replace(" ", "-")
    return Document(id=f"a{k:06d}", path=f"synthetic/{k}", text=" ".join(parts), source=outlet,
                    title=f"{name}: {' '.join(words[5:11])}", published=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    url=f"https://{slug}.example/{k}", language="en", sentences=tuple(sentences))


def timed_batches(store: Store, commits: list[float]) -> None:
    """Record the moment each batch commits (the store's own ``batch``, wrapped on this instance)."""
    original = store.batch

    @contextmanager
    def batch() -> Iterator[Batch]:
        with original() as opened:
            yield opened
        commits.append(time.perf_counter())

    store.batch = batch  # type: ignore[method-assign]


def store_mode(articles: int, trace: bool) -> None:
    started = time.perf_counter()
    documents = synthetic_documents(articles)
    print(f"built {len(documents):,} documents in {time.perf_counter() - started:.1f} s (not timed); "
          f"peak RSS so far {_rss_mb():,.0f} MB")
    with tempfile.TemporaryDirectory(prefix="storyfuse-scale-") as folder:
        db = Path(folder) / "stories.db"
        with Store.open(db) as store:
            commits: list[float] = []
            timed_batches(store, commits)
            if trace:
                tracemalloc.start()
            began = time.perf_counter()
            report = ingest_corpus(Corpus(tuple(documents)), store)
            seconds = time.perf_counter() - began
            traced = tracemalloc.get_traced_memory()[1] if trace else None
            size = _size(db)
        closed = _size(db)
    _store_summary(report, seconds, size, closed, traced)
    _window_table(_windows(began, commits, len(documents)))


def _windows(began: float, commits: list[float], articles: int) -> list[float]:
    """Seconds per article in each window of WINDOW articles, from the batch commit times."""
    per_window = WINDOW // BATCH
    times: list[float] = []
    for end in range(per_window - 1, len(commits), per_window):
        before = began if end < per_window else commits[end - per_window]
        count = min(WINDOW, articles - (end + 1 - per_window) * BATCH)
        times.append((commits[end] - before) / count)
    return times


def _store_summary(report: IngestReport, seconds: float, size: tuple[int, int], closed: tuple[int, int],
                   traced: int | None) -> None:
    total = sum(size)
    print(f"{report.added:,} articles into {len(report.new_stories):,} stories in {seconds:.1f} s: "
          f"{report.added / seconds:,.0f} articles a second (assignment + SQLite writes)")
    print(f"store: {total / 1e6:,.1f} MB (db {size[0] / 1e6:,.1f} + wal {size[1] / 1e6:,.1f}), "
          f"{total / max(report.added, 1):,.0f} bytes an article; {sum(closed) / 1e6:,.1f} MB once closed")
    extra = f"; tracemalloc peak during the ingest {traced / 1e6:,.0f} MB" if traced is not None else ""
    print(f"peak RSS {_rss_mb():,.0f} MB (documents included){extra}")


def _window_table(windows: list[float]) -> None:
    if not windows:
        return
    print(f"| articles stored | ms/article (that window of {WINDOW:,}) | against the window at {WINDOW:,} |")
    print("|---:|---:|---:|")
    for at in MARKS:
        if at // WINDOW <= len(windows):
            value = windows[at // WINDOW - 1]
            print(f"| {at:,} | {value * 1000:.2f} | {value / windows[0]:.2f} |")


def _size(db: Path) -> tuple[int, int]:
    wal = db.with_name(db.name + "-wal")
    return db.stat().st_size, wal.stat().st_size if wal.exists() else 0


def _rss_mb() -> float:
    """Peak resident set of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


# ---- raw mode: invented pages, the whole ingest ---------------------------------------------------

THINGS = ("bridge", "ferry terminal", "hospital wing", "school", "water works", "tram line", "harbour wall",
          "library", "bus depot", "power station", "market hall", "sea defences")
ACTIONS = ("close for repairs", "reopen next month", "be rebuilt", "get new funding", "face an inquiry",
           "be sold", "expand", "cut its opening hours")
OUTLETS = ("The Coastal Ledger", "Harbourwatch", "The Tidewater Post", "Vale Courier", "North Shore Gazette",
           "Fold Evening News")
FILLERS = ("Officials said the work had been planned for some time.",
           "Residents at a public meeting on the evening asked about the cost.",
           "The council said more details would follow within a week.",
           "Local businesses said they expected fewer visitors while it lasts.",
           "A spokesperson declined to give a date for the final decision.",
           "Campaigners said they had warned about the problem for years.")
SYLLABLES = ("ka", "mor", "vel", "dun", "ash", "rin", "tor", "bel", "sca", "lin", "bra", "hol", "wen", "qui",
             "ster", "gar", "fen", "ol", "mar", "ith")


def _name(rng: random.Random) -> str:
    """An invented proper name ("Velmorith"): each event's own, so its reports share rare words."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def raw_pages(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, HTML) of ``count`` invented pages: about six reports per event."""
    rng = random.Random(seed)
    events = [(_name(rng), f"{_name(rng)} {_name(rng)}", f"{_name(rng)} Works", rng.choice(THINGS),
               rng.choice(ACTIONS), n) for n in range(max(1, count // 6))]
    for k in range(count):
        outlet = rng.choice(OUTLETS)
        event = rng.choice(events)
        when = START + timedelta(hours=event[-1] * 3 + rng.uniform(0, 30))
        yield f"page{k:05d}.html", _page(rng, outlet, when, event[:-1], k)


def _page(rng: random.Random, outlet: str, when: datetime, event: tuple[str, ...], k: int) -> str:
    town, person, firm, thing, action = event
    title = f"{town} {thing} to {action}, says {person}"
    lead = (f"The {thing} in {town} will {action}, {person} said on {when:%A}, after a review by {firm} that "
            f"took {rng.randint(3, 18)} months and cost {rng.randint(2, 90)},000 pounds.")
    quote = f'"We owe the people of {town} a clear answer," {person} told reporters in report {k}.'
    detail = f"{firm} said the {thing} had served {town} for {rng.randint(20, 120)} years."
    body = [lead, quote, detail, *rng.sample(FILLERS, 3)]
    paragraphs = "\n".join(f"<p>{text}</p>" for text in body)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>\n'
            f'<meta property="og:site_name" content="{outlet}">\n'
            f'<meta property="article:published_time" content="{when:%Y-%m-%dT%H:%M:%SZ}">\n'
            f'<link rel="canonical" href="https://{outlet.lower().replace(" ", "-")}.example/{k}"></head>\n'
            f"<body><nav><a href='/'>Home</a> | <a href='/local'>Local</a> | <a href='/sport'>Sport</a></nav>\n"
            f"<article><h1>{title}</h1>\n{paragraphs}\n</article>\n"
            f"<footer>Subscribe to {outlet} for the whole story. Copyright 2026 {outlet}.</footer></body></html>\n")


def raw_mode(pages: int) -> None:
    stages: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="storyfuse-raw-") as folder:
        inputs = Path(folder) / "pages"
        inputs.mkdir()
        for name, html in raw_pages(pages):
            (inputs / name).write_text(html, encoding="utf-8")
        runner = Runner(on_stage=_stage_seconds(stages))
        with Store.open(Path(folder) / "stories.db") as store:
            began = time.perf_counter()
            report = ingest(runner, [inputs], store)
            seconds = time.perf_counter() - began
        runner.close()
    store_seconds = seconds - sum(stages.values())
    print(f"{pages:,} pages: {report.added:,} articles added to {len(report.new_stories):,} stories, "
          f"{len(report.rejected)} rejected, in {seconds:.1f} s: {report.added / seconds:,.1f} articles a second "
          "(read, clean, segment, assign, write)")
    print("seconds: " + ", ".join(f"{name} {value:.1f}" for name, value in stages.items())
          + f", store ingest {store_seconds:.1f}; peak RSS {_rss_mb():,.0f} MB")


def _stage_seconds(stages: dict[str, float]) -> Callable[[StageEvent], None]:
    def hook(event: StageEvent) -> None:
        if event.seconds is not None:
            stages[event.stage] = event.seconds

    return hook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic cleaned documents (store mode)")
    parser.add_argument("--raw", type=int, metavar="N", help="instead: N invented HTML pages, the whole ingest")
    parser.add_argument("--tracemalloc", action="store_true", help="also the peak Python allocation (slow)")
    args = parser.parse_args(argv)
    if args.articles < 1 or (args.raw is not None and args.raw < 1):
        parser.error("--articles and --raw take a positive count")
    if WINDOW % BATCH:
        parser.error(f"the window ({WINDOW}) must be a whole number of batches ({BATCH})")
    if args.raw is not None:
        raw_mode(args.raw)
    else:
        store_mode(args.articles, args.tracemalloc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
