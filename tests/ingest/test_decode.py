"""Bytes to text: BOMs, legacy encodings, binary sniffing, gunzip limits."""

from __future__ import annotations

import codecs
import gzip
import random

import pytest

from storyfuse.errors import InputError
from storyfuse.ingest.decode import decode, describe_size, gunzip, is_gzip

TEXT = "The café reopened on Tuesday. Its owner said “no” to the new rules — for now."


def _reason(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        decode(data, "in/story.txt")
    assert info.value.path == "in/story.txt"
    return info.value.reason


def test_plain_utf8() -> None:
    assert decode(TEXT.encode("utf-8"), "x") == TEXT


def test_ascii() -> None:
    assert decode(b"Council meets at noon.\n", "x") == "Council meets at noon.\n"


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_bom_is_honoured_and_removed(bom: bytes, codec: str) -> None:
    assert decode(bom + TEXT.encode(codec), "x") == TEXT


def test_bom_with_broken_utf16_is_rejected_with_position() -> None:
    # BOM + a lone high surrogate: the BOM promises UTF-16, the data breaks the promise
    reason = _reason(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")
    assert reason == "undecodable bytes for utf-16 at byte 6"


def test_cp1252_curly_quotes_and_accent() -> None:
    data = "Café owners said “no”".encode("cp1252")
    assert b"\x93" in data and b"\xe9" in data  # really cp1252, not UTF-8
    assert decode(data, "x") == "Café owners said “no”"


def test_latin1_german() -> None:
    text = "Überall grüße ich Müller"
    assert decode(text.encode("latin-1"), "x") == text


# Real Western-European text in latin-1 / cp1252 that charset-normalizer assigns to the wrong
# code page (mac_latin2, cp1250, cp775, cp1257, utf_16_be): decode() returns mojibake.
_MISDECODED = [
    ("latin-1", "Le café était fermé à midi, selon le maire."),
    ("latin-1", "The café on Main Street reopened. Its owner, José Núñez, said the façade was repaired."),
    ("cp1252", "Señora García said the año had been difficult for the pequeño town."),
    ("latin-1", "résumé"),
]


@pytest.mark.parametrize(("codec", "text"), _MISDECODED)
def test_western_european_legacy_text_decodes_correctly(codec: str, text: str) -> None:
    assert decode(text.encode(codec), "x") == text


def test_png_header_with_nul_bytes_is_binary() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert _reason(data) == "binary file, not text"


def test_many_control_bytes_without_nul_is_binary() -> None:
    data = b"Header\x01\x02\x03\x04\x05\x06\x07" * 20
    assert _reason(data) == "binary file, not text"


def test_a_stray_control_byte_in_long_text_is_tolerated() -> None:
    text = "The ferry left at dawn. " * 20 + "\x07" + "It returned at dusk."
    assert decode(text.encode("utf-8"), "x") == text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_high_bytes_are_undecodable(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(256))
    assert _reason(data) == "undecodable bytes: no text encoding fits"


def test_all_high_bytes_are_undecodable() -> None:
    assert _reason(bytes(range(0x80, 0x100)) * 4) == "undecodable bytes: no text encoding fits"


# --- gunzip --------------------------------------------------------------------------------------------

def test_is_gzip() -> None:
    assert is_gzip(gzip.compress(b"x"))
    assert not is_gzip(b"plain text")
    assert not is_gzip(b"")


def test_gunzip_round_trip() -> None:
    assert gunzip(gzip.compress(b"Harbour news."), "a.gz", 100) == b"Harbour news."


def test_gunzip_exactly_at_limit_is_allowed() -> None:
    assert gunzip(gzip.compress(b"x" * 50), "a.gz", 50) == b"x" * 50


def test_gunzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * 1_000_000)
    assert len(bomb) < 2_000
    with pytest.raises(InputError) as info:
        gunzip(bomb, "bomb.txt.gz", 10_000)
    assert info.value.path == "bomb.txt.gz"
    assert info.value.reason == "expands to more than the 0.01 MB limit"


def test_gunzip_corrupt_data() -> None:
    with pytest.raises(InputError) as info:
        gunzip(b"\x1f\x8b\x08\x00" + b"\xff" * 40, "bad.txt.gz", 1000)
    assert info.value.reason.startswith("corrupt gzip data (")


def test_gunzip_truncated_stream_is_rejected() -> None:
    full = gzip.compress(("The council met on Monday. " * 200).encode())
    with pytest.raises(InputError):
        gunzip(full[: len(full) // 2], "cut.txt.gz", 1_000_000)


def test_gunzip_multi_member_file_is_read_whole() -> None:
    data = gzip.compress(b"First part. ") + gzip.compress(b"Second part.")
    assert gunzip(data, "two.txt.gz", 1000) == b"First part. Second part."


def test_describe_size() -> None:
    assert describe_size(12_500_000) == "12.5 MB"
    assert describe_size(20_000_000) == "20 MB"
    assert describe_size(1000) == "0.001 MB"


def test_utf16_without_a_byte_order_mark_is_text() -> None:
    from storyfuse.ingest.decode import decode_text

    text = "The ferry to Zürich’s lake ran again on Thursday.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = decode_text(text.encode(encoding), "a.txt")
        assert (decoded.text, decoded.note) == (text, "UTF-16 without a byte-order mark")


def test_a_utf8_text_with_one_legacy_line_decodes_that_line_on_its_own() -> None:
    from storyfuse.ingest.decode import decode_text

    data = "Zürich’s harbour reopened.\n".encode() + "The minister’s café.\n".encode("cp1252") + b"Ende.\n"
    decoded = decode_text(data, "a.txt")
    assert decoded.text == "Zürich’s harbour reopened.\nThe minister’s café.\nEnde.\n"
    assert decoded.note and "1 line(s) not UTF-8 (line 2)" in decoded.note
    whole_cp1252 = decode_text("The minister’s café.".encode("cp1252"), "a.txt")
    assert whole_cp1252.text == "The minister’s café." and whole_cp1252.note == "not UTF-8: read as cp1252"


def test_terminal_codes_are_not_binary_and_are_taken_out() -> None:
    from storyfuse.ingest.decode import decode_text

    decoded = decode_text(b"\x1b[1mFerry news\x1b[0m\x07\nThe ferry ran again on Thursday.\n", "a.txt")
    assert decoded.text == "Ferry news\x07\nThe ferry ran again on Thursday.\n"
    assert decoded.note == "terminal escape codes removed"
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a.txt")
