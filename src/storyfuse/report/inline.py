"""Article text as the writers print it: shortened to a bound, and escaped for Markdown.

Every string an article supplies (sentences, quotes, titles, outlet names, speakers) is
untrusted and unbounded. The writers quote at most :data:`MAX_WORDS` words or
:data:`MAX_CHARS` characters of any one of them; the JSON keeps the full text. In Markdown
it can neither open an HTML tag (a Markdown renderer passes raw HTML through) nor start a
block (a heading, quote or list inside one of our list items) nor run emphasis, code or a
link across the markup around it.
"""

from __future__ import annotations

import re
from itertools import islice

# A quoted text longer than this is shortened at a word boundary, with an ellipsis. One news
# sentence seldom runs past 60 words or 400 characters (in 150 Multi-News stories, 99% of the
# sentences are within 61 words and 99.5% within 400 characters); past that it is a run-on
# scrape, a list or page furniture, and the reader has the JSON for all of it.
MAX_WORDS = 60
MAX_CHARS = 400
ELLIPSIS = "…"

_WORD = re.compile(r"\S+")
# Punctuation left dangling before the ellipsis ("the port, …") reads as a typo.
_DANGLING = ",;:–—-(\"'“‘"
# Inline Markdown that article text must not open: emphasis, code spans, links and images. An
# underscore between two letters or digits ("003_7b21") opens nothing, and stays as it is.
_INLINE = re.compile(r"([\\`*\[\]]|(?<![^\W_])_|_(?![^\W_]))")
# "&amp;" and "&#60;" would show as "&" and "<": an entity-like run gets its "&" escaped.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a block when it starts one: a heading, quote, list item, rule, fence, table
# row or setext underline; "1. " and "1) " start an ordered list ("3.5 percent" does not).
_BLOCK_MARK = re.compile(r"[#>+\-=|~]")
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")


def clip(text: str, max_words: int = MAX_WORDS, max_chars: int = MAX_CHARS) -> str:
    """``text`` itself when it is within both bounds; else its longest opening run of whole
    words that is, followed by an ellipsis (cut mid-word only when its first word is too long)."""
    if len(text) <= max_chars and _word_count(text, max_words + 1) <= max_words:
        return text
    room = max_chars - len(ELLIPSIS)
    end = 0
    for match in islice(_WORD.finditer(text), max_words):
        if match.end() > room:
            break
        end = match.end()
    head = text[:end].rstrip(_DANGLING + " ") if end else text[:room]
    return head + ELLIPSIS


def _word_count(text: str, stop: int) -> int:
    """The words of ``text``, counted up to ``stop`` (a 50,000-word text is not split whole)."""
    return sum(1 for _ in islice(_WORD.finditer(text), stop))


def md(text: str) -> str:
    """One piece of article text for a Markdown line: on one line, shown as text."""
    text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return _block_safe(_INLINE.sub(r"\\\1", text))


def md_clip(text: str) -> str:
    """A quoted piece of article text for Markdown: shortened (:func:`clip`), then escaped."""
    return md(clip(text))


def md_lines(text: str) -> str:
    """Several lines of article text (a cleaned document) for Markdown, line breaks kept."""
    return "\n".join(md(line) for line in text.split("\n"))


def code(text: str) -> str:
    """A Markdown code span of ``text`` (an id, a path) that no backtick in it can close."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _block_safe(line: str) -> str:
    """A backslash before what would make the line a block: "\\# 5", "\\> x", "1\\. x"."""
    if _BLOCK_MARK.match(line):
        return "\\" + line
    ordered = _ORDERED.match(line)
    return line if ordered is None else f"{line[: ordered.end()]}\\{line[ordered.end():]}"
