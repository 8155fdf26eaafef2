"""Executors: a process pool gives exactly what the serial executor gives, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import ConfigError, ProcessExecutor, RunConfig, Runner, SerialExecutor, to_dict
from storyfuse.pipeline import executor_for


def _square(x: int) -> int:
    return x * x


@given(st.lists(st.integers(-1000, 1000), max_size=30))
@settings(max_examples=25, deadline=None)
def test_serial_map_keeps_the_input_order(items: list[int]) -> None:
    assert list(SerialExecutor().map(_square, items)) == [x * x for x in items]


def test_executor_for_picks_serial_for_one_worker() -> None:
    assert isinstance(executor_for(1), SerialExecutor)
    assert isinstance(executor_for(2), ProcessExecutor)
    with pytest.raises(ConfigError):
        ProcessExecutor(0)


@pytest.mark.slow
def test_a_process_pool_gives_the_serial_results(example_dir: Path, multinews_sample: Path | None) -> None:
    sources = [example_dir] + ([multinews_sample] if multinews_sample else [])
    config = RunConfig().override(entities=False)
    serial = Runner(config)
    pool = Runner(config, executor=ProcessExecutor(2, chunksize=1))
    try:
        corpus = serial.clean(sources)
        assert to_dict(pool.clean(sources)) == to_dict(corpus)
        assert [to_dict(d) for d in pool.digest(corpus)] == [to_dict(d) for d in serial.digest(corpus)]
        assert list(pool.executor.map(_square, range(20))) == [x * x for x in range(20)]
    finally:
        pool.close()
