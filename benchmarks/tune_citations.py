"""Choose the verifier's citation rule (threshold and agreement gates) on the citation gold, by
leave-one-story-out cross-validation.

SPARK's alignments (``train_verifier.py``) say whether a source sentence *supports part of* a
summary sentence; a citation must *state all of it*. So the model's score is learned on SPARK and
the rule that turns it into a citation is chosen here, on the storyfuse developers' own
hand-labelled gold (``benchmarks/citation_gold``): every summary-candidate sentence of nine
stories, with the other documents that state it.

Unit: (claim, other independent group) over every labelled claim (not only the ones a summary
picks): the group's best sentence by the verifier's score, after the gates, is a citation when it
reaches the threshold. Right when the group states the claim (``states``); a partial report
(``partly``) counts as wrong. Gates (a pair failing one scores 0):

* ``numbers``: every number of the claim appears in the candidate;
* ``negation``: both negated or neither;
* ``quote``: at least this share of the claim's quoted words appear in the candidate;
* ``names``: at least this share of the claim's names appear in the candidate.

Rule: the most recall among the rules with precision at least ``--precision`` (0.97) on the
training stories, else the most precise; ties go to the stricter rule (first in grid order).
Held-out rows pool each left-out story's citations under the rule chosen without it. The
shipped rule is the same choice on all stories (``--write`` puts it into weights.json).

Single-source flags: a claim is flagged when nothing of any other group comes as near as the
single-source threshold (``Verifier.cite_scores``' nearness); the threshold is the highest with
no false flag (a claim another group states or partly reports) on the training stories.

Reproduce: ``python benchmarks/tune_citations.py [--embeddings] [--write]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import citations as C  # noqa: E402

from storyfuse import RunConfig, Runner  # noqa: E402
from storyfuse.analysis.align import group_keys  # noqa: E402
from storyfuse.analysis.verify import Gates, Verifier  # noqa: E402
from storyfuse.analysis.verify.features import lexical, signals  # noqa: E402
from storyfuse.analysis.verify.support import with_speakers  # noqa: E402
from storyfuse.lang import get_language  # noqa: E402

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.991, 0.025))
GATES = tuple(Gates(numbers, negation, quote, names) for numbers, negation, quote, names in
              product((True, False), (True, False), (1.0, 0.75, 0.0), (1.0, 0.5, 0.0)))
WEIGHTS = C.REPO / "src/storyfuse/analysis/verify/weights.json"


@dataclass
class Pair:
    story: str
    scores: np.ndarray  # the group's sentences' scores
    gates: dict[str, np.ndarray]  # the signals the gates read, per sentence
    sentences: list[tuple[str, int]]
    label: int  # 1 states, 0 partly or neither
    stating: set[tuple[str, int]]
    claim: tuple[str, int]
    reports: bool  # the group states the claim or reports part of it
    nearness: np.ndarray  # Verifier.cite_scores' nearness of the group's sentences


def pairs_of(path: Path, runner: Runner, verifier: Verifier) -> list[Pair]:
    story, claims = C.load_gold(path)
    corpus = C.load_story(runner, story)
    if corpus is None:
        return []
    digest = runner.digest(corpus, config=runner.config.override(words=250))[0]
    C.check_alignment(digest, claims, path.name)
    documents = sorted(digest.analysis.documents, key=lambda d: d.id)
    group_of = group_keys([d.id for d in documents], digest.analysis.independent_groups)
    refs = [(d.id, k) for d in documents for k in range(len(d.sentences))]
    # Scored as the product scores them: a quote's sentence with its speaker (with_speakers).
    texts = with_speakers(refs, [s.text for d in documents for s in d.sentences], digest.analysis.quotes)
    position = {r: k for k, r in enumerate(refs)}
    rows = [position[key] for key in claims]
    bags = signals(texts, get_language())
    scores, nearness = verifier.cite_scores(texts, rows, prepared=bags)
    values = lexical(bags, np.asarray(rows))
    result = []
    for k, (key, claim) in enumerate(claims.items()):
        own = group_of[claim.document]
        for group in sorted(set(group_of.values()) - {own}):
            columns = [i for i, r in enumerate(refs) if group_of[r[0]] == group]
            stating = {(d, s) for d, ss in claim.states.items() if group_of[d] == group for s in ss}
            partly = any(group_of[d] == group for d in claim.partly)
            result.append(Pair(path.stem, scores[k, columns], {g: values[g][k, columns] for g in Gates.SIGNALS},
                               [refs[i] for i in columns], int(bool(stating)), stating, key,
                               bool(stating) or partly, nearness[k, columns]))
    return result


@dataclass
class Tally:
    cited: int = 0
    right: int = 0
    stating: int = 0
    evidence_right: int = 0

    def add(self, other: Tally) -> None:
        self.cited += other.cited
        self.right += other.right
        self.stating += other.stating
        self.evidence_right += other.evidence_right

    @property
    def precision(self) -> float:
        return self.right / self.cited if self.cited else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.stating if self.stating else 1.0


def tally(pairs: Sequence[Pair], gates: Gates, threshold: float) -> Tally:
    t = Tally()
    for p in pairs:
        gated = np.where(gates.passes(p.gates), p.scores, 0.0)
        best = int(np.argmax(gated)) if len(gated) else -1
        cited = best >= 0 and gated[best] >= threshold
        t.stating += p.label
        if cited:
            t.cited += 1
            t.right += p.label
            t.evidence_right += p.sentences[best] in p.stating
    return t


def choose(pairs: Sequence[Pair], floor: float) -> tuple[Gates, float, Tally]:
    rules = [(g, t, tally(pairs, g, t)) for g in GATES for t in THRESHOLDS]
    good = [r for r in rules if r[2].precision >= floor and r[2].cited]
    if good:
        return max(good, key=lambda r: (r[2].recall, -rules.index(r)))
    return max(rules, key=lambda r: (r[2].precision, -rules.index(r)))


SINGLE_THRESHOLDS = (0.0, *(round(t, 3) for t in np.arange(0.02, 0.9, 0.02)))


def single_flags(pairs: Sequence[Pair], threshold: float) -> tuple[int, int]:
    """Claims flagged single-source (nothing of another group as near as ``threshold``) and how
    many of them another group does report (states or partly)."""
    near: dict[tuple[str, str, int], bool] = {}
    reported: dict[tuple[str, str, int], bool] = {}
    for p in pairs:
        key = (p.story, *p.claim)
        near[key] = near.get(key, False) or bool(len(p.nearness) and p.nearness.max() >= threshold)
        reported[key] = reported.get(key, False) or p.reports
    flagged = [k for k, v in near.items() if not v]
    return len(flagged), sum(reported[k] for k in flagged)


def choose_single(pairs: Sequence[Pair]) -> float:
    """The highest threshold with no false flag (a claim another group reports)."""
    return max(t for t in SINGLE_THRESHOLDS if single_flags(pairs, t)[1] == 0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--precision", type=float, default=0.97)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    runner = Runner(RunConfig().override(entities=False, embeddings=args.embeddings))
    verifier = runner.resources.verifier(args.embeddings)
    verifier = Verifier(verifier.lexical, verifier.embedded, verifier.encoder, gates=Gates.none(), cite_threshold=0.0)
    by_story: dict[str, list[Pair]] = {}
    for path in sorted(C.GOLD.glob("*.json")):
        found = pairs_of(path, runner, verifier)
        if found:
            by_story[path.stem] = found
    held = Tally()
    print("| left out | rule chosen on the others | cited | precision | recall | evidence right |")
    print("|---|---|---:|---:|---:|---:|")
    for story, pairs in by_story.items():
        rest = [p for s, ps in by_story.items() if s != story for p in ps]
        gates, threshold, _ = choose(rest, args.precision)
        t = tally(pairs, gates, threshold)
        held.add(t)
        print(f"| {story} | {gates.describe()}, threshold {threshold} | {t.cited} | {t.precision:.3f} | "
              f"{t.recall:.3f} | {t.evidence_right} of {t.cited} |")
    print(f"| **held-out, pooled** | | {held.cited} | {held.precision:.3f} | {held.recall:.3f} | "
          f"{held.evidence_right} of {held.cited} |")
    print("\n| left out | single-source threshold chosen on the others | flagged | of which reported elsewhere |")
    print("|---|---:|---:|---:|")
    flagged = false = 0
    for story, pairs in by_story.items():
        rest = [p for s, ps in by_story.items() if s != story for p in ps]
        chosen = choose_single(rest)
        n, wrong = single_flags(pairs, chosen)
        flagged, false = flagged + n, false + wrong
        print(f"| {story} | {chosen} | {n} | {wrong} |")
    print(f"| **held-out, pooled** | | {flagged} | {false} |")
    everything = [p for ps in by_story.values() for p in ps]
    gates, threshold, t = choose(everything, args.precision)
    single = choose_single(everything)
    print(f"\nChosen on all stories: {gates.describe()}, threshold {threshold} "
          f"(in-sample precision {t.precision:.3f}, recall {t.recall:.3f}, {t.cited} citations); "
          f"single-source below {single} ({single_flags(everything, single)[0]} claims flagged)")
    if args.write:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        name = "embeddings" if args.embeddings else "lexical"
        data["sets"][name]["cite"]["threshold"] = threshold
        data["sets"][name]["cite"]["gates"] = gates.to_dict()
        data["sets"][name]["cite"]["single_threshold"] = single
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the {name} citation rule into {WEIGHTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
