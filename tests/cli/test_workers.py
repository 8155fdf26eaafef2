"""`--workers N`: the same output as one worker, through the process-pool executor (`clean`,
`digest` and `ingest`)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyfuse.cli import commands
from storyfuse.cli.commands import run
from storyfuse.store import Store

STREAM = Path(__file__).resolve().parents[2] / "examples" / "stream"


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


class RecordingPool:
    """Stands in for the process pool: every call is pickled as it would be to cross into a
    worker process, then run here; what was mapped is recorded."""

    in_process = False

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.mapped: list[int] = []

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        batch = list(items)
        self.mapped.append(len(batch))
        return (pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(item))) for item in batch)

    def close(self) -> None:
        pass


@pytest.mark.parametrize(("flags", "kind", "scheduler"), [
    ((), "local", None),
    (("--executor", "dask"), "dask", None),
    (("--scheduler", "tcp://10.0.0.5:8786"), "local", "tcp://10.0.0.5:8786"),  # executor_for takes it as dask
])
def test_ingest_workers_go_through_the_runners_executor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        flags: tuple[str, ...], kind: str,
                                                        scheduler: str | None) -> None:
    pools: list[RecordingPool] = []

    def executor_for(workers: int, chosen: str = "local", address: str | None = None) -> RecordingPool:
        assert (chosen, address) == (kind, scheduler)
        pools.append(RecordingPool(workers))
        return pools[-1]

    monkeypatch.setattr(commands, "executor_for", executor_for)
    assert run(["ingest", str(STREAM), "--db", str(tmp_path / "s.db"), "-q", "--workers", "3", *flags]) == 0
    [pool] = pools
    # Reading maps over the 3 files, cleaning over the 16 articles (twice), segmenting over them.
    assert pool.workers == 3 and pool.mapped == [3, 16, 16, 16]
    with Store.open(tmp_path / "s.db", readonly=True) as store:
        assert len(store.article_ids()) == 16


@pytest.mark.slow
def test_ingest_with_two_workers_stores_the_serial_stories(tmp_path: Path) -> None:
    serial, pooled = tmp_path / "serial.db", tmp_path / "pooled.db"
    assert run(["ingest", str(STREAM), "--db", str(serial), "-q"]) == 0
    assert run(["ingest", str(STREAM), "--db", str(pooled), "-q", "--workers", "2"]) == 0
    with Store.open(serial, readonly=True) as one, Store.open(pooled, readonly=True) as two:
        assert [(r.id, r.articles, r.headline) for r in one.stories()] == \
               [(r.id, r.articles, r.headline) for r in two.stories()]
        assert one.article_ids() == two.article_ids()
