"""The Dask executor and flow: the same answers as the local run, a killed worker survived."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from storyfuse.corpus import CorpusConfig, group_corpus  # noqa: E402
from storyfuse.model import Document  # noqa: E402
from storyfuse.pipeline import Runner, executor_for  # noqa: E402
from storyfuse.pipeline.batch import BatchResult, run_batch  # noqa: E402
from storyfuse.pipeline.cluster import DaskCluster, DaskExecutor, DaskFlow  # noqa: E402
from storyfuse.pipeline.flow import LocalFlow  # noqa: E402
from storyfuse.report import render_digests  # noqa: E402
from tests.corpus.helpers import FLOOD, STRIKE, corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster() -> DaskCluster:
    made = DaskCluster(workers=2)
    yield made
    made.close()


def _answers(result: BatchResult) -> tuple[object, ...]:
    briefs = [(s.story, s.documents, render_digests([s.digest], "json") if s.digest else None) for s in result.stories]
    syndication = [(s.story, s.digest.analysis.syndication, s.digest.analysis.independent_groups)
                   for s in result.stories if s.digest]
    return (result.assignments, syndication, briefs, result.rejected, [d.id for d in result.documents])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The shipped examples, plus files that must become rejections on the workers."""
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "broken.json").write_text('{"text": ')
    return [str(REPO / "examples"), str(bad)]


def test_dask_and_local_give_the_same_stories_copies_and_briefs(cluster: DaskCluster, inputs: list[str]) -> None:
    local = run_batch(Runner(), inputs, partitions=3)
    on_dask = run_batch(Runner(executor=DaskExecutor(cluster)), inputs, partitions=3)
    assert _answers(on_dask) == _answers(local)
    assert {Path(r.path).name for r in local.rejected} >= {"empty.txt", "binary.txt", "broken.json"}
    assert any(a.copy_group != a.document for a in local.assignments)  # a copy was found
    assert len(local.stories) < len(local.documents)  # and stories of several articles


def test_a_process_pool_gives_the_same_answers(inputs: list[str]) -> None:
    runner = Runner(executor=executor_for(2))
    try:
        pooled = run_batch(runner, inputs, partitions=2, briefs=False)
    finally:
        runner.close()
    assert pooled.assignments == run_batch(Runner(), inputs, partitions=2, briefs=False).assignments


@pytest.mark.parametrize("value", [frozenset({3, 1, 2}), (1, (2, 3)), {"a": 1, "b": 2}, Counter("abca")])
def test_a_shared_value_reaches_the_tasks_whole(cluster: DaskCluster, value: object) -> None:
    flow = DaskFlow(cluster, 2)
    seen = flow.collect(flow.map_parts(_with_shared, flow.from_items([0, 1]), shared=(flow.share(value),)))
    assert seen == [value, value] and {type(v) for v in seen} == {type(value)}


def _with_shared(part: list[int], value: object) -> list[object]:
    return [value]


def test_blocks_over_the_limit_split_on_dask_as_locally(cluster: DaskCluster) -> None:
    """The split rounds (corpus/split.py) share the oversized blocks with every task."""
    docs = _many()[::4]
    config = replace(CorpusConfig(), average_link_limit=40)
    local = LocalFlow(4)
    expected = local.collect(group_corpus(local, local.from_items(docs), "en", config))
    flow = DaskFlow(cluster, 4)
    assert flow.collect(group_corpus(flow, flow.from_items(docs), "en", config)) == expected


def _many() -> list[Document]:
    """Enough documents that grouping takes a few seconds: variants of the two stories."""
    docs = []
    for k in range(1500):
        facts = FLOOD if k % 2 else STRIKE
        text = " ".join(facts[(k + j) % len(facts)] for j in range(3)) + f" Report number {k} of the day."
        docs.append(Document(f"d{k:05d}", f"d{k:05d}", text))
    return docs + corpus()


def test_a_killed_worker_is_replaced_and_the_result_is_the_same(cluster: DaskCluster) -> None:
    docs = _many()
    local = LocalFlow(8)
    expected = local.collect(group_corpus(local, local.from_items(docs)))
    flow = DaskFlow(cluster, 8)
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["result"] = flow.collect(group_corpus(flow, flow.from_items(docs)))

    pids = cluster.client.run(os.getpid)
    thread = threading.Thread(target=run)
    thread.start()
    victim = _busy_worker(cluster, thread)
    assert thread.is_alive(), "the run ended before a worker could be killed"
    os.kill(pids[victim], signal.SIGKILL)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert outcome["result"] == expected
    assert pids[victim] not in cluster.client.run(os.getpid).values()  # it was really gone


def _busy_worker(cluster: DaskCluster, thread: threading.Thread) -> str:
    """The first worker seen running a task of the run."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and thread.is_alive():
        for worker, tasks in cluster.client.processing().items():
            if tasks:
                return str(worker)
        time.sleep(0.01)
    raise AssertionError("no worker was seen busy")


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from storyfuse.errors import ConfigError

    with pytest.raises(ConfigError, match="no Dask scheduler answers at tcp://127.0.0.1:9"):
        DaskCluster("tcp://127.0.0.1:9")
