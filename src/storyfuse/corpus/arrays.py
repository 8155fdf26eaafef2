"""Rows of numpy arrays as the corpus steps move them: dealt to partitions, read in runs of a key."""

from __future__ import annotations

import numpy as np


def run_starts(sorted_values: np.ndarray) -> np.ndarray:
    """The indices where each run of equal values of ``sorted_values`` starts."""
    if not len(sorted_values):
        return np.empty(0, np.int64)
    return np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])


def split_rows(rows: np.ndarray, keys: np.ndarray, partitions: int) -> list[tuple[int, np.ndarray]]:
    """(partition, its rows) for each partition that rows go to (``key % partitions``, as
    :func:`storyfuse.pipeline.flow.split_by_key` deals items), the rows in their order."""
    if not len(rows):
        return []
    where = keys % partitions
    order = np.argsort(where, kind="stable")
    where, rows = where[order], rows[order]
    starts = run_starts(where)
    ends = np.r_[starts[1:], len(rows)]
    return [(int(where[s]), rows[s:e]) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
