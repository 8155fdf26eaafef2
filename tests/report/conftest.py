"""Fixtures of the HTML brief tests: the Calderhaven example (shipped in the repo) digested once."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse import process
from storyfuse.digest import Digester
from storyfuse.model import Digest
from storyfuse.report.html import render_html
from tests.report.dom import Page, parse


@pytest.fixture(scope="session")
def digester() -> Digester:
    return Digester()


@pytest.fixture(scope="session")
def calderhaven(digester: Digester, example_dir: Path) -> Digest:
    return digester.digest(process([example_dir]))


@pytest.fixture(scope="session")
def calderhaven_html(calderhaven: Digest) -> str:
    return render_html([calderhaven])


@pytest.fixture(scope="session")
def page(calderhaven_html: str) -> Page:
    return parse(calderhaven_html)
