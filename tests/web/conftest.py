"""Fixtures of the web tests: API clients, the example's articles, and for the browser tests a
live server (uvicorn in a thread) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move from httpx to httpx2; not ours to act on.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyfuse.web import WebConfig, create_app
from tests.conftest import EXAMPLE, REPO

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def app() -> FastAPI:
    """One app for the API tests: building its Runner (the models) once keeps the suite quick."""
    return create_app(WebConfig())


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def client_for(config: WebConfig) -> TestClient:
    """A client on an app with other limits (used without ``with``: no lifespan needed)."""
    return TestClient(create_app(config))


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


# ---- browser tests ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real app under uvicorn on 127.0.0.1 in a background thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(WebConfig()), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the storyfuse server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
