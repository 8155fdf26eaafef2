"""``storyfuse ingest``, ``stories`` and ``search``: a stream of articles into a story store."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storyfuse.cli.commands import (
    DEBUG_EPILOG,
    ExecutorKind,
    ExecutorOpt,
    MaxMbOpt,
    QuietOpt,
    SchedulerOpt,
    WorkersOpt,
    _bytes,
    _report_notices,
    _report_rejections,
    _runner,
    app,
    say,
)
from storyfuse.ingest.remote import feed_fetcher, read_feeds, split_urls
from storyfuse.model import ReadResult, Rejection
from storyfuse.pipeline import RunConfig
from storyfuse.pipeline.stream import ingest
from storyfuse.store import Store

DbOpt = Annotated[Path, typer.Option("--db", help="The story store (an SQLite file; created if missing).")]
IngestPathsArg = Annotated[list[str], typer.Argument(
    help="Files, folders (read recursively), - for standard input, or RSS/Atom feed URLs (with --allow-fetch).",
    show_default=False)]
AllowFetchOpt = Annotated[bool, typer.Option(
    "--allow-fetch", help="Fetch the http(s) feed URLs given (public addresses only, each within --max-mb).")]
NOT_FETCHED = "a feed URL is fetched only with --allow-fetch (pass --allow-fetch; public addresses only)"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("ingest", epilog=DEBUG_EPILOG)
def ingest_command(paths: IngestPathsArg, db: DbOpt, max_mb: MaxMbOpt = 20.0, quiet: QuietOpt = False,
                   workers: WorkersOpt = 1, allow_fetch: AllowFetchOpt = False,
                   executor: ExecutorOpt = ExecutorKind.local, scheduler: SchedulerOpt = None) -> None:
    """Add articles to a story store: each new one joins the story it is about, or starts one.

    The same input twice adds nothing (articles are known by URL and by text). Reading and
    cleaning run on the executor; placing articles in stories runs here, in arrival order.
    """
    urls, files = split_urls(paths)
    fetched = _fetched(urls, allow_fetch, _bytes(max_mb))
    config = RunConfig().override(max_bytes=_bytes(max_mb))
    with _runner(config, workers, quiet, executor.value, scheduler) as runner, Store.open(db) as store:
        report = ingest(runner, files, store, read=fetched)
    _report_rejections(report.rejected, quiet)
    _report_notices(report.notices, (), quiet)
    if not quiet:
        say(f"storyfuse: added {report.added} article(s) to {len(report.touched)} story(ies) "
            f"({len(report.new_stories)} new); {report.already} already stored")


def _fetched(urls: list[str], allow_fetch: bool, max_bytes: int) -> ReadResult | None:
    """The feeds at ``urls``, fetched when allowed; else one rejection each saying how."""
    if not urls:
        return None
    if not allow_fetch:
        return ReadResult((), tuple(Rejection(url, NOT_FETCHED) for url in urls))
    return read_feeds(urls, feed_fetcher(max_bytes), max_bytes)


@app.command("stories", epilog=DEBUG_EPILOG)
def stories_command(
    db: DbOpt,
    since: Annotated[str | None, typer.Option("--since", help="Only stories seen since (ISO 8601).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most this many.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List the stories of a store, the latest first: headline, articles, outlets, first and last seen.

    Independent sources (syndicated copies counted once) are known once the story has been briefed.
    """
    with Store.open(db, readonly=True) as store:
        rows = store.stories(since=since, limit=limit)
    if fmt is ListFormat.json:
        sys.stdout.write(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write("story\tarticles\toutlets\tindependent\tfirst seen\tlast seen\theadline\n")
    for row in rows:
        independent = "" if row.independent_sources is None else str(row.independent_sources)
        sys.stdout.write(f"{row.id}\t{row.articles}\t{row.outlets}\t{independent}\t{row.first_seen or ''}\t"
                         f"{row.last_seen or ''}\t{' '.join((row.headline or '').split())[:100]}\n")


@app.command("search", epilog=DEBUG_EPILOG)
def search_command(
    db: DbOpt,
    query: Annotated[str, typer.Argument(help="Words to find (SQLite FTS5 syntax: phrases in quotes, OR, NOT).")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 20,
) -> None:
    """Full-text search over the store's articles: each hit with its story and a passage."""
    with Store.open(db, readonly=True) as store:
        hits = store.search(query, limit=limit)
    for hit in hits:
        sys.stdout.write(f"{hit.story_id or '-'}\t{hit.article_id}\t{' '.join(hit.snippet.split())}\n")
