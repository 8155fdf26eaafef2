"""The ``storyfuse`` command: thin Typer wrappers over the library functions."""

from __future__ import annotations

import sys

from storyfuse.cli import batch as _batch  # noqa: F401  (registers `storyfuse batch`)
from storyfuse.cli import serve as _serve  # noqa: F401  (registers `storyfuse serve`)
from storyfuse.cli import stream as _stream  # noqa: F401  (registers `ingest`, `stories`, `search`)
from storyfuse.cli.commands import app, run

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point. ``--debug`` anywhere on the line shows tracebacks."""
    argv = sys.argv[1:]
    debug = "--debug" in argv
    sys.exit(run([arg for arg in argv if arg != "--debug"], debug=debug))
