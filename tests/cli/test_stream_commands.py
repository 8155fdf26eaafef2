"""The stream workflow on the invented example stream: ingest twice (the second adds nothing),
list the stories, search them, and a kill-free rerun after a partial ingest completes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse.cli.commands import run
from storyfuse.store import Store

STREAM = Path(__file__).resolve().parents[2] / "examples" / "stream"


def test_the_same_stream_twice_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "stories.db"
    assert run(["ingest", str(STREAM), "--db", str(db)]) == 0
    first = capsys.readouterr().err
    assert "added 16 article(s)" in first and "0 already stored" in first
    assert run(["ingest", str(STREAM), "--db", str(db)]) == 0
    assert "added 0 article(s) to 0 story(ies) (0 new); 16 already stored" in capsys.readouterr().err
    with Store.open(db, readonly=True) as store:
        assert sum(row.articles for row in store.stories()) == 16


def test_stories_and_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "stories.db"
    assert run(["ingest", str(STREAM), "--db", str(db), "-q"]) == 0
    capsys.readouterr()
    assert run(["stories", "--db", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sum(r["articles"] for r in rows) == 16 and all(r["id"].startswith("s") for r in rows)
    strike = [r for r in rows if "strike" in (r["headline"] or "").lower()]
    assert strike and strike[0]["outlets"] >= 2  # the strike is one story across outlets
    assert run(["search", "--db", str(db), "Saltmarsh"]) == 0
    hits = capsys.readouterr().out.splitlines()
    assert hits and all("\u00abSaltmarsh\u00bb" in line for line in hits)
    assert run(["search", "--db", str(db), "\"unclosed"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_foreign_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"not a database at all" * 100)
    assert run(["stories", "--db", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("storyfuse: error:") and str(bad) in err and "\n" not in err


def test_a_stored_story_is_briefed_and_the_brief_cached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "stories.db"
    assert run(["ingest", str(STREAM), "--db", str(db), "-q"]) == 0
    with Store.open(db, readonly=True) as store:
        busiest = max(store.stories(), key=lambda r: r.articles)
    capsys.readouterr()
    assert run(["digest", "--db", str(db), "--story", busiest.id, "-q"]) == 0
    brief = capsys.readouterr().out
    assert brief.startswith("# ") and "[1]" in brief
    with Store.open(db, readonly=True) as store:
        assert store.cached_brief(busiest.id, "md") == brief
        independent = store.story(busiest.id).independent_sources  # type: ignore[union-attr]
        assert independent is not None and 1 <= independent <= busiest.outlets
    assert run(["digest", "--db", str(db), "--story", "s999999", "-q"]) == 1
    assert "no story 's999999'" in capsys.readouterr().err
    assert run(["digest", "--db", str(db), "--all", "-q", "-f", "json"]) == 0
