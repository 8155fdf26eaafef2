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
# pysbd's time per paragraph grows faster than its length (0.4 s at 25 KB, 19 s at 200 KB), so a
# longer paragraph (text flattened from a PDF or a scrape) is segmented a window at a time: at
# 2-5 KB it costs about 6 microseconds a character, near its per-sentence floor.
WINDOW = 4000


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
        cursor = 0
        while len(paragraph) - cursor > WINDOW:
            window = paragraph[cursor:cursor + WINDOW]
            pieces = self._pieces(window)
            if len(pieces) >= 2:
                # The window's last piece may be a sentence cut short: it is segmented again,
                # with what follows it, in the next window.
                keep, advance = pieces[:-1], pieces[-1][0]
            else:
                advance = _cut(window)
                keep = _stripped(window, 0, advance)
            yield from ((offset + cursor + a, offset + cursor + b) for a, b in keep)
            cursor += advance
        yield from ((offset + cursor + a, offset + cursor + b) for a, b in self._pieces(paragraph[cursor:]))

    def _pieces(self, paragraph: str) -> list[tuple[int, int]]:
        """The sentences of one paragraph (or window), as offsets into it."""
        if not paragraph.strip():
            return []
        if not _INNER_END.search(paragraph):
            # No sentence ending before the last word: one sentence, and no need to ask pysbd,
            # which costs about a millisecond per paragraph (half of all paragraphs in news).
            return _stripped(paragraph, 0, len(paragraph))
        found_spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in self._pysbd.segment(paragraph):
            piece = piece.strip()
            if not piece:
                continue
            found = paragraph.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep the rest of the paragraph whole
                break
            found_spans.append((found, found + len(piece)))
            cursor = found + len(piece)
        return found_spans + _stripped(paragraph, cursor, len(paragraph))


def _stripped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` without its outer whitespace, as a span; none when it is blank."""
    piece = text[start:end]
    if not piece.strip():
        return []
    return [(start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip())))]


def _cut(window: str) -> int:
    """Where to end a window in which no sentence ends: after its last space in the second
    half, else (one unbroken run of characters) at its end."""
    space = window.rfind(" ", WINDOW // 2)
    return space + 1 if space > 0 else len(window)


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
