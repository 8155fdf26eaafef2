"""Extractive baselines: Lead (round-robin), LexRank and TextRank (sumy).

Each is a system function ``(documents, words) -> sentences``: it reads the cleaned, segmented
documents every system gets and returns summary sentences, at least ``words`` whitespace words
when the input has them (the harness truncates to the budget). They use storyfuse's sentence
segmentation, never sumy's or NLTK's (NLTK's punkt data is not assumed to be installed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from storyfuse.errors import MissingDependency
from storyfuse.model import Document

SystemFn = Callable[[Sequence[Document], int], Sequence[str]]

_WORD = re.compile(r"[\w']+")


def lead(documents: Sequence[Document], words: int) -> list[str]:
    """Round-robin leads: every document's 1st sentence in document order, then every 2nd, ...

    Multi-News documents are news articles whose first sentences carry the story, and taking one
    sentence per document in turn keeps every outlet represented before any gets a second.
    """
    chosen: list[str] = []
    total = 0
    depth = max((len(doc.sentences) for doc in documents), default=0)
    for index in range(depth):
        for doc in documents:
            if total >= words:
                return chosen
            if index < len(doc.sentences):
                text = doc.sentences[index].text
                chosen.append(text)
                total += len(text.split())
    return chosen


def lexrank(documents: Sequence[Document], words: int) -> list[str]:
    """sumy's LexRank over all sentences of the cluster, enough of the best to fill the budget."""
    from sumy.summarizers.lex_rank import LexRankSummarizer

    return _run_sumy(LexRankSummarizer, documents, words)


def textrank(documents: Sequence[Document], words: int) -> list[str]:
    """sumy's TextRank over all sentences of the cluster, enough of the best to fill the budget."""
    from sumy.summarizers.text_rank import TextRankSummarizer

    return _run_sumy(TextRankSummarizer, documents, words)


BASELINES: dict[str, SystemFn] = {"lead": lead, "lexrank": lexrank, "textrank": textrank}


class RegexTokenizer:
    """The tokenizer sumy's sentences ask for words; a regex, so no NLTK data is needed."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> list[str]:
        return _WORD.findall(text)

    @staticmethod
    def to_sentences(text: str) -> list[str]:  # sumy's interface; documents come pre-segmented
        from storyfuse.segment import segment

        return [s.text for s in segment(text)]


def _run_sumy(summarizer_class: Any, documents: Sequence[Document], words: int) -> list[str]:
    _require_sumy()
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer

    tokenizer = RegexTokenizer()
    paragraphs = [Paragraph([Sentence(s.text, tokenizer) for s in doc.sentences])
                  for doc in documents if doc.sentences]
    if not paragraphs:
        return []
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = _stop_words()
    # sumy hands the count callable its sentences best-rated first and returns the chosen ones in
    # document order; taking best-rated ones until the budget is met asks for exactly "enough".
    chosen = summarizer(ObjectDocumentModel(paragraphs), _fill_budget(words))
    return [str(sentence) for sentence in chosen]


def _fill_budget(words: int) -> Callable[[list[Any]], list[Any]]:
    def take(ranked: list[Any]) -> list[Any]:
        taken: list[Any] = []
        total = 0
        for info in ranked:
            if total >= words:
                break
            taken.append(info)
            total += len(str(info.sentence).split())
        return taken

    return take


@cache
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


def _require_sumy() -> None:
    try:
        import sumy  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependency("sumy", "eval") from exc
