"""Hostile input beside a good file: no traceback, no abort, a named message for each bad
file, the good file always in the output, each run bounded (``hostile.build`` lists the cases)."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyfuse.cli.commands import run
from tests.cli.hostile import GOOD_TEXT, Case, build

# Seconds any one command may take on the whole corpus (about 10 s here); a hang fails the test.
BOUND_S = 180


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, build(folder)


@pytest.fixture
def bounded() -> Iterator[None]:
    def hung(*_: object) -> None:
        raise TimeoutError(f"a command ran past {BOUND_S} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(BOUND_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _lines(err: str, prefix: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(prefix) and f"/{name}" in line]


@pytest.mark.parametrize("command", ["clean", "analyze", "digest"])
def test_every_bad_file_is_named_and_the_good_one_kept(command: str, corpus: tuple[Path, list[Case]], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str], bounded: None) -> None:
    folder, cases = corpus
    out = tmp_path / "out.json"
    assert run([command, str(folder), "--format", "json", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    for case in cases:
        rejected = _lines(err, "storyfuse: rejected ", case.name)
        warned = _lines(err, "storyfuse: warning: ", case.name)
        if case.kind == "ok":
            assert not rejected and not warned, case.name
            continue
        found = rejected if case.kind == "rejected" else warned
        assert any(case.expect and case.expect in line for line in found), (case.name, found)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    documents = data["documents"] if command != "analyze" or "documents" in data else data[0]["documents"]
    ids = {d["id"] for d in documents}
    assert {"good", "lone", "deep", "rtl-emoji", "utf16", "page", "flat"} <= ids
    assert "{'x': 1}" not in text and "['a']" not in text  # no Python reprs of metadata
    rejected_paths = [r["path"] for r in data["rejected"]] if "rejected" in data else []
    assert all("good.txt" not in path for path in rejected_paths)


def test_the_renamed_ids_and_the_replaced_surrogate(corpus: tuple[Path, list[Case]], tmp_path: Path,
                                                    bounded: None) -> None:
    folder, _ = corpus
    out = tmp_path / "out.json"
    assert run(["clean", str(folder), "-f", "json", "-o", str(out), "-q"]) == 0
    documents = {d["id"]: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert "twin" in documents and "twin~2" in documents
    assert "good" in documents and "good~2" in documents and documents["good"]["path"].endswith("good.txt")
    assert "\ufffd" in documents["lone"]["text"]
    assert [n["message"] for n in json.loads(out.read_text(encoding="utf-8"))["notices"]]
    flat = documents["flat"]
    assert len(flat["text"]) <= 200_000 and flat["removed"][-1]["reason"].startswith("beyond the per-article limit")
    assert len(flat["text"]) + len(flat["removed"][-1]["text"]) >= len((folder / "flat.txt").read_text()) - 2


def test_a_file_named_twice_or_inside_a_folder_given_is_read_once(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "out.json"
    good = str(tmp_path / "good.txt")
    assert run(["clean", good, good, str(tmp_path), "-f", "json", "-o", str(out)]) == 0
    assert [d["id"] for d in json.loads(out.read_text(encoding="utf-8"))["documents"]] == ["good"]
    assert run(["digest", good, str(tmp_path), "-o", str(tmp_path / "brief.md")]) == 0
    assert "duplicate" not in capsys.readouterr().err


def test_an_unreadable_subfolder_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_walk = os.walk

    def walk(top: str, onerror=None, **kwargs):  # type: ignore[no-untyped-def]
        # As root (CI) permissions are not enforced: the denial is simulated where os.walk meets it.
        for root, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if root.endswith("locked") and onerror is not None:
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    assert run(["clean", str(tmp_path), "-o", str(tmp_path / "out.md")]) == 0
    err = capsys.readouterr().err
    assert f"storyfuse: rejected {tmp_path / 'locked'}: cannot read folder: Permission denied" in err


def test_an_unreadable_file_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(GOOD_TEXT, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root ignores file modes: the denial is simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert run(["clean", str(tmp_path), "-f", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert f"storyfuse: rejected {tmp_path / 'locked.txt'}: cannot read: Permission denied" in capsys.readouterr().err
    assert [d["id"] for d in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["documents"]] == ["good"]
