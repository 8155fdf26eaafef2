"""Shared fixtures: paths to the example shipped in the repo and to ../shared (read-only), and
headless Chromium for the browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyfuse import RunConfig, Runner

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "calderhaven"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def runner() -> Runner:
    """The brief's runner as `storyfuse digest` sets it up (no spaCy entities), built once."""
    return Runner(RunConfig().override(entities=False))


@pytest.fixture(scope="session")
def analysis_runner() -> Runner:
    """The runner as `storyfuse analyze` uses it (entities on), built once."""
    return Runner()


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


# Debian's chromium (Playwright's own browser download does not work here).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end tests in headless Chromium (Playwright)")


def chromium_path() -> str | None:
    candidates = [os.environ.get("STORYFUSE_CHROMIUM", ""), *CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def _missing_browser(reason: str) -> None:
    """Fail in CI (.ci/run installs Chromium, so a missing one is a broken setup); skip elsewhere."""
    message = f"{reason}; install Debian's chromium (apt-get install -y chromium) to run the browser tests"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright, shared by every browser test."""
    executable = chromium_path()
    if executable is None:
        _missing_browser("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("Playwright (Python) is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
