"""The crash test's writer: ``python -m tests.store.crash_worker DB BATCHES PER_BATCH PAUSE``
ingests the stream of :mod:`tests.store.helpers` in batches and prints ``committed N`` after
each commit, N being how many articles of the stream are stored by then."""

from __future__ import annotations

import sys

from storyfuse.store import Store
from tests.store.helpers import ingest_stream_batch


def main(db: str, batches: int, per_batch: int, pause: float) -> None:
    with Store.open(db) as store:
        for number in range(batches):
            with store.batch() as batch:
                ingest_stream_batch(batch, number * per_batch, per_batch, pause)
            print(f"committed {(number + 1) * per_batch}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
