"""Sentence segmentation with character offsets into the cleaned text.

pysbd (rule-based, handles abbreviations such as "U.S.", "Mr." and "Gen.", decimals and
quotations) splits each paragraph; offsets are then found in the paragraph itself, so
``text[start:end] == sentence`` holds by construction. Paragraphs never share a sentence,
so a headline-like line stays a sentence of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

import pysbd

from storyfuse.model import Document, Sentence

Joins = tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
_PARAGRAPH = re.compile(r"[^\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A possible sentence end with more text after it; without one a paragraph is one sentence.
_INNER_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s+\S")
# A fragment that is only closing punctuation belongs to the sentence before it.
_CLOSING_ONLY = re.compile(r"""^["'”’»)\]]+$""")


class Segmenter:
    """Splits text into sentences; one instance can be reused for many texts."""

    def __init__(self, language: str = "en", joins: Joins | None = None) -> None:
        """``joins``: where a split is wrong (see ``DateRules.sentence_joins``); by default those
        of the profile whose segmenter code is ``language``, if there is one."""
        self._pysbd = pysbd.Segmenter(language=language, clean=False)
        self._joins = _profile_joins(language) if joins is None else joins

    def sentences(self, text: str) -> tuple[Sentence, ...]:
        spans: list[tuple[int, int]] = []
        for paragraph in _PARAGRAPH.finditer(text):
            pieces = _merge_closing(text, self._spans(paragraph.group(), paragraph.start()))
            spans += _merge_joins(text, pieces, self._joins)
        return tuple(Sentence(start, end, text[start:end]) for start, end in spans)

    def _spans(self, paragraph: str, offset: int) -> Iterator[tuple[int, int]]:
        # pysbd chokes on ASCII control characters; blanking them keeps every offset valid.
        paragraph = _CONTROL.sub(" ", paragraph)
        if not paragraph.strip():
            return
        if not _INNER_END.search(paragraph):
            # No sentence ending before the last word: one sentence, and no need to ask pysbd,
            # which costs about a millisecond per paragraph (half of all paragraphs in news).
            start = len(paragraph) - len(paragraph.lstrip())
            yield offset + start, offset + len(paragraph.rstrip())
            return
        cursor = 0
        for piece in self._pysbd.segment(paragraph):
            piece = piece.strip()
            if not piece:
                continue
            found = paragraph.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep the rest of the paragraph whole
                break
            yield offset + found, offset + found + len(piece)
            cursor = found + len(piece)
        rest = paragraph[cursor:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            yield offset + cursor + lead, offset + len(paragraph.rstrip())


def _profile_joins(code: str) -> Joins:
    from storyfuse.lang import available, get_language

    return next((get_language(c).dates.sentence_joins for c in available()
                 if get_language(c).segmenter == code), ())


def _merge_joins(text: str, spans: list[tuple[int, int]], joins: Joins) -> list[tuple[int, int]]:
    """Adjacent pieces joined where a rule says the split between them was wrong."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and any(a.search(text[merged[-1][0]:merged[-1][1]]) and b.match(text[start:end])
                          for a, b in joins):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _merge_closing(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _CLOSING_ONLY.match(text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def segment(text: str, segmenter: Segmenter | None = None) -> tuple[Sentence, ...]:
    """The sentences of ``text`` with their offsets."""
    return (segmenter or Segmenter()).sentences(text)


def segment_documents(documents: Iterable[Document], segmenter: Segmenter | None = None) -> tuple[Document, ...]:
    """Documents with their ``sentences`` filled in."""
    segmenter = segmenter or Segmenter()
    return tuple(dataclasses.replace(doc, sentences=segmenter.sentences(doc.text)) for doc in documents)
