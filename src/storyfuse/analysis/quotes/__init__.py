"""Quotations: who said what, and every outlet's wording of it.

Map: :func:`find_quotes` reads one document and returns its quotes — marked spans (straight
``"…"``, curly ``“…”``, guillemets, and curly single ``‘…’`` outside other quotes), each
with the speaker its attribution names ("…," Rasmussen said / said Rasmussen / Rasmussen
said: "…" / "…," he said / "…," the Danish NATO chief said), plus *reported* candidates:
unmarked clauses followed by ", <speaker> said/told/…" (a wire that prints quotes without
marks). Reduce (:mod:`.grouping`): :func:`group_quotes` puts the same quote from several outlets into one
:class:`~storyfuse.model.Quote` by word overlap, keeping each outlet's wording; a reported
candidate joins only a quote some outlet marked, otherwise it is ordinary reported speech.

Speaker phrases are resolved in :mod:`storyfuse.analysis.quotes.speakers` (no NER, no spaCy).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from storyfuse.analysis.quotes.config import FoundQuote, QuoteConfig
from storyfuse.analysis.quotes.grouping import group_quotes, majority_speaker, similarity, tokens
from storyfuse.analysis.quotes.speakers import (
    Cast,
    attribution_after,
    attribution_before,
    find_people,
    merge_people,
    person_mentions,
    reported_tail,
    resolve,
    words,
)
from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import QuoteRules
from storyfuse.model import Document, Quote, Sentence
from storyfuse.segment import segment


def find_quotes(
    document: Document,
    people: Mapping[str, str] | None = None,
    config: QuoteConfig = QuoteConfig(),
    *,
    lang: Language | None = None,
) -> tuple[FoundQuote, ...]:
    """The quotes of one document, in text order, reported candidates included; words and
    attribution patterns are ``lang``'s (default: English)."""
    rules = (lang or get_language()).quotes
    cast = Cast(find_people(document.text, rules), (), dict(people or {}))
    return _Finder(document, cast, config, rules).run()


def quotes(
    documents: Sequence[Document],
    people: Mapping[str, str] | None = None,
    config: QuoteConfig = QuoteConfig(),
    *,
    lang: Language | None = None,
) -> tuple[Quote, ...]:
    """Find the quotes of every document, then group them across documents.

    Names are also resolved across the cluster: a surname or description one document
    leaves open ("Ms Marrow", "the harbour master") resolves to the person another
    document names in full.
    """
    rules = (lang or get_language()).quotes
    own = {doc.id: find_people(doc.text, rules) for doc in documents}
    wider = merge_people(own[doc_id] for doc_id in sorted(own))
    mapping = dict(people or {})
    found = (
        q for doc in documents for q in _Finder(doc, Cast(own[doc.id], wider, mapping), config, rules).run()
    )
    return group_quotes(found, config, lang=lang)


# --- finding marked spans -----------------------------------------------------------------

_MARK = re.compile(r"[\"“”«»]")
_OPENERS, _CLOSERS = "“«", "”»"
# A curly single quote counts only where it cannot be an apostrophe: ‘ opens before a word
# character after a non-word one, ’ closes before a non-word character.
_SINGLE = re.compile(r"(?<![\w’'])‘(?=\w)([^‘’]*?(?:’\w[^‘’]*?)*)’(?!\w)")


@dataclass(frozen=True, slots=True)
class _Span:
    """A marked quote: the offsets of its text inside the marks, one pair per paragraph."""

    parts: tuple[tuple[int, int], ...]
    closed: bool

    @property
    def start(self) -> int:
        return self.parts[0][0] - 1

    @property
    def end(self) -> int:
        return self.parts[-1][1] + (1 if self.closed else 0)

    def text(self, source: str) -> str:
        return " ".join(source[a:b].strip().rstrip(",").strip() for a, b in self.parts)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _paragraph_spans(text: str, start: int, end: int) -> list[_Span]:
    """Double-quoted spans in a paragraph; the last may run to the paragraph end unclosed."""
    spans: list[_Span] = []
    opened: int | None = None
    for mark in _MARK.finditer(text, start, end):
        char, at = mark.group(), mark.start()
        if opened is None and char not in _CLOSERS:
            opened = at
        elif opened is not None and char not in _OPENERS and not _nested(text, opened, at, end):
            spans.append(_Span(((opened + 1, at),), True))
            opened = None
    if opened is not None:
        spans.append(_Span(((opened + 1, end),), False))
    return spans + _single_spans(text, start, end, spans)


def _nested(text: str, opened: int, at: int, end: int) -> bool:
    """A straight mark inside a curly quote that closes later is a quote within the quote."""
    return text[at] == '"' and text[opened] in _OPENERS and any(c in text[at:end] for c in _CLOSERS)


def _single_spans(text: str, start: int, end: int, doubles: list[_Span]) -> list[_Span]:
    found = []
    for match in _SINGLE.finditer(text, start, end):
        if not any(s.start <= match.start() < s.end for s in doubles):
            found.append(_Span(((match.start(1), match.end(1)),), True))
    return found


def _spans(text: str) -> list[_Span]:
    """All marked spans, a quote left open at a paragraph end joined to the next paragraph's
    first quote when that paragraph opens with a mark (news style for a long quote)."""
    spans: list[_Span] = []
    for start, end in _paragraphs(text):
        current = sorted(_paragraph_spans(text, start, end), key=lambda s: s.start)
        if spans and not spans[-1].closed and current and not text[start : current[0].start].strip():
            spans[-1] = _Span(spans[-1].parts + current[0].parts, current[0].closed)
            current = current[1:]
        spans.extend(current)
    return spans


def _is_title(text: str) -> bool:
    """A marked name ("Russia in Global Affairs"): every longer word capitalised."""
    long = [w for w in words(text) if len(w) > 3]
    return bool(long) and all(w[0].isupper() for w in long)


_QUOTE_CHARS = re.compile(r"[\"“”«»‘]")


# --- walking a document ---------------------------------------------------------------------


class _Finder:
    """One pass over a document's sentences, keeping track of who the text is about."""

    def __init__(self, document: Document, cast: Cast, config: QuoteConfig, rules: QuoteRules) -> None:
        self.doc, self.cast, self.config, self.rules = document, cast, config, rules
        self.text = document.text
        self.sentences: tuple[Sentence, ...] = document.sentences or segment(document.text)
        self.starts = [s.start for s in self.sentences]
        self.paragraph_starts = [start for start, _ in _paragraphs(self.text)]
        self.spans = _spans(self.text)
        self.names = cast.names
        self.focus: str | None = None  # the person the text is currently about
        self.last: tuple[int, str | None, bool] | None = None  # (paragraph, speaker, marked)

    def run(self) -> tuple[FoundQuote, ...]:
        found: list[FoundQuote] = []
        for index, sentence in enumerate(self.sentences):
            here = [s for s in self.spans if self._sentence_of(s.start) == index]
            new = [q for s in here if (q := self._direct(s, index))] or self._reported(index, sentence)
            found += new
            self._refocus(sentence, [q.speaker for q in new])
        return tuple(found)

    def _sentence_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def _paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def _direct(self, span: _Span, index: int) -> FoundQuote | None:
        text = span.text(self.text)
        if len(words(text)) < self.config.min_words or _is_title(text):
            return None
        speaker = self._speaker(span)
        self.last = (self._paragraph_of(span.end - 1), speaker, True)
        return FoundQuote(self.doc.id, index, text, speaker, False)

    def _speaker(self, span: _Span) -> str | None:
        rules = self.rules
        after = attribution_after(self._after_window(span), rules) if span.closed else None
        before = self._before_window(span)
        # A name before the quote beats a pronoun after it: `Vey said: "…" … "…," he added.`
        phrase = after
        if not phrase or rules.pronoun.fullmatch(phrase):
            phrase = attribution_before(before, rules) or after
        if phrase:
            return resolve(phrase, self.cast, self.focus, rules)
        if rules.speech_word.search(before):  # "…, saying his "…"": the subject is the focus
            return self.focus
        return self._context(self._paragraph_of(span.start))

    def _context(self, paragraph: int) -> str | None:
        """An unattributed quote continues the last attributed speech: one in the same
        paragraph, or a marked quote in the paragraph just before."""
        if self.last is None:
            return None
        where, speaker, marked = self.last
        return speaker if where == paragraph or (marked and where == paragraph - 1) else None

    def _after_window(self, span: _Span) -> str:
        close = span.end
        sentence = self.sentences[self._sentence_of(close - 1)]
        paragraph_end = self.text.find("\n", close)
        limit = min(sentence.end, paragraph_end if paragraph_end >= 0 else len(self.text))
        later = [s.start for s in self.spans if s.start >= close]
        return self.text[close : min([limit, *later])]

    def _before_window(self, span: _Span) -> str:
        start = self.sentences[self._sentence_of(span.start)].start
        pieces, cursor = [], start
        for other in self.spans:
            if other.start < span.start and other.end > start:
                pieces.append(self.text[cursor : max(cursor, other.start)])
                pieces.append('"…"')
                cursor = max(cursor, other.end)
        return "".join(pieces) + self.text[cursor : span.start]

    def _reported(self, index: int, sentence: Sentence) -> list[FoundQuote]:
        if self._marked(sentence):
            return []
        tail = reported_tail(sentence.text, self.config.max_tail_words, self.rules)
        if tail is None:
            return []
        first = self._extend(index)
        clause = self.text[self.sentences[first].start : sentence.start + tail[0]].strip()
        if len(words(clause)) < self.config.min_words or not clause[:1].isupper():
            return []
        speaker = resolve(tail[1], self.cast, self.focus, self.rules)
        self.last = (self._paragraph_of(sentence.start), speaker, False)
        return [FoundQuote(self.doc.id, first, clause, speaker, True)]

    def _marked(self, sentence: Sentence) -> bool:
        inside = any(s.start < sentence.end and s.end > sentence.start for s in self.spans)
        return inside or bool(_QUOTE_CHARS.search(sentence.text))

    def _extend(self, index: int) -> int:
        """Reported quotes run from the paragraph start (the wire's "I suggested a helicopter
        package. I think …, he said."), over sentences with no attribution of their own."""
        paragraph, first = self._paragraph_of(self.sentences[index].start), index
        while first > 0:
            previous = self.sentences[first - 1]
            if self._paragraph_of(previous.start) != paragraph or self._marked(previous):
                break
            if self.rules.speech_word.search(previous.text):
                break
            first -= 1
        return first

    def _refocus(self, sentence: Sentence, speakers: list[str | None]) -> None:
        """After a sentence, the text is about its speaker, else the first person it names
        outside quotes (the subject, in news style), else still about the same person."""
        named = [s for s in speakers if s and s in self.names]
        if named:
            self.focus = named[-1]
            return
        for start, end in self._unquoted(sentence):
            person = next(person_mentions(self.text, start, end, self.cast, self.names, self.rules), None)
            if person:
                self.focus = person
                return

    def _unquoted(self, sentence: Sentence) -> Iterator[tuple[int, int]]:
        cursor = sentence.start
        for span in self.spans:
            if span.end > cursor and span.start < sentence.end:
                yield cursor, max(cursor, span.start)
                cursor = max(cursor, span.end)
        yield cursor, max(cursor, sentence.end)


# --- grouping ---------------------------------------------------------------------------------


__all__ = ["FoundQuote", "QuoteConfig", "find_quotes", "group_quotes", "majority_speaker", "quotes", "similarity",
           "tokens"]
