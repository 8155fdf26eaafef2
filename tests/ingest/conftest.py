"""Builders shared by the reader tests: files written under ``tmp_path``, fake stdin."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def write(tmp_path: Path, name: str, data: bytes | str, *, gz: bool | None = None) -> Path:
    """Write ``data`` (str as UTF-8) to ``tmp_path/name``, creating folders.

    Names ending in ``.gz`` are gzipped unless ``gz=False`` (to write corrupt gzip bytes as-is).
    """
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if name.endswith(".gz") if gz is None else gz:
        raw = gzip.compress(raw)
    path.write_bytes(raw)
    return path


@pytest.fixture
def put(tmp_path: Path) -> Callable[..., Path]:
    """``put(name, data, gz=None)``: :func:`write` bound to this test's ``tmp_path``."""
    return lambda name, data, **kw: write(tmp_path, name, data, **kw)


class _FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes | str], None]:
    """``stdin(data)``: make ``sys.stdin.buffer`` yield ``data``."""
    def feed(data: bytes | str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        monkeypatch.setattr(sys, "stdin", _FakeStdin(raw))
    return feed
