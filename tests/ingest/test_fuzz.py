"""Fuzzing the readers (Hypothesis, fixed budget): whatever bytes arrive under whatever name,
reading returns articles and one-line rejections, never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfuse import RunConfig, Runner
from storyfuse.ingest import ReadConfig, read_bytes
from storyfuse.model import ReadResult

RUNNER = Runner(RunConfig(detect_language=False))

NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.txt.gz", "a.xyz", "-"])
# JSON-shaped input: nested values with the keys the readers look at, some deliberately wrong.
KEYS = st.sampled_from(["text", "html", "id", "documents", "title", "url", "summary", "context", "x"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)
BUDGET = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _check(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    for rejection in result.rejected:
        assert rejection.reason and "\n" not in rejection.reason


@BUDGET
@given(NAMES, st.binary(max_size=3000))
def test_any_bytes_under_any_name(name: str, data: bytes) -> None:
    _check(read_bytes(name, data, ReadConfig(max_bytes=100_000)))


@BUDGET
@given(st.sampled_from(["a.json", "a.jsonl"]), st.lists(VALUES, min_size=1, max_size=3))
def test_any_json_records(name: str, records: list[object]) -> None:
    text = "\n".join(json.dumps(r) for r in records) if name.endswith("l") else json.dumps(records)
    _check(read_bytes(name, text.encode(), ReadConfig(max_bytes=100_000)))


@BUDGET
@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    _check(read_bytes("a.txt", text.encode("utf-8", "surrogatepass"), ReadConfig(max_bytes=100_000)))


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES, st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_what_is_read_cleans_and_segments(name: str, data: bytes) -> None:
    read = read_bytes(name, data, ReadConfig(max_bytes=100_000))
    corpus = RUNNER.clean_articles(read.articles, read.rejected)
    for doc in corpus.documents:
        assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert len(corpus.documents) + len(corpus.rejected) >= len(read.articles)
