"""`--workers N`: the same output as one worker, through the process-pool executor."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.cli.commands import run


@pytest.mark.slow
def test_digest_with_two_workers_writes_the_serial_brief(example_dir: Path, tmp_path: Path) -> None:
    serial, pooled = tmp_path / "serial.json", tmp_path / "pooled.json"
    assert run(["digest", str(example_dir), "-f", "json", "-o", str(serial), "-q"]) == 0
    assert run(["digest", str(example_dir), "-f", "json", "-o", str(pooled), "-q", "--workers", "2"]) == 0
    assert pooled.read_text(encoding="utf-8") == serial.read_text(encoding="utf-8")
