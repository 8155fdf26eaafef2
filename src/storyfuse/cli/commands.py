"""Typer application: argument parsing, progress bars and messages; no pipeline logic."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from storyfuse.clean import TRUNCATED
from storyfuse.errors import StoryfuseError
from storyfuse.model import Corpus, Document, Notice, Rejection
from storyfuse.pipeline import RunConfig, Runner, StageEvent, executor_for
from storyfuse.report import render, render_analyses, render_digests

app = typer.Typer(
    name="storyfuse",
    help="Many outlets' reports of one news event in, one trustworthy brief out.\n\n"
    "Add --debug anywhere to see full tracebacks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    md = "md"
    json = "json"


class DigestFormat(StrEnum):
    """The brief also has a page; `clean` and `analyze` keep :class:`OutputFormat` (no html)."""

    md = "md"
    json = "json"
    html = "html"


# Shown under every command's --help: main() takes --debug off the line before Typer parses it.
DEBUG_EPILOG = "Add --debug anywhere on the line to see full tracebacks."


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"storyfuse {version('storyfuse')}\n")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
) -> None:
    """storyfuse: read → clean → (analyse → brief)."""


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (read recursively) or - for standard input.", show_default=False),
]

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
DigestFormatOpt = Annotated[
    DigestFormat,
    typer.Option("--format", "-f", help="Output format; html is one self-contained page (use with -o)."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
MaxMbOpt = Annotated[float, typer.Option("--max-mb", help="Reject files larger than this.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or messages.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-j", min=1,
                                         help="Worker processes for per-document and per-story work.")]


class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


ExecutorOpt = Annotated[ExecutorKind, typer.Option(
    "--executor", help="local: this machine (--workers processes); dask: a Dask cluster (pip install "
    "'storyfuse[dask]'), a LocalCluster of --workers processes unless --scheduler is given.")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="A running Dask scheduler, tcp://HOST:8786 (implies --executor dask).")]


@app.command("clean", epilog=DEBUG_EPILOG)
def clean_command(
    paths: PathsArg,
    fmt: FormatOpt = OutputFormat.md,
    output: OutputOpt = None,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 1,
) -> None:
    """Clean article pages: strip page furniture, lift headline/date/outlet, split sentences.

    Reads .txt, .md, .html/.htm, .jsonl/.json (articles or Multi-News clusters), .gz of those, or standard input.

    Every removed line is listed with its reason; unusable inputs are reported one line each and listed as rejected.
    """
    with _runner(RunConfig().override(max_bytes=_bytes(max_mb)), workers, quiet) as runner:
        corpus = read_inputs(runner, paths, quiet)
    _write(render(corpus, fmt.value), output)
    _stop_if_empty(corpus)


@app.command("analyze", epilog=DEBUG_EPILOG)
def analyze_command(
    paths: PathsArg,
    fmt: FormatOpt = OutputFormat.md,
    output: OutputOpt = None,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 1,
) -> None:
    """Read the reports side by side: copies, corroborated facts, quotes, entities, disagreements.

    All documents are one story, unless the input carries Multi-News clusters: then each cluster is analysed on its own (JSON Lines with --format json).
    """
    with _runner(RunConfig().override(max_bytes=_bytes(max_mb)), workers, quiet) as runner:
        corpus = read_inputs(runner, paths, quiet)
        _stop_if_empty(corpus)
        analyses = runner.analyze(corpus)
    _write(render_analyses(analyses, fmt.value), output)


@app.command("digest", epilog=DEBUG_EPILOG)
def digest_command(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders (read recursively) or - for standard input (or --db).", show_default=False)] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Brief stories of this story store instead.")] = None,
    story: Annotated[list[str] | None, typer.Option("--story", help="With --db: the story to brief (repeatable).")]
    = None,
    every: Annotated[bool, typer.Option("--all", help="With --db: brief every story.")] = False,
    words: Annotated[int, typer.Option("--words", "-w", min=10, help="Word budget of the summary.")] = 250,
    entities: Annotated[bool, typer.Option("--entities", help="Also list named entities (spaCy; slower).")]
    = False,
    embeddings: Annotated[bool, typer.Option(
        "--embeddings", help="Verify citations with sentence embeddings too (the embeddings extra).")] = False,
    fmt: DigestFormatOpt = DigestFormat.md,
    output: OutputOpt = None,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 1,
) -> None:
    """The brief: one attributed summary of many reports, with sources, quotes and disagreements.

    Every summary sentence cites \\[n] each independent outlet verified to state it; syndicated copies count once.

    --format html writes one page that loads nothing from the network: select a citation to see each outlet's sentence.
    """
    config = RunConfig().override(max_bytes=_bytes(max_mb), words=words, entities=entities, embeddings=embeddings)
    if db is not None:
        # Only a brief made with the default settings is cached (the cache knows no settings).
        cacheable = (words, entities, embeddings) == (250, False, False)
        _write(_stored_briefs(db, story or [], every, config, fmt.value, quiet, cacheable), output)
        return
    if not paths:
        raise typer.BadParameter("give files or folders to brief, or --db with --story ID or --all")
    with _runner(config, workers, quiet) as runner:
        corpus = read_inputs(runner, paths, quiet)
        _stop_if_empty(corpus)
        digests = runner.digest(corpus)
    _write(render_digests(digests, fmt.value), output)


def _stored_briefs(db: Path, ids: list[str], every: bool, config: RunConfig, fmt: str, quiet: bool,
                   cacheable: bool) -> str:
    from storyfuse.pipeline.stream import stored_briefs
    from storyfuse.store import Store

    if not ids and not every:
        raise typer.BadParameter("--db needs --story ID or --all")
    with Store.open(db) as store, _runner(config, 1, quiet) as runner:
        briefs = stored_briefs(runner, store, ids, lambda digests: render_digests(digests, fmt), key=fmt,
                               cacheable=cacheable)
    return "\n".join(briefs)


@app.command("eval", epilog=DEBUG_EPILOG)
def eval_command(
    data: Annotated[list[str], typer.Argument(help="Multi-News style clusters (JSONL with id, documents, summary).",
                                              show_default=False)],
    words: Annotated[int, typer.Option("--words", "-w", min=10, help="Every system is cut to this many words.")] = 300,
    systems: Annotated[str, typer.Option(
        "--systems", help="Comma-separated: storyfuse, storyfuse-quick (summary-only quick mode), lead, lexrank, "
        "textrank.")] = "storyfuse,storyfuse-quick,lead,lexrank,textrank",
    peer: Annotated[list[str] | None, typer.Option("--peer", help="NAME=FILE: score saved summaries too.")] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write per-cluster scores here.")] = None,
    outputs: Annotated[Path | None, typer.Option("--outputs", help="Write every system's summaries (JSONL).")] = None,
    gate: Annotated[Path | None, typer.Option("--gate", help="Fail when storyfuse is below these floors.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N clusters.")] = None,
    folds: Annotated[int | None, typer.Option(
        "--folds", min=2, help="Cross-validate storyfuse: train its salience model on the other folds' "
        "references and summarise each fold with it (the shipped model was trained on Multi-News). "
        "A --gate file's \"folds\" is the default.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Score storyfuse's summaries against reference summaries with ROUGE, beside Lead, LexRank and TextRank.

    Prints a table with ROUGE-1/2/Lsum F1 and seconds per cluster for each system.
    """
    from storyfuse.evaluate import (
        EvalConfig,
        Folded,
        SystemFn,
        check_gate,
        cross_validate_systems,
        load_clusters,
        read_gate,
        read_peer,
        render_table,
        run_eval,
        select_systems,
        write_csv,
        write_outputs,
    )

    gate_spec = read_gate(gate) if gate else None
    if gate_spec and folds and gate_spec.get("folds") not in (None, folds):
        raise typer.BadParameter(f"the gate's floors are for {gate_spec['folds']} folds, not {folds}")
    chosen: dict[str, SystemFn | Folded] = dict(
        select_systems([name.strip() for name in systems.split(",") if name.strip()]))
    peers = [read_peer(*_peer_spec(spec)) for spec in peer or []]
    with _progress(quiet) as progress:
        task = progress.add_task("cleaning", total=None)
        loaded = load_clusters(data, limit, on_cluster=lambda *_: progress.advance(task))
        folds = folds or (gate_spec or {}).get("folds")
        if folds:
            training = progress.add_task(f"training {folds} folds", total=1)
            chosen = cross_validate_systems(chosen, loaded.clusters, folds)
            progress.advance(training)
        task = progress.add_task("scoring", total=len(loaded.clusters))
        result = run_eval(loaded.clusters, chosen, EvalConfig(words=words), {p.name: p.summaries for p in peers},
                          on_cluster=lambda *_: progress.advance(task))
    if any(isinstance(system, Folded) for system in chosen.values()):
        result = dataclasses.replace(result, notes=(*result.notes, f"storyfuse: {folds}-fold cross-validation by "
                                     "cluster; each cluster summarised by a salience model trained without it"))
    _report_rejections(tuple(loaded.rejected) + tuple(r for p in peers for r in p.rejected), quiet)
    sys.stdout.write(render_table(result) + "\n")
    if csv_path:
        write_csv(result, csv_path)
    if outputs:
        write_outputs(result, outputs)
    failures = check_gate(result, gate_spec) if gate_spec else []
    for failure in failures:
        say(f"storyfuse: quality gate: {failure}")
    if failures:
        raise typer.Exit(1)


def _peer_spec(spec: str) -> tuple[str, str]:
    name, sep, path = spec.partition("=")
    if not sep or not name or not path:
        raise typer.BadParameter(f"--peer takes NAME=FILE, got {spec!r}")
    return name, path


def read_inputs(runner: Runner, paths: list[str], quiet: bool) -> Corpus:
    """Read, clean and segment the inputs, reporting each rejected one on its own line."""
    corpus = runner.clean(paths)
    _report_rejections(corpus.rejected, quiet)
    _report_notices(corpus.notices, corpus.documents, quiet)
    return corpus


def _report_notices(notices: Iterable[Notice], documents: Iterable[Document], quiet: bool) -> None:
    """A warning line for each input used but not as it came, and each article cut short."""
    if quiet:
        return
    for notice in notices:
        say(f"storyfuse: warning: {notice.path}: {notice.message}")
    for doc in documents:
        for removal in doc.removed:
            if removal.reason.startswith(TRUNCATED):
                say(f"storyfuse: warning: {doc.path}: only the start is analysed: {removal.reason}")


def _stop_if_empty(corpus: Corpus) -> None:
    if not corpus.documents:
        say("storyfuse: nothing usable in the input")
        raise typer.Exit(1)


def _bytes(max_mb: float) -> int:
    return int(max_mb * 1_000_000)


@contextmanager
def _runner(config: RunConfig, workers: int, quiet: bool, executor: str = "local",
            scheduler: str | None = None) -> Iterator[Runner]:
    """A runner whose stages show as Rich progress bars on stderr (one bar per stage)."""
    with _progress(quiet) as progress:
        runner = Runner(config, executor=executor_for(workers, executor, scheduler), on_stage=_bars(progress))
        try:
            yield runner
        finally:
            runner.close()


def _bars(progress: Progress) -> Callable[[StageEvent], None]:
    tasks: dict[str, TaskID] = {}

    def on_stage(event: StageEvent) -> None:
        if event.stage not in tasks:
            tasks[event.stage] = progress.add_task(event.stage, total=event.total or None)
        progress.update(tasks[event.stage], completed=event.done, total=event.total or None)

    return on_stage


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=quiet,
    )


def _report_rejections(rejected: tuple[Rejection, ...], quiet: bool) -> None:
    if quiet:
        return
    for rejection in rejected:
        say(f"storyfuse: rejected {rejection.path}: {rejection.reason}")


def say(message: str) -> None:
    """One line to stderr, never wrapped (a message must stay one line)."""
    err.print(message, soft_wrap=True, markup=False, highlight=False)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")


def run(argv: list[str], debug: bool = False) -> int:
    """Run the CLI on ``argv``; returns the exit code. Errors are one line unless ``debug``."""
    try:
        code = app(args=argv, prog_name="storyfuse", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        say("storyfuse: interrupted")
        return 130
    except Exception as exc:
        if debug:
            raise
        return _fail(exc)
    return code if isinstance(code, int) else 0


def _fail(exc: Exception) -> int:
    show = getattr(exc, "show", None)
    if callable(show) and isinstance(getattr(exc, "exit_code", None), int):  # a usage error
        show()
        return int(exc.exit_code)  # type: ignore[attr-defined]
    kind = "error" if isinstance(exc, (StoryfuseError, OSError)) else f"internal error ({type(exc).__name__})"
    say(f"storyfuse: {kind}: {exc} (run with --debug for details)")
    return 1
