"""A few Multi-News clusters (read from ../shared at test time) for multi-story runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED

MULTINEWS = SHARED / "data" / "multinews" / "multinews_shared_normalized.jsonl"


@pytest.fixture(scope="session")
def multinews_sample(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The first three clusters as a JSONL file in a temporary folder; None without ../shared."""
    if not MULTINEWS.is_file():
        return None
    with MULTINEWS.open(encoding="utf-8") as rows:
        lines = [next(rows) for _ in range(3)]
    target = tmp_path_factory.mktemp("multinews") / "sample.jsonl"
    target.write_text("".join(lines), encoding="utf-8")
    return target
