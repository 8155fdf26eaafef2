"""Fixtures of the HTML brief tests: the Calderhaven example (shipped in the repo) digested once."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse import Runner, process
from storyfuse.model import Digest
from storyfuse.report.html import render_html
from tests.report.dom import Page, parse


@pytest.fixture(scope="session")
def calderhaven(runner: Runner, example_dir: Path) -> Digest:
    return runner.digest(process([example_dir]))[0]


@pytest.fixture(scope="session")
def calderhaven_html(calderhaven: Digest) -> str:
    return render_html([calderhaven])


@pytest.fixture(scope="session")
def page(calderhaven_html: str) -> Page:
    return parse(calderhaven_html)
