"""`storyfuse batch`: a corpus into a new store or Parquet files, bad input rejected, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse.cli import run
from storyfuse.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    (out / "input").mkdir()
    (out / "input" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    assert run(["batch", str(EXAMPLES), str(out / "input"), "--db", str(out / "s.db"), "--parquet",
                str(out / "pq"), "-q", "--partitions", "2"]) == 0
    return out


def test_the_store_holds_every_article_in_its_story_with_a_cached_brief(written: Path) -> None:
    with Store.open(written / "s.db", readonly=True) as store:
        stories = store.stories()
        assert sum(row.articles for row in stories) == len(store.article_ids()) == 21
        grounded = [row for row in stories if row.articles >= 2]
        assert grounded and all(row.independent_sources is not None for row in stories)
        brief = json.loads(store.cached_brief(grounded[0].id, "json") or "{}")
        assert brief["summary"] and brief["independent_groups"]


def test_parquet_tables_agree_with_the_store(written: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    articles = pq.read_table(written / "pq" / "articles.parquet").to_pylist()
    stories = pq.read_table(written / "pq" / "stories.parquet").to_pylist()
    assert len(articles) == 21 and {a["story"] for a in articles} == {s["story"] for s in stories}
    copies = [a for a in articles if a["copy_group"] != a["document"]]
    assert [(a["document"], a["copy_group"]) for a in copies] == [("02_coastal-ledger", "01_northwire")]
    with Store.open(written / "s.db", readonly=True) as store:
        assert {s["story"] for s in stories} == {row.id for row in store.stories()}


def test_bad_input_is_a_rejection_line_and_an_existing_store_is_refused(
        written: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = written / "input" / "binary.txt"
    assert run(["batch", str(bad), str(EXAMPLES / "calderhaven"), "--parquet", str(written / "again")]) == 0
    assert f"rejected {bad}" in capsys.readouterr().err
    assert run(["batch", str(EXAMPLES), "--db", str(written / "s.db")]) == 1
    err = capsys.readouterr().err
    assert "already holds articles: a batch writes a new store" in err and len(err.strip().splitlines()) == 1


def test_an_output_is_required() -> None:
    assert run(["batch", str(EXAMPLES), "-q"]) == 2
