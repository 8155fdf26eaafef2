"""``storyfuse batch``: a whole corpus at once, on this machine or a Dask cluster."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from storyfuse.cli.commands import (
    DEBUG_EPILOG,
    ExecutorKind,
    ExecutorOpt,
    MaxMbOpt,
    PathsArg,
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
from storyfuse.pipeline import RunConfig
from storyfuse.pipeline.batch import check_new, run_batch, write_parquet, write_store
from storyfuse.store import Store


@app.command("batch", epilog=DEBUG_EPILOG)
def batch_command(
    paths: PathsArg,
    db: Annotated[Path | None, typer.Option("--db", help="Write stories and briefs to this new SQLite store.")] = None,
    parquet: Annotated[Path | None, typer.Option(
        "--parquet", help="Write articles.parquet and stories.parquet to this folder.")] = None,
    briefs: Annotated[bool, typer.Option("--briefs/--no-briefs", help="Brief every story (the slow part).")] = True,
    partitions: Annotated[int | None, typer.Option(
        "--partitions", min=1, help="Partitions of the corpus (default: one per 5,000 documents).")] = None,
    entities: Annotated[bool, typer.Option("--entities", help="Briefs list named entities too (spaCy; slower).")]
    = False,
    executor: ExecutorOpt = ExecutorKind.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = 1,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
) -> None:
    """Group a whole corpus into stories, find its syndicated copies and brief every story.

    Read → clean → copies and stories (map → group → reduce over partitions) → a brief per story.
    The same corpus gives the same stories and briefs on every executor.
    """
    if db is None and parquet is None:
        raise typer.BadParameter("say where to write: --db FILE and/or --parquet FOLDER")
    # The brief as `storyfuse digest` makes it (no spaCy entities unless asked for).
    config = RunConfig().override(max_bytes=_bytes(max_mb), entities=entities)
    with ExitStack() as stack:
        store = stack.enter_context(Store.open(db)) if db is not None else None
        if store is not None:
            check_new(store)  # before the work, not after it
        with _runner(config, workers, quiet, executor.value, scheduler) as runner:
            result = run_batch(runner, paths, briefs=briefs, partitions=partitions)
        _report_rejections(result.rejected, quiet)
        _report_notices(result.notices, result.documents, quiet)
        if store is not None:
            write_store(result, store)
        if parquet is not None:
            write_parquet(result, parquet)
    copies = sum(a.copy_group != a.document for a in result.assignments)
    if not quiet:
        say(f"storyfuse: {len(result.documents)} article(s) in {len(result.stories)} story(ies); "
            f"{copies} syndicated cop(ies) of another article")
