"""A hostile-input corpus, generated: what a user's folder of real-world files holds on the first day.

``build(folder)`` writes every case into ``folder`` and returns what each must produce: a
rejection whose reason contains ``expect``, or a warning (``storyfuse: warning: …``) that does,
or (``expect`` None) a document and no message. Every text in here is written for the tests.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

GOOD_TEXT = (
    "Ferry service resumes after storm\n\n"
    "Ferries between Tarrow and the mainland ran again on Thursday after two days of gales, the operator said.\n\n"
    "The first crossing left at 7 a.m. with 140 passengers on board, and the harbour office said all routes "
    "would run to the winter timetable from Friday.\n"
)
STORY = ("The harbour office said the ferry to Tarrow would run again on Thursday after the gales, and that "
         "140 passengers had booked the first crossing. ")


@dataclass(frozen=True, slots=True)
class Case:
    name: str  # the file (or link) written into the folder
    kind: str  # "rejected", "warning" or "ok"
    expect: str | None  # a piece of the message's reason


def _noise(seed: int, n: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + _noise(1, 2000)


def _zip() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("story.txt", GOOD_TEXT * 20)
    return out.getvalue()


def _pdf() -> bytes:
    stream = _noise(2, 3000)
    return b"%PDF-1.4\n1 0 obj\n<< /Length 3000 /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\n"


def _bomb() -> bytes:
    return gzip.compress(b"\x00" * 30_000_000, compresslevel=9)


def _records(*records: object) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode()


WRITERS: dict[str, tuple[Callable[[], bytes], str, str | None]] = {
    "empty.txt": (lambda: b"", "rejected", "empty file"),
    "whitespace.txt": (lambda: b" \n\t\n  \r\n", "rejected", "empty file"),
    "random.txt": (lambda: _noise(0, 5000), "rejected", "binary"),
    "image.txt": (_png, "rejected", "binary"),
    "archive.txt": (_zip, "rejected", "binary"),
    "document.txt": (_pdf, "rejected", "binary"),
    "bomb.txt.gz": (_bomb, "rejected", "expands to more than"),
    "corrupt.txt.gz": (lambda: b"\x1f\x8b\x08\x00garbage", "rejected", "gzip"),
    "unknown.xyz": (lambda: GOOD_TEXT.encode(), "rejected", "unknown format"),
    "nested.json": (lambda: b"[" * 100_000, "rejected", "nested too deeply"),
    "nested.jsonl": (lambda: b"[" * 100_000 + b"\n" + _records({"text": STORY * 3}), "rejected", "nested too deeply"),
    "malformed.jsonl": (lambda: b'{"text": "unfinished\n' + _records({"text": STORY * 3}), "rejected",
                        "malformed JSON"),
    "number.jsonl": (lambda: _records({"text": 12345}), "rejected", "'text' is a number, not a string"),
    "empty-cluster.jsonl": (lambda: _records({"id": "c9", "documents": []}), "rejected", "empty 'documents'"),
    "surrogate.jsonl": (lambda: b'{"id": "lone", "text": "' + (STORY * 2).encode() + b'\\ud800 end."}', "ok", None),
    "object-id.jsonl": (lambda: _records({"id": {"x": 1}, "title": ["a"], "text": STORY * 3}), "ok", None),
    "twin-ids.jsonl": (lambda: _records({"id": "twin", "text": STORY * 2}, {"id": "twin", "text": STORY * 3}),
                       "warning", "already taken"),
    "clash.jsonl": (lambda: _records({"id": "good", "text": STORY * 4}), "warning", "already taken"),
    "utf16.txt": (lambda: (GOOD_TEXT + "Zürich’s ferry too.\n").encode("utf-16-le"), "warning",
                  "UTF-16 without a byte-order mark"),
    "terminal.txt": (lambda: ("\x1b[1mFerry news\x1b[0m\x07\n\n" + STORY * 2).encode(), "warning",
                     "terminal escape codes removed"),
    "cp1252-line.txt": (lambda: ("Zürich’s harbour.\n" + STORY + "\n").encode() + "The minister’s café.\n".encode("cp1252"),
                        "warning", "not UTF-8"),
    "koi8-line.txt": (lambda: ("Zürich’s harbour.\n" + STORY + "\n").encode() + "Министр сказал.\n".encode("koi8-r"),
                      "warning", "not UTF-8"),
    "page.txt": (lambda: ("<!DOCTYPE html><html><head><title>Ferry</title></head><body><article><p>" + STORY * 3
                          + "</p></article></body></html>").encode(), "warning", "read as HTML"),
    "deep.html": (lambda: ("<html><body>" + "<div>" * 300 + "<p>" + STORY * 3 + "</p>" + "</div>" * 300
                           + "</body></html>").encode(), "ok", None),
    "flat.txt": (lambda: (STORY * 8_000).encode(), "warning", "beyond the per-article limit"),
    "scripts.txt": (lambda: (STORY + '<script>alert("x")</script> ' + STORY).encode(), "ok", None),
    "rtl-emoji.txt": (lambda: ("قالت السلطات إن العبارة ستعمل يوم الخميس. 🚢🌊\n\nהמעבורת תפעל שוב ביום חמישי. 👍\n\n"
                               + STORY).encode(), "ok", None),
}


def build(folder: Path) -> list[Case]:
    """Every case written into ``folder`` (created), plus ``good.txt``; links are made where the
    system allows them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    cases = []
    for name, (make, kind, expect) in WRITERS.items():
        (folder / name).write_bytes(make())
        cases.append(Case(name, kind, expect))
    with (folder / "huge.txt").open("wb") as handle:  # sparse: over the 20 MB limit, costs no disk
        handle.truncate(21_000_000)
    cases.append(Case("huge.txt", "rejected", "over the 20 MB limit"))
    cases += _links(folder)
    return cases


def _links(folder: Path) -> list[Case]:
    try:
        os.symlink("loop.txt", folder / "loop.txt")
        os.symlink(folder / "missing-target.txt", folder / "dangling.txt")
    except OSError:
        return []
    return [Case("loop.txt", "rejected", "symbolic link loop"), Case("dangling.txt", "rejected", "broken symbolic link")]
