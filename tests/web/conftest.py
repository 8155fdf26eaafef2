"""Fixtures of the web tests: API clients (sending the app's CSRF token, as its page does), the
example's articles, a story store of the example stream, and for the browser tests a live
server (uvicorn in a thread) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move from httpx to httpx2; not ours to act on.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyfuse import Runner
from storyfuse.pipeline.stream import ingest
from storyfuse.store import Store
from storyfuse.web import WebConfig, create_app
from storyfuse.web.app import close_app
from tests.conftest import EXAMPLE, REPO

STREAM = REPO / "examples" / "stream"

ARTIFACTS = REPO / "test-artifacts"
_OPENED: list[FastAPI] = []  # apps used without a lifespan: their workers are closed at the end


@pytest.fixture(scope="session")
def app() -> FastAPI:
    """One app for the API tests: building its Runner (the models) once keeps the suite quick."""
    return create_app(WebConfig())


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers=csrf(app)) as test_client:
        yield test_client


def csrf(app: FastAPI) -> dict[str, str]:
    """The header the page sends with its form (JSON requests need none; it does no harm)."""
    return {"X-CSRF-Token": app.state.csrf_token}


def client_for(config: WebConfig) -> TestClient:
    """A client on an app with other limits (used without ``with``: no lifespan needed)."""
    app = create_app(config)
    _OPENED.append(app)
    return TestClient(app, headers=csrf(app))


@pytest.fixture(scope="session", autouse=True)
def _close_apps() -> Iterator[None]:
    yield
    for app in _OPENED:
        close_app(app)


@pytest.fixture(scope="session")
def example_articles() -> list[dict[str, Any]]:
    """The invented Calderhaven example as API article objects (text files as text, pages as html)."""
    articles = []
    for path in sorted(EXAMPLE.iterdir()):
        if path.name.startswith("README"):
            continue
        key = "html" if path.suffix == ".html" else "text"
        articles.append({"id": path.stem, key: path.read_text(encoding="utf-8")})
    return articles


@pytest.fixture(scope="session")
def stream_store(tmp_path_factory: pytest.TempPathFactory, runner: Runner) -> Path:
    """A story store of the invented example stream (four stories, three outlets), ingested once;
    a test that changes a store works on its own :func:`copy_store`."""
    path = tmp_path_factory.mktemp("stream-store") / "stories.db"
    with Store.open(path) as store:
        ingest(runner, [STREAM], store)
    return path


def copy_store(template: Path, folder: Path) -> Path:
    """A copy of a closed store (its last connection closed, so the file holds everything)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(template, folder / template.name))


# ---- browser tests ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(app: FastAPI, timeout: float = 20) -> Iterator[str]:
    """``app`` under uvicorn on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the storyfuse server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real app under uvicorn on 127.0.0.1 in a background thread; yields its base URL."""
    with serve_in_thread(create_app(WebConfig())) as base:
        yield base


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def assert_errors_are_error_answers(paths: dict[str, Any]) -> None:
    """Every 4xx/5xx response of every operation in ``paths`` is documented as ErrorAnswer."""
    for path, operations in paths.items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status >= "400":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorAnswer", (method, path, status)
