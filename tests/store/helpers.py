"""Builders shared by the store tests: Documents, and a deterministic stream of articles (the
crash test's worker process ingests the same one)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from storyfuse.model import Document
from storyfuse.segment import segment
from storyfuse.store import Batch

OUTLETS = ("Harbour Gazette", "Coast Daily", "Wire Service", "Evening Post")
STORIES = 5


def doc(
    doc_id: str, text: str, *, title: str | None = None, source: str | None = None,
    published: str | None = None, url: str | None = None,
) -> Document:
    """A segmented Document, as cleaning would hand it to the grouper."""
    return Document(
        id=doc_id, path=f"{doc_id}.txt", text=text, title=title, source=source, published=published, url=url,
        sentences=segment(text),
    )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add(batch: Batch, document: Document, *, url: str | None = None, hash_of: str | None = None) -> str | None:
    """``batch.add_article`` with the store's keyword arguments taken from the Document."""
    return batch.add_article(
        document, url=url if url is not None else document.url, content_hash=content_hash(hash_of or document.text),
        published=document.published, source=document.source,
    )


@dataclass(frozen=True, slots=True)
class StreamArticle:
    """Article ``n`` of the crash test's stream, and the story the (pretend) grouper gives it."""

    document: Document
    url: str
    hash: str
    story: str


def stream_article(n: int) -> StreamArticle:
    # Ids repeat every 40 articles, so the stream also exercises the id~2 renaming.
    text = f"Article {n} of the stream. The harbour crane story, part {n % 7}, goes on."
    document = Document(
        id=f"a{n % 40}", path=f"stream/{n}.txt", text=text, title=f"Report {n}",
        source=OUTLETS[n % len(OUTLETS)], published=f"2024-05-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
    )
    return StreamArticle(document, f"https://example.org/{n}", content_hash(text), f"s{n % STORIES}")


def ingest_stream_batch(batch: Batch, first: int, count: int, pause: float = 0.0) -> None:
    """Add articles ``first`` .. ``first + count - 1`` and assign each to its story; ``pause``
    seconds between the adds and the assignments, so that a kill likely lands mid-batch."""
    stored = []
    for n in range(first, first + count):
        item = stream_article(n)
        doc_id = batch.add_article(
            item.document, url=item.url, content_hash=item.hash, published=item.document.published,
            source=item.document.source,
        )
        if doc_id is not None:
            stored.append((doc_id, item.story))
    if pause:
        time.sleep(pause)
    for doc_id, story in stored:
        batch.assign(doc_id, story)
        batch.save_profile(story, f"profile after {first + count}".encode())
    batch.set_meta("ingested", str(first + count))
