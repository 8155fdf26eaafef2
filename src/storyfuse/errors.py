"""The small error hierarchy every storyfuse stage raises from."""

from __future__ import annotations


class StoryfuseError(Exception):
    """Base class: anything storyfuse raises on purpose."""


class InputError(StoryfuseError):
    """An input (file, line, upload) that cannot be used; names where and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(StoryfuseError):
    """A setting or option that makes no sense (negative budget, unknown format...)."""


class MissingDependency(StoryfuseError):
    """An optional package is needed for this feature but is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is not installed; install it with: pip install 'storyfuse[{extra}]'"
        )
        self.package = package
        self.extra = extra
