"""`storyfuse digest --format html` end to end, and html refused where there is no page."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.cli.commands import run
from storyfuse.model import Analysis
from storyfuse.report import render_analyses
from tests.report.dom import by_class, parse


def test_digest_writes_the_page(example_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    assert run(["digest", str(example_dir), "--format", "html", "-o", str(target), "-q"]) == 0
    page = parse(target.read_text(encoding="utf-8"))
    assert by_class(page.by_id("summary"), "summary-sentence")
    assert by_class(page.by_id("summary"), "cite", "button")
    assert page.by_id("coverage").tag == "table" and page.has_id("evidence")


def test_clean_and_analyze_refuse_html(example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("clean", "analyze"):
        assert run([command, str(example_dir), "--format", "html", "-q"]) == 2
        err = capsys.readouterr().err
        assert "html" in err and "Traceback" not in err
    with pytest.raises(ValueError, match="only for the brief"):
        render_analyses([Analysis()], "html")
