"""Splitting a scrape into lines with their layout: blocks, glued neighbours, hard wraps."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERMINAL = re.compile(r"""[.!?…:;。！？]["'”’»)\]」』]*$|["'”’»」』]$""")
# Chinese, Japanese and Korean (Hangul) characters, Thai: scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# A hard-wrapped block: every line but the last fills most of a fixed width.
_WRAP_MIN_CHARS, _WRAP_MAX_CHARS, _WRAP_MIN_LINES = 40, 100, 3


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line of the input, with the layout facts the classifier needs."""

    index: int
    text: str
    block: int
    glued_prev: bool
    glued_next: bool

    @property
    def words(self) -> int:
        """Word count; scripts written without spaces count two characters as a word."""
        return max(len(self.text.split()), len(_UNSPACED.findall(self.text)) // 2)

    @property
    def sentence_shaped(self) -> bool:
        """Ends the way a sentence ends (full stop, question mark, closing quote...)."""
        return bool(_TERMINAL.search(self.text))


def normalise(text: str) -> str:
    """Unicode NFC, one kind of newline, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, grouped into blocks separated by blank lines; hard wraps undone."""
    blocks = [_unwrap(block.split("\n")) for block in re.split(r"\n\s*\n", normalise(text))]
    lines: list[Line] = []
    for block_no, block in enumerate(b for b in blocks if b):
        for pos, content in enumerate(block):
            lines.append(Line(len(lines), content, block_no, pos > 0, pos < len(block) - 1))
    return lines


def _unwrap(block: list[str]) -> list[str]:
    block = [line for line in block if line]
    if len(block) < _WRAP_MIN_LINES:
        return block
    body = block[:-1]
    widest = max(len(line) for line in body)
    # Hard-wrapped prose fills a fixed width (every line but the last within 25% of the
    # widest) and breaks mid-sentence, so most continuation lines start in lower case;
    # link lists and captions fail one of these.
    filled = all(_WRAP_MIN_CHARS <= len(line) <= _WRAP_MAX_CHARS and len(line) >= 0.75 * widest
                 for line in body)
    continued = sum(line[:1].islower() for line in block[1:]) >= len(body) / 2
    return [" ".join(block)] if filled and continued else block


def blank_separated(lines: list[Line]) -> bool:
    """Paragraphs separated by blank lines (so a line glued to the next one is unusual)."""
    if len(lines) < 4:
        return False
    glued = sum(line.glued_next for line in lines)
    # 0.25: the seeds' blank-separated pages glue at most a fifth of their lines
    # (captions, link lists); pages that never use blank lines glue nearly all.
    return glued / (len(lines) - 1) <= 0.25
