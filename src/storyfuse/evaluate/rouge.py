"""ROUGE-1/2/Lsum F1 with Google's ``rouge-score`` package, and the shared word budget.

Every system is cut to the same budget of whitespace words before scoring, so a longer summary
cannot buy recall. ROUGE-Lsum needs sentence boundaries, which ``rouge-score`` takes from "\\n":
summaries and references are therefore passed as one sentence per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from storyfuse.errors import MissingDependency
from storyfuse.segment import Segmenter

METRICS = ("rouge1", "rouge2", "rougeLsum")
# Newser references in Multi-News open with an en or em dash ("– The ..."): not summary text.
_LEADING_DASHES = ("– ", "— ")


@dataclass(frozen=True, slots=True)
class Rouge:
    """F1 in [0, 1] for ROUGE-1, ROUGE-2 and ROUGE-Lsum."""

    rouge1: float = 0.0
    rouge2: float = 0.0
    rougeLsum: float = 0.0


def one_line(text: str) -> str:
    """Collapse all whitespace: a sentence must not carry its own "\\n" into Lsum."""
    return " ".join(text.split())


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The first ``words`` whitespace words, keeping sentence boundaries (the last one may be cut)."""
    kept: list[str] = []
    left = words
    for sentence in sentences:
        tokens = sentence.split()
        if not tokens:
            continue
        if left <= 0:
            break
        kept.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return kept


def split_sentences(text: str) -> list[str]:
    """Sentences of a free-text summary (a reference or a peer's output), one line each.

    Lines are split first, so a summary already written one sentence per line keeps its boundaries.
    """
    segmenter = _segmenter()
    return [one_line(s.text) for line in text.split("\n") for s in segmenter.sentences(line)]


def prepare_reference(text: str) -> list[str]:
    """A reference summary as sentences, with the newser leading dash removed."""
    text = text.strip()
    for dash in _LEADING_DASHES:
        if text.startswith(dash):
            text = text[len(dash):]
            break
    return split_sentences(text)


def score(summary: Sequence[str], reference: Sequence[str]) -> Rouge:
    """ROUGE F1 of summary sentences against reference sentences (both already one per line)."""
    result = _scorer().score("\n".join(reference), "\n".join(one_line(s) for s in summary))
    return Rouge(*(result[metric].fmeasure for metric in METRICS))


def tokens(text: str) -> list[str]:
    """The tokens ROUGE counts in ``text``: rouge-score's tokenizer, lower case, Porter-stemmed."""
    found: list[str] = _scorer()._tokenizer.tokenize(text)
    return found


@cache
def _scorer() -> Any:  # rouge-score ships no type hints
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependency("rouge-score", "eval") from exc
    # Porter stemming as in every published Multi-News number; no nltk data is needed for it.
    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


@cache
def _segmenter() -> Segmenter:
    return Segmenter()
