"""Article-text extraction quality: storyfuse's cleaning vs trafilatura's defaults.

What it measures
    For every page of two third-party benchmarks, the text each system extracts is scored
    against the human-checked gold text with token-level precision, recall and F1, and the
    scores are averaged over pages (macro mean). Each system is also timed.

    * ``trafilatura``: ``trafilatura.extract(html, url=url)`` with all defaults.
    * ``storyfuse``: the project's own pipeline, ``clean_articles`` called ONCE per dataset on
      all of its pages (as ``storyfuse clean DIR`` does: lines repeated across documents are
      part of the evidence), HTML options from ``--no-favor-recall``/``--include-comments``/
      ``--no-tables``; ``--variants`` adds a run with ``favor_recall`` flipped. Pages that
      storyfuse rejects count as empty output.

    Both systems get the same decoded HTML string (storyfuse's own byte decoding).

Metric
    Tokens are the lowercase ``\\w+`` matches; overlap is the bag-of-tokens (multiset)
    intersection: P = |pred ∩ gold| / |pred|, R = |pred ∩ gold| / |gold|, F1 their harmonic
    mean; an empty prediction scores 0 and pages with empty gold are skipped. This is the
    bag-of-words variant that the WCXB README uses. NOTE: the official AEB ``evaluate.py`` uses
    token shingles instead, so our AEB numbers are not directly comparable to its README.

Data (read in place from ``../shared``, never copied into the repository)
    * ``data/article-extraction-benchmark``: AEB (Zyte/Scrapinghub, MIT), ``html/<id>.html.gz``
      (181 pages) and ``ground-truth.json`` (id -> {"articleBody", "url"}).
    * ``data/wcxb-web-content-extraction``: WCXB test split (CC-BY-4.0), ``test/html/<id>.html.gz``
      and ``test/ground-truth/<id>.json`` (``ground_truth.main_content``, ``url``); page types
      from ``metadata.json`` (``files[id].page_type``). WCXB is reported on all pages and on
      article pages only.

Reproduce (from the repository root, venv active)
    python benchmarks/extraction.py --variants --json benchmarks/results/extraction.json
    python benchmarks/extraction.py --limit 20            # quick check
    python benchmarks/extraction.py --diagnose 10         # + pages where storyfuse trails most
    python benchmarks/extraction.py --diagnose 10 --diagnose-articles   # ranked on article pages
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from storyfuse import Article, Corpus, RunConfig, Runner
from storyfuse.clean import CleanConfig
from storyfuse.clean.html import HtmlConfig
from storyfuse.ingest.decode import decode

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
AEB_DIR = Path("data/article-extraction-benchmark")
WCXB_DIR = Path("data/wcxb-web-content-extraction")
TOKEN = re.compile(r"\w+")
TRAFILATURA = "trafilatura"


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    path: Path
    html: str
    url: str | None
    gold: str
    page_type: str | None = None


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


@dataclass(slots=True)
class SystemRun:
    """One system's outputs on one dataset: text per page id, seconds in total."""

    name: str
    texts: dict[str, str]
    seconds: float
    corpus: Corpus | None = None
    removed: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


# --- data -----------------------------------------------------------------------------------


def read_html(path: Path) -> str:
    return decode(gzip.decompress(path.read_bytes()), str(path))


def load_aeb(root: Path, limit: int | None) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    pages = []
    for page_id in ids:
        path = root / "html" / f"{page_id}.html.gz"
        entry = truth[page_id]
        pages.append(Page(page_id, path, read_html(path), entry.get("url"), entry["articleBody"]))
    return pages


def load_wcxb(root: Path, limit: int | None) -> list[Page]:
    files = json.loads((root / "metadata.json").read_text(encoding="utf-8"))["files"]
    ids = sorted(p.name.removesuffix(".json") for p in (root / "test" / "ground-truth").glob("*.json"))
    pages = []
    for page_id in ids[:limit]:
        truth = json.loads((root / "test" / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
        path = root / "test" / "html" / f"{page_id}.html.gz"
        page_type = files.get(page_id, {}).get("page_type")
        gold = truth["ground_truth"].get("main_content") or ""
        pages.append(Page(page_id, path, read_html(path), truth.get("url"), gold, page_type))
    return pages


def check_data(shared: Path) -> None:
    needed = [shared / AEB_DIR / "ground-truth.json", shared / WCXB_DIR / "metadata.json",
              shared / WCXB_DIR / "test" / "ground-truth"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        sys.exit(f"benchmark data missing: {missing[0]} (set --shared to the folder holding data/)")


# --- systems --------------------------------------------------------------------------------


def run_trafilatura(pages: Sequence[Page]) -> SystemRun:
    texts: dict[str, str] = {}
    if pages:
        trafilatura.extract(pages[0].html, url=pages[0].url)  # warm-up, not timed
    start = time.perf_counter()
    for page in pages:
        texts[page.id] = trafilatura.extract(page.html, url=page.url) or ""
    return SystemRun(TRAFILATURA, texts, time.perf_counter() - start)


def run_storyfuse(pages: Sequence[Page], html: HtmlConfig, name: str) -> SystemRun:
    articles = [Article(id=p.id, path=str(p.path), html=p.html, url=p.url) for p in pages]
    start = time.perf_counter()
    corpus = Runner(RunConfig(clean=CleanConfig(html=html))).clean_articles(articles)
    seconds = time.perf_counter() - start
    texts = {p.id: "" for p in pages}  # rejected pages stay empty
    texts.update({doc.id: doc.text for doc in corpus.documents})
    removed = {doc.id: tuple((r.text, r.reason) for r in doc.removed) for doc in corpus.documents}
    return SystemRun(name, texts, seconds, corpus, removed)


def storyfuse_name(html: HtmlConfig) -> str:
    defaults = HtmlConfig()
    changed = [f"{k}={getattr(html, k)}" for k in ("favor_recall", "include_comments", "include_tables")
               if getattr(html, k) != getattr(defaults, k)]
    return "storyfuse" + (f" ({', '.join(changed)})" if changed else "")


def flipped_recall(html: HtmlConfig) -> HtmlConfig:
    return HtmlConfig(favor_recall=not html.favor_recall, include_comments=html.include_comments,
                      include_tables=html.include_tables)


# --- metric ---------------------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text.lower()))


def score(pred: str, gold: Counter[str]) -> Score:
    predicted = tokens(pred)
    overlap = sum((predicted & gold).values())
    if not overlap:
        return Score(0.0, 0.0, 0.0)
    precision = overlap / sum(predicted.values())
    recall = overlap / sum(gold.values())
    return Score(precision, recall, 2 * precision * recall / (precision + recall))


def page_scores(run: SystemRun, pages: Sequence[Page]) -> dict[str, Score]:
    golds = {p.id: tokens(p.gold) for p in pages}
    return {p.id: score(run.texts[p.id], golds[p.id]) for p in pages if golds[p.id]}


def mean(scores: dict[str, Score], attr: str) -> float:
    return sum(getattr(s, attr) for s in scores.values()) / len(scores) if scores else 0.0


def summary_row(dataset: str, run: SystemRun, scores: dict[str, Score], ms_per_page: float) -> dict:
    n = len(scores)
    return {"dataset": dataset, "system": run.name, "pages": n,
            "precision": round(mean(scores, "precision"), 4),
            "recall": round(mean(scores, "recall"), 4), "f1": round(mean(scores, "f1"), 4),
            "ms_per_page": round(ms_per_page, 1), "seconds": round(run.seconds, 2)}


def dataset_rows(name: str, pages: Sequence[Page], runs: Sequence[SystemRun]) -> list[dict]:
    rows = []
    article_ids = {p.id for p in pages if p.page_type == "article"}
    for run in runs:
        scores = page_scores(run, pages)
        ms = 1000 * run.seconds / len(pages) if pages else 0.0
        rows.append(summary_row(name, run, scores, ms))
        if article_ids:
            subset = {k: v for k, v in scores.items() if k in article_ids}
            rows.append(summary_row(f"{name} (article)", run, subset, ms))
    return rows


# --- diagnosis ------------------------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(TOKEN.findall(text.lower()))


def inside(line: str, text: str, vocabulary: set[str]) -> bool:
    """A line is in a text if it is a substring of it, or (5+ tokens) 80% of its tokens are."""
    words = norm(line)
    if not words:
        return False
    if f" {words} " in f" {text} ":
        return True
    parts = words.split()
    return len(parts) >= 5 and sum(w in vocabulary for w in parts) >= 0.8 * len(parts)


def excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rejected_removals(pages: Sequence[Page], html: HtmlConfig) -> dict[str, tuple[tuple[str, str], ...]]:
    """Line reasons for pages storyfuse rejected (a Rejection keeps none): re-judge them.

    Uses storyfuse internals (diagnosis only), with the same cross-document evidence as
    ``clean``; the reasons are for diagnosis and never enter the scores.
    """
    from storyfuse.clean import judge_lines, prepare, recurring_lines

    config = CleanConfig(html=html)
    prepared = {p.id: prepare(Article(id=p.id, path=str(p.path), html=p.html, url=p.url), config)
                for p in pages}
    keys = recurring_lines(prepared.values(), config)
    out = {}
    for pid, item in prepared.items():
        reasons, _ = judge_lines(item.lines, keys, item.title, config)
        out[pid] = tuple((ln.text, r or "kept?") for ln, r in zip(item.lines, reasons, strict=True))
    return out


def why_dropped(line: str, removed: Sequence[tuple[str, str]]) -> str:
    """The reason of the removed line holding ``line``, else it was never extracted."""
    words = norm(line)
    return next((r for t, r in removed if words and f" {words} " in f" {norm(t)} "), "not extracted")


def rejection_reason(run: SystemRun, page: Page) -> str | None:
    rejected = run.corpus.rejected if run.corpus else ()
    return next((r.reason for r in rejected if r.path.startswith(str(page.path))), None)


def diagnose_page(page: Page, traf: SystemRun, story: SystemRun,
                  removed: tuple[tuple[str, str], ...]) -> dict:
    """What storyfuse dropped that gold has, what it kept that gold lacks, and why."""
    gold, ours = norm(page.gold), norm(story.texts[page.id])
    gold_vocab, our_vocab = set(gold.split()), set(ours.split())
    missing = [ln for ln in traf.texts[page.id].splitlines()
               if inside(ln, gold, gold_vocab) and not inside(ln, ours, our_vocab)]
    extra = [ln for ln in story.texts[page.id].splitlines() if norm(ln) and not inside(ln, gold, gold_vocab)]
    removed_in_gold = [(t, r) for t, r in removed if inside(t, gold, gold_vocab)]
    reasons = Counter(r for _, r in removed_in_gold)
    dropped = [(ln, why_dropped(ln, removed)) for ln in missing]
    return {"dropped": dropped, "extra": extra, "removed_in_gold": removed_in_gold,
            "reasons": dict(reasons.most_common()), "rejected": rejection_reason(story, page)}


def all_removals(
    pages: Sequence[Page], story: SystemRun, html: HtmlConfig
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Removed lines with reasons for every page, re-judging rejected pages (once per dataset)."""
    if all(p.id in story.removed for p in pages):
        return dict(story.removed)
    return {**rejected_removals(pages, html), **story.removed}


def gold_loss_by_reason(
    pages: Sequence[Page], removals: dict[str, tuple[tuple[str, str], ...]]
) -> Counter[str]:
    """Gold tokens in lines storyfuse removed, per reason, summed over pages."""
    loss: Counter[str] = Counter()
    for page in pages:
        gold = norm(page.gold)
        vocab = set(gold.split())
        for text, reason in removals.get(page.id, ()):
            if inside(text, gold, vocab):
                loss[reason] += len(norm(text).split())
    return loss


def diagnosis(datasets: dict[str, tuple[list[Page], list[SystemRun]]], top: int, html: HtmlConfig,
              articles_only: bool = False) -> dict:
    """The ``top`` pages where the (first) storyfuse run's F1 trails trafilatura's most, plus
    rejected-page counts and gold tokens lost per removal reason over all pages."""
    gaps, totals = [], {}
    removals = {name: all_removals(pages, runs[1], html) for name, (pages, runs) in datasets.items()}
    for name, (pages, runs) in datasets.items():
        chosen = [p for p in pages if not (articles_only and p.page_type not in (None, "article"))]
        t_scores, s_scores = page_scores(runs[0], chosen), page_scores(runs[1], chosen)
        rejected = sum(1 for p in chosen if p.id in s_scores and p.id not in runs[1].removed)
        totals[name] = {"pages": len(s_scores), "rejected": rejected,
                        "gold_tokens_removed_by_reason": dict(gold_loss_by_reason(chosen, removals[name])
                                                              .most_common())}
        gaps += [(t_scores[p.id].f1 - s_scores[p.id].f1, name, p, t_scores[p.id].f1, s_scores[p.id].f1)
                 for p in chosen if p.id in t_scores]
    gaps.sort(key=lambda g: g[0], reverse=True)
    worst = []
    for _, name, page, tf1, sf1 in gaps[:top]:
        pages, (traf, story, *_) = datasets[name]
        worst.append({"dataset": name, "id": page.id, "url": page.url, "page_type": page.page_type,
                      "trafilatura_f1": round(tf1, 3), "storyfuse_f1": round(sf1, 3),
                      **diagnose_page(page, traf, story, removals[name][page.id])})
    return {"totals": totals, "worst": worst}


def print_diagnosis(diag: dict, lines: int = 3) -> None:
    print("\n## Storyfuse removals of gold text (all scored pages)\n")
    for name, total in diag["totals"].items():
        print(f"- {name}: {total['rejected']}/{total['pages']} pages rejected; gold tokens removed "
              f"by reason: {total['gold_tokens_removed_by_reason']}")
    print("\n## Pages where storyfuse F1 trails trafilatura most\n")
    for item in diag["worst"]:
        print(f"- {item['dataset']} {item['id'][:16]} ({item['page_type'] or 'article'}) "
              f"trafilatura {item['trafilatura_f1']:.3f} vs storyfuse {item['storyfuse_f1']:.3f}"
              f"{' [REJECTED: ' + item['rejected'] + ']' if item['rejected'] else ''}  {item['url']}")
        print(f"  removed-but-in-gold reasons: {item['reasons']}")
        for text, reason in item["removed_in_gold"][:lines]:
            print(f"    removed ({reason}): {excerpt(text)}")
        lost = Counter(why for _, why in item["dropped"])
        print(f"  dropped lines (trafilatura+gold, not storyfuse): {len(item['dropped'])} {dict(lost)}")
        for text, why in item["dropped"][:lines]:
            print(f"    dropped [{why}]: {excerpt(text)}")
        for text in item["extra"][:lines]:
            print(f"    extra: {excerpt(text)}")


# --- output ---------------------------------------------------------------------------------


def markdown(rows: Sequence[dict]) -> str:
    head = ("| dataset | system | pages | precision | recall | F1 | ms/page |\n"
            "|---|---|---:|---:|---:|---:|---:|")
    body = [f"| {r['dataset']} | {r['system']} | {r['pages']} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['f1']:.3f} | {r['ms_per_page']:.1f} |" for r in rows]
    return "\n".join([head, *body])


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding data/")
    parser.add_argument("--limit", type=int, default=None, help="first N pages (sorted ids) per dataset")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    parser.add_argument("--variants", action="store_true",
                        help="also run storyfuse with favor_recall flipped")
    parser.add_argument("--no-favor-recall", action="store_true", help="storyfuse: favor_recall=False")
    parser.add_argument("--include-comments", action="store_true", help="storyfuse: include_comments=True")
    parser.add_argument("--no-tables", action="store_true", help="storyfuse: include_tables=False")
    parser.add_argument("--diagnose", type=int, default=0, metavar="N",
                        help="list the N pages where storyfuse F1 trails trafilatura most")
    parser.add_argument("--diagnose-articles", action="store_true",
                        help="rank only article pages (AEB, WCXB page_type=article) for --diagnose")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    check_data(args.shared)
    html = HtmlConfig(favor_recall=not args.no_favor_recall, include_comments=args.include_comments,
                      include_tables=not args.no_tables)
    configs = [html, flipped_recall(html)] if args.variants else [html]
    loaders = {"AEB": (load_aeb, args.shared / AEB_DIR), "WCXB test": (load_wcxb, args.shared / WCXB_DIR)}
    rows: list[dict] = []
    datasets: dict[str, tuple[list[Page], list[SystemRun]]] = {}
    for name, (load, root) in loaders.items():
        pages = load(root, args.limit)
        runs = [run_trafilatura(pages)] + [run_storyfuse(pages, c, storyfuse_name(c)) for c in configs]
        rows += dataset_rows(name, pages, runs)
        datasets[name] = (pages, runs)
        print(f"{name}: {len(pages)} pages done", file=sys.stderr)
    print(markdown(rows))
    diag = diagnosis(datasets, args.diagnose, html, args.diagnose_articles) if args.diagnose else {}
    if diag:
        print_diagnosis(diag)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"trafilatura_version": trafilatura.__version__, "limit": args.limit,
                  "rows": rows, "diagnosis": diag}
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
