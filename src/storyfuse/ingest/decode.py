"""Bytes to text: decompression, binary sniffing and encoding detection.

Pure functions; they raise :class:`InputError` with a one-line reason instead of
returning ``None`` or guessing garbage.
"""

from __future__ import annotations

import codecs
import zlib

from charset_normalizer import from_bytes

from storyfuse.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes other than tab/newline/carriage return/form feed; text never has many.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Share of control bytes above which a BOM-less input is treated as binary.
# 1% tolerates the odd stray control byte in a real scrape; binaries sit far above it.
_MAX_CONTROL_SHARE = 0.01
_TYPOGRAPHY = frozenset("“”‘’„–—…«»°£€¢¥§©®™·•×÷±¼½¾¹²³ ¡¿")
# charset-normalizer's "chaos" (0 = clean text, 1 = noise); above this no encoding fits.
_MAX_CHAOS = 0.3


def gunzip(data: bytes, path: str, max_bytes: int) -> bytes:
    """Decompress gzip data (every member), refusing to expand past ``max_bytes``."""
    out = bytearray()
    while data:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decompressor.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise InputError(path, f"corrupt gzip data ({exc})") from None
        if len(out) > max_bytes or decompressor.unconsumed_tail:
            raise InputError(path, f"expands to more than the {describe_size(max_bytes)} limit")
        if not decompressor.eof:
            raise InputError(path, "truncated gzip data")
        data = decompressor.unused_data.lstrip(b"\x00")  # members may be padded with zeros
    return bytes(out)


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def decode(data: bytes, path: str) -> str:
    """Decode bytes of unknown encoding; raise InputError for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, encoding, path)
    if _looks_binary(data):
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _plausible_cp1252(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise InputError(path, "undecodable bytes: no text encoding fits")
    return str(best)


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
