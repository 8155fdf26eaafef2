"""Every exception storyfuse raises on purpose, in one hierarchy.

    StoryfuseError                 anything storyfuse raises on purpose
    ├── InputError(path, reason)   an input (file, line, upload, request) that cannot be used
    │   ├── LimitExceeded          over a size or count limit (the web app answers 413)
    │   ├── FetchRefused           a URL the fetcher will not or cannot fetch
    │   └── NothingUsable          every input was rejected (carries the rejections)
    ├── ConfigError                a setting that makes no sense, an unknown language or stage
    ├── MissingDependency          an optional package is not installed (names the extra)
    ├── NotFound                   no such job or story (the web app answers 404)
    └── Busy                       too many jobs waiting or running (the web app answers 503)

Bad documents are not exceptions: readers and cleaning turn them into ``Rejection`` records
and the run goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyfuse.model import Rejection


class StoryfuseError(Exception):
    """Base class: anything storyfuse raises on purpose."""


class InputError(StoryfuseError):
    """An input (file, line, upload) that cannot be used; names where and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Rebuilt from its arguments, so it crosses from a worker process intact.
        return type(self), (self.path, self.reason)


class LimitExceeded(InputError):
    """An input over one of the server's size or count limits (answered with 413)."""


class FetchRefused(InputError):
    """A URL that will not be fetched (scheme, address, size, redirects) or failed to fetch."""


class NothingUsable(InputError):
    """Every input was rejected: the answer is 422 with the rejections, not an empty brief."""

    def __init__(self, rejected: Sequence[Rejection]) -> None:
        super().__init__("input", "nothing usable in the input")
        self.rejected = tuple(rejected)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.rejected,)


class ConfigError(StoryfuseError):
    """A setting or option that makes no sense (negative budget, unknown format...)."""


class MissingDependency(StoryfuseError):
    """An optional package is needed for this feature but is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed; install it with: {install_command(extra)}")
        self.package = package
        self.extra = extra

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.package, self.extra)


def install_command(extra: str) -> str:
    """How to add an extra to this installation: from the checkout it runs from (an editable
    install, ``pip install -e``), else from the package index."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "src" / "storyfuse").is_dir():
        return f"pip install -e '{root}[{extra}]'"
    return f"pip install 'storyfuse[{extra}]'"


class NotFound(StoryfuseError):
    """No such job (or one dropped from the table of recent jobs), or no such story in a store."""


class Busy(StoryfuseError):
    """Too many jobs waiting or running (answered with 503)."""
