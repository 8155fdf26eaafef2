"""Typer application: argument parsing, progress bars and messages; no pipeline logic."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyfuse.clean import CleanConfig, clean
from storyfuse.errors import StoryfuseError
from storyfuse.ingest import ReadConfig, discover, read_file, unique_ids
from storyfuse.model import Article, Corpus, Rejection
from storyfuse.report import render, render_analyses
from storyfuse.segment import segment_documents

app = typer.Typer(
    name="storyfuse",
    help="Many outlets' reports of one news event in, one trustworthy brief out.\n\n"
    "Add --debug anywhere to see full tracebacks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class OutputFormat(str, Enum):
    md = "md"
    json = "json"


@app.callback()
def _root() -> None:
    """storyfuse: read → clean → (analyse → brief)."""


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (read recursively) or - for standard input.", show_default=False),
]

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
MaxMbOpt = Annotated[float, typer.Option("--max-mb", help="Reject files larger than this.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or messages.")]


@app.command("clean")
def clean_command(
    paths: PathsArg,
    fmt: FormatOpt = OutputFormat.md,
    output: OutputOpt = None,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
) -> None:
    """Clean article pages: strip page furniture, lift headline/date/outlet, split sentences.

    Reads .txt, .md, .html/.htm, .jsonl/.json (articles or Multi-News clusters), .gz of those, or standard input.

    Every removed line is listed with its reason; unusable inputs are reported one line each and listed as rejected.
    """
    corpus = read_inputs(paths, max_mb, quiet)
    _write(render(corpus, fmt.value), output)
    _stop_if_empty(corpus)


@app.command("analyze")
def analyze_command(
    paths: PathsArg,
    fmt: FormatOpt = OutputFormat.md,
    output: OutputOpt = None,
    max_mb: MaxMbOpt = 20.0,
    quiet: QuietOpt = False,
) -> None:
    """Read the reports side by side: copies, corroborated facts, quotes, entities, disagreements.

    All documents are one story, unless the input carries Multi-News clusters: then each cluster is analysed on its own (JSON Lines with --format json).
    """
    from storyfuse.analyze import Analyzer

    corpus = read_inputs(paths, max_mb, quiet)
    _stop_if_empty(corpus)
    with _progress(quiet) as progress:
        progress.add_task("analysing", total=None)
        analyses = Analyzer().analyze_stories(corpus)
    _write(render_analyses(analyses, fmt.value), output)


def read_inputs(paths: list[str], max_mb: float, quiet: bool) -> Corpus:
    """Read and clean the inputs, reporting each rejected one on its own line."""
    corpus = build_corpus(paths, ReadConfig(max_bytes=int(max_mb * 1_000_000)), quiet)
    _report_rejections(corpus.rejected, quiet)
    return corpus


def _stop_if_empty(corpus: Corpus) -> None:
    if not corpus.documents:
        say("storyfuse: nothing usable in the input")
        raise typer.Exit(1)


def build_corpus(paths: list[str], read_config: ReadConfig, quiet: bool) -> Corpus:
    """Read and clean with a progress bar (the same steps as :func:`storyfuse.process`)."""
    files, rejected = discover(paths)
    ids = unique_ids(files)
    articles: list[Article] = []
    with _progress(quiet) as progress:
        task = progress.add_task("reading", total=len(files))
        for name in files:
            result = read_file(name, read_config, ids[name])
            articles += result.articles
            rejected += result.rejected
            progress.advance(task)
        task = progress.add_task("cleaning", total=len(articles))
        documents, dropped = clean(articles, CleanConfig(), on_article=lambda: progress.advance(task))
    return Corpus(segment_documents(documents), tuple(rejected) + dropped)


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
