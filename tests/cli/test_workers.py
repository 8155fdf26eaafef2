"""`--workers N`: the same output as one worker, through the process-pool executor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyfuse.cli.commands import run


@pytest.mark.slow
def test_digest_with_two_workers_writes_the_serial_brief(example_dir: Path, tmp_path: Path) -> None:
    serial, pooled = tmp_path / "serial.json", tmp_path / "pooled.json"
    assert run(["digest", str(example_dir), "-f", "json", "-o", str(serial), "-q"]) == 0
    assert run(["digest", str(example_dir), "-f", "json", "-o", str(pooled), "-q", "--workers", "2"]) == 0
    assert pooled.read_text(encoding="utf-8") == serial.read_text(encoding="utf-8")


@pytest.mark.slow
def test_standard_input_is_read_by_the_main_process_with_workers() -> None:
    page = ("<html><body><h1>Bridge closes</h1><p>The river council voted on Monday to close the old "
            "stone bridge at Marrow Lane for three weeks of repairs, officials said.</p></body></html>")
    done = subprocess.run([sys.executable, "-c", "from storyfuse.cli import main; main()", "clean", "-",
                           "--workers", "2", "-f", "json", "-q"],
                          input=page, capture_output=True, text=True, timeout=120, check=True)
    documents = json.loads(done.stdout)["documents"]
    assert [doc["title"] for doc in documents] == ["Bridge closes"]
