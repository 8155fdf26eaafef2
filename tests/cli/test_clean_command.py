"""`storyfuse clean` end to end: formats, output file, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyfuse.cli.commands import run


def test_markdown_to_stdout(example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["clean", str(example_dir), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Cleaned documents (5)")
    assert "## Grounded ship blocks Calderhaven harbour mouth" in out
    assert "*call to action*: Support The Coastal Ledger!" in out


def test_json_contract_to_file(example_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert run(["clean", str(example_dir), "--format", "json", "-o", str(target), "-q"]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert list(data) == ["schema_version", "documents", "rejected", "notices"]
    assert data["schema_version"] == "1"
    first = data["documents"][0]
    for key in ("id", "path", "source", "title", "published", "text", "removed", "sentences"):
        assert key in first
    assert set(first["sentences"][0]) == {"start", "end", "text"}
    assert set(data["documents"][1]["removed"][0]) == {"text", "reason"}


def test_bad_inputs_are_one_line_each_and_the_rest_goes_on(
    example_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    good = example_dir / "01_northwire.txt"
    assert run(["clean", str(tmp_path), str(good), "-f", "json"]) == 0
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 3
    assert all(line.startswith("storyfuse: rejected ") for line in errors)
    assert "Traceback" not in captured.err
    data = json.loads(captured.out)
    assert [d["id"] for d in data["documents"]] == ["01_northwire"]
    assert {Path(r["path"]).name for r in data["rejected"]} == {"picture.txt", "blank.txt", "notes.pdf"}


def test_nothing_usable_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["clean", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "empty folder" in err
    assert "nothing usable" in err


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["clean", "x", "--format", "xml"]) == 2


def test_console_script_help_and_stdin(example_dir: Path) -> None:
    command = [sys.executable, "-c", "from storyfuse.cli import main; main()"]
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, check=True)
    assert "clean" in helped.stdout
    article = json.dumps({"text": (example_dir / "01_northwire.txt").read_text(encoding="utf-8"),
                          "source": "Northwire"})
    piped = subprocess.run([*command, "clean", "-", "-f", "json", "-q"], input=article,
                           capture_output=True, text=True, check=True)
    assert json.loads(piped.stdout)["documents"][0]["source"] == "Northwire"


def test_internal_errors_are_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch,
                                                   example_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("storyfuse.pipeline.Runner.clean", boom)
    assert run(["clean", str(example_dir)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "disk on fire" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        run(["clean", str(example_dir)], debug=True)
