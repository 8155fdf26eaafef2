"""Citation accuracy of the brief against hand-labelled gold: does every cited outlet state the sentence?

The gold (``benchmarks/citation_gold/*.json``, written by hand by the storyfuse developers) lists,
for every sentence (the invented example) or every summary candidate (Multi-News clusters, read
from ``../shared`` at run time; the gold keeps only a hash of each sentence, never its text) of
every document of a story, the other documents that state it (``states``) and those that report
only its main claim (``partly``), with the sentence numbers that do. The
brief is made as ``storyfuse digest`` makes it (``Runner``, entities off), at each ``--words``
budget, and scored per summary sentence, counting independent outlets (a syndicated copy and its
original are one outlet, as the brief cites them):

* **citation precision**: cited outlets that state the sentence, over cited outlets
  (``strict``: a partial report counts as wrong; ``lenient``: as right);
* **citation recall**: outlets that state the sentence and are cited, over outlets that state it;
* both also **to other outlets** only (the sentence's own outlet is always right);
* **evidence precision**: for each citation to another outlet, is the evidence sentence the
  brief shows for it (the verified sentence, ``support``) one that states the claim;
* **false single-source flags**: sentences the brief flags as single-source that two or more
  independent outlets state.

Reproduce: ``python benchmarks/citations.py [--embeddings]`` (a few seconds).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse import Corpus, Digest, RunConfig, Runner

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "citation_gold"


@dataclass(frozen=True, slots=True)
class Claim:
    """``text``: the sentence, or for third-party text only ``text_sha1`` (its first 16 hex digits)."""

    document: str
    sentence: int
    text: str | None
    text_sha1: str | None
    states: dict[str, tuple[int, ...]]
    partly: dict[str, tuple[int, ...]]

    def matches(self, sentence: str) -> bool:
        if self.text is not None:
            return self.text == sentence
        return sentence_hash(sentence) == self.text_sha1


def sentence_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Tally:
    """Counts over a brief's summary sentences (see the module docstring)."""

    cited: int = 0
    cited_right: int = 0
    cited_partly: int = 0
    stating: int = 0
    stating_cited: int = 0
    other_cited: int = 0
    other_right: int = 0
    other_partly: int = 0
    other_stating: int = 0
    other_stating_cited: int = 0
    evidence: int = 0
    evidence_right: int = 0
    single_flags: int = 0
    false_single: int = 0
    wrong: list[str] = field(default_factory=list)


def load_gold(path: Path) -> tuple[Any, dict[tuple[str, int], Claim]]:
    """The story (a folder in the repo, or ``{"file", "cluster"}`` of a Multi-News file) and its claims."""
    data = json.loads(path.read_text(encoding="utf-8"))
    claims = {}
    for row in data["claims"]:
        claim = Claim(row["document"], row["sentence"], row.get("text"), row.get("text_sha1"),
                      {k: tuple(v) for k, v in row["states"].items()}, {k: tuple(v) for k, v in row["partly"].items()})
        claims[(claim.document, claim.sentence)] = claim
    return data["story"], claims


def load_story(runner: Runner, story: Any) -> Corpus | None:
    """The story's cleaned corpus; None when its ../shared file is absent."""
    if isinstance(story, str):
        return runner.clean([REPO / story])
    source = REPO / story["file"]
    if not source.is_file():
        return None
    articles = [a for a in runner.read([source]).articles if a.cluster == story["cluster"]]
    return runner.clean_articles(articles)


def check_alignment(digest: Digest, claims: dict[tuple[str, int], Claim], where: str) -> None:
    """The gold's sentence numbers must still point at the same sentences."""
    sentences = {doc.id: doc.sentences for doc in digest.analysis.documents}
    for (doc_id, index), claim in claims.items():
        found = sentences.get(doc_id, ())
        if index >= len(found) or not claim.matches(found[index].text):
            sys.exit(f"benchmarks/citations.py: {where}: gold does not match {doc_id} sentence {index} "
                     "(cleaning or splitting changed; relabel)")


def groups_of(digest: Digest) -> dict[str, int]:
    return {doc_id: n for n, group in enumerate(digest.analysis.independent_groups) for doc_id in group}


def score(digest: Digest, claims: dict[tuple[str, int], Claim]) -> Tally:
    tally = Tally()
    group = groups_of(digest)
    for sentence in digest.summary:
        claim = _claim(claims, sentence.origin.document, sentence.origin.sentence)
        own = group[claim.document]
        stating = {own} | {group[d] for d in claim.states}
        partly = {group[d] for d in claim.partly} - stating
        cited = {group[d] for d in sentence.citations}
        _count(tally, cited, stating, partly, own)
        for wrong in sorted(cited - stating - partly):
            tally.wrong.append(f"{claim.document}:{claim.sentence} cites group {wrong}: {sentence.origin.text[:90]}")
        _count_evidence(tally, digest, sentence.origin.document, sentence.origin.sentence,
                        [d for d in sentence.citations if group[d] != own], claim)
    _count_single_source(tally, digest, claims, group)
    return tally


def _count(tally: Tally, cited: set[int], stating: set[int], partly: set[int], own: int) -> None:
    tally.cited += len(cited)
    tally.cited_right += len(cited & stating)
    tally.cited_partly += len(cited & partly)
    tally.stating += len(stating)
    tally.stating_cited += len(stating & cited)
    others = cited - {own}
    tally.other_cited += len(others)
    tally.other_right += len(others & stating)
    tally.other_partly += len(others & partly)
    tally.other_stating += len(stating - {own})
    tally.other_stating_cited += len((stating - {own}) & cited)


def _count_evidence(tally: Tally, digest: Digest, document: str, index: int, cited: Sequence[str],
                    claim: Claim) -> None:
    """The evidence shown for each citation to another outlet: the verified sentence
    (``support``), or for a summary without one its fact's sentence in that document."""
    sentence = next(s for s in digest.summary if (s.origin.document, s.origin.sentence) == (document, index))
    fact = next((f for f in digest.analysis.facts
                 if any(r.document == document and r.sentence == index for r in f.support)), None)
    for doc_id in cited:
        shown = [e.sentence for e in sentence.support if e.document == doc_id]
        if not sentence.support:
            shown = [r.sentence for r in fact.support if r.document == doc_id] if fact else []
        tally.evidence += 1
        tally.evidence_right += bool(set(shown) & set(claim.states.get(doc_id, ())))


def _count_single_source(tally: Tally, digest: Digest, claims: dict[tuple[str, int], Claim],
                         group: dict[str, int]) -> None:
    if digest.brief is None:
        return
    for ref in digest.brief.single_source:
        claim = _claim(claims, ref.document, ref.sentence)
        tally.single_flags += 1
        if len({group[claim.document]} | {group[d] for d in claim.states}) >= 2:
            tally.false_single += 1
            tally.wrong.append(f"{claim.document}:{claim.sentence} flagged single-source: {ref.text[:90]}")


def _claim(claims: dict[tuple[str, int], Claim], document: str, sentence: int) -> Claim:
    if (document, sentence) not in claims:
        sys.exit(f"benchmarks/citations.py: the brief uses {document} sentence {sentence}, which the gold does "
                 "not label (a sentence the candidate filter used to drop?)")
    return claims[(document, sentence)]


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def row(name: str, words: int, t: Tally) -> str:
    return (f"| {name} | {words} | {ratio(t.other_right, t.other_cited)} | "
            f"{ratio(t.other_right + t.other_partly, t.other_cited)} | {ratio(t.other_stating_cited, t.other_stating)} | "
            f"{ratio(t.cited_right, t.cited)} | {ratio(t.stating_cited, t.stating)} | "
            f"{ratio(t.evidence_right, t.evidence)} | {t.false_single} of {t.single_flags} |")


def run(paths: Iterable[Path], budgets: Sequence[int], show_wrong: bool,
        embeddings: bool = False) -> list[dict[str, Any]]:
    runner = Runner(RunConfig().override(entities=False, embeddings=embeddings))
    results = []
    print("| gold | words | precision, other outlets (strict) | (lenient) | recall, other outlets | "
          "precision, all | recall, all | evidence precision | false single-source |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = {words: Tally() for words in budgets}
    for path in paths:
        story, claims = load_gold(path)
        corpus = load_story(runner, story)
        if corpus is None:
            print(f"benchmarks/citations.py: skipped {path.name}: {story['file']} not found", file=sys.stderr)
            continue
        for words in budgets:
            digest = runner.digest(corpus, config=runner.config.override(words=words))[0]
            check_alignment(digest, claims, path.name)
            tally = score(digest, claims)
            add(totals[words], tally)
            print(row(path.stem, words, tally))
            if show_wrong:
                for line in tally.wrong:
                    print(f"    wrong: {line}", file=sys.stderr)
            results.append({"gold": path.stem, "words": words, **dataclasses.asdict(tally)})
    for words, total in totals.items():
        print(row("**all**", words, total))
    return results


def add(total: Tally, tally: Tally) -> None:
    """Pool counts (micro-averages over every citation of every story)."""
    for name, value in dataclasses.asdict(tally).items():
        if isinstance(value, int):
            setattr(total, name, getattr(total, name) + value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold files (default: benchmarks/citation_gold/*.json)")
    parser.add_argument("--words", default="250,1000", help="summary budgets, comma-separated")
    parser.add_argument("--wrong", action="store_true", help="list each wrong citation on stderr")
    parser.add_argument("--json", type=Path, help="also write the counts here")
    parser.add_argument("--embeddings", action="store_true", help="verify with sentence embeddings too")
    args = parser.parse_args()
    paths = args.gold or sorted(GOLD.glob("*.json"))
    results = run(paths, [int(w) for w in args.words.split(",")], args.wrong, args.embeddings)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
