"""Fixtures of the report tests: the Calderhaven example (shipped in the repo) digested once, and
two outlets whose text carries markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse import Runner, clean_articles, process
from storyfuse.model import Digest
from storyfuse.report.html import render_html
from tests.report.dom import Page, parse
from tests.report.hostile import IMAGE, SCRIPT, hostile_articles


@pytest.fixture(scope="session")
def calderhaven(runner: Runner, example_dir: Path) -> Digest:
    return runner.digest(process([example_dir]))[0]


@pytest.fixture(scope="session")
def calderhaven_html(calderhaven: Digest) -> str:
    return render_html([calderhaven])


@pytest.fixture(scope="session")
def page(calderhaven_html: str) -> Page:
    return parse(calderhaven_html)


@pytest.fixture(scope="session")
def hostile(runner: Runner) -> Digest:
    """The hostile articles digested: their markup reaches the summary."""
    digest = runner.digest(clean_articles(hostile_articles()))[0]
    assert any(SCRIPT in s.text or IMAGE in s.text for s in digest.summary), "the markup must reach the summary"
    return digest
