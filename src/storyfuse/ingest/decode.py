"""Bytes to text: decompression, binary sniffing and encoding detection.

Pure functions; they raise :class:`InputError` with a one-line reason instead of
returning ``None`` or guessing garbage.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

from storyfuse.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Terminal colour and cursor codes (ESC [ ... letter): text copied from a terminal, not binary.
_ANSI_ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
_ANSI_TEXT = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Control bytes other than tab/newline/carriage return/form feed; text never has many.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Share of control bytes above which a BOM-less input is treated as binary. Random bytes have
# about 11%, and images, archives and PDFs also carry NUL bytes (checked first); 5% tolerates
# the stray bell, backspace or form feed of text copied from a terminal or an old system.
_MAX_CONTROL_SHARE = 0.05
_TYPOGRAPHY = frozenset("“”‘’„–—…«»°£€¢¥§©®™·•×÷±¼½¾¹²³ ¡¿")
# charset-normalizer's "chaos" (0 = clean text, 1 = noise); above this no encoding fits.
_MAX_CHAOS = 0.3


def gunzip(data: bytes, path: str, max_bytes: int) -> bytes:
    """Decompress gzip data (every member), refusing to expand past ``max_bytes``."""
    out, problem = expand(data, max_bytes)
    if problem:
        raise InputError(path, problem)
    return out


def expand(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    """Gzip members decompressed one after another (data that is not gzip as it is), with
    what stopped it early: a damaged or truncated member, or the ``max_bytes`` limit."""
    if not is_gzip(data):
        return data, None
    out = bytearray()
    while data:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decompressor.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            return bytes(out), f"corrupt gzip data ({exc})"
        if len(out) > max_bytes or decompressor.unconsumed_tail:
            return bytes(out[:max_bytes]), f"expands to more than the {describe_size(max_bytes)} limit"
        if not decompressor.eof:
            return bytes(out), "truncated gzip data"
        data = decompressor.unused_data.lstrip(b"\x00")  # members may be padded with zeros
    return bytes(out), None


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and, when it was not plain UTF-8, a one-line note saying how it was read."""

    text: str
    note: str | None = None


def decode(data: bytes, path: str) -> str:
    """Decode bytes of unknown encoding; raise InputError for binary or undecodable data."""
    return decode_text(data, path).text


def decode_text(data: bytes, path: str) -> Decoded:
    """:func:`decode`, with a note when the text was not UTF-8 throughout; terminal escape
    codes are taken out."""
    decoded = _decode_any(data, path)
    text = _ANSI_TEXT.sub("", decoded.text)
    if len(text) == len(decoded.text):
        return decoded
    return Decoded(text, "; ".join(filter(None, (decoded.note, "terminal escape codes removed"))))


def _decode_any(data: bytes, path: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_with(data, encoding, path))
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return Decoded(utf16, "UTF-16 without a byte-order mark")
    if _looks_binary(_ANSI_ESCAPE.sub(b"", data[:65536])):
        raise InputError(path, "binary file, not text")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed
    western = _plausible_cp1252(data)
    if western is not None:
        return Decoded(western, "not UTF-8: read as cp1252")
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise InputError(path, "undecodable bytes: no text encoding fits")
    return Decoded(str(best), f"not UTF-8: read as {best.encoding}")


def _mixed_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 text with a few lines in a legacy code page (pasted from an older page): those
    lines decoded on their own, the rest as UTF-8; None when the text is not UTF-8 at all
    (no line has a multi-byte UTF-8 character)."""
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    if not any(text is not None and not text.isascii() for text in decoded):
        return None
    bad = [n for n, text in enumerate(decoded, 1) if text is None]
    fixed = [text if text is not None else _legacy_line(line) for text, line in zip(decoded, lines, strict=True)]
    shown = ", ".join(str(n) for n in bad[:5]) + (" …" if len(bad) > 5 else "")
    return Decoded("\n".join(fixed), f"{len(bad)} line(s) not UTF-8 (line {shown}): read each in its own encoding")


def _legacy_line(line: bytes) -> str:
    western = _plausible_cp1252(line)
    if western is not None:
        return western
    best = from_bytes(line).best()
    return str(best) if best is not None and best.chaos <= _MAX_CHAOS else line.decode("utf-8", "replace")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: every other byte is zero in ASCII-heavy
    text (English news); read in the byte order whose zeros those are."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    encoding = "utf-16-le" if odd > 0.6 * half and even < 0.05 * half else \
        "utf-16-be" if even > 0.6 * half and odd < 0.05 * half else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text[:2000])
    return text if printable >= 0.95 * min(len(text), 2000) else None


def _decode_with(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"undecodable bytes for {encoding} at byte {exc.start}") from None


def _plausible_cp1252(data: bytes) -> str | None:
    """cp1252 (a superset of latin-1's printable range) when it yields ordinary text.

    Statistical detectors often mistake short Western European text for a Central European
    or Mac code page; English-language news that is not UTF-8 is nearly always cp1252.
    Accepted only when most characters are ASCII and every other one is a letter or
    common typographic punctuation.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    others = [ch for ch in text if ord(ch) > 127]
    if len(others) > len(text) / 2:
        return None
    return text if all(ch.isalpha() or ch in _TYPOGRAPHY for ch in others) else None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def describe_size(n: int) -> str:
    """Human size for messages, e.g. ``12.5 MB``."""
    return f"{n / 1_000_000:g} MB"
