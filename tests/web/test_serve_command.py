"""`storyfuse serve`: options reach the app, a missing web extra is a one-line hint, and a
--db that is no story store is a one-line error."""

from __future__ import annotations

import builtins
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import storyfuse.cli  # noqa: F401  (registers the commands, serve included)
from storyfuse.cli.commands import run
from storyfuse.cli.serve import GRACE
from storyfuse.errors import MissingDependency
from storyfuse.store import Store


def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """uvicorn servers that ``serve`` runs, recorded instead of run."""
    import uvicorn

    servers: list[Any] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *args, **kwargs: servers.append(self))
    return servers


def test_serve_builds_the_app_and_runs_uvicorn(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    servers = served(monkeypatch)
    assert run(["serve", "--port", "8123", "--allow-fetch", "--words", "120"]) == 0
    (server,) = servers
    assert (server.config.host, server.config.port) == ("127.0.0.1", 8123)
    assert server.config.timeout_graceful_shutdown == GRACE  # SIGTERM never waits on a long request
    config = server.config.app.state.config
    assert config.allow_fetch is True and config.words == 120
    assert "serving on http://127.0.0.1:8123/" in capsys.readouterr().err


def test_the_servers_shutdown_stops_the_jobs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before uvicorn waits on requests in flight, so that one waiting on a brief is answered."""
    import asyncio
    import threading

    import uvicorn

    servers = served(monkeypatch)
    assert run(["serve", "--port", "8124"]) == 0
    (server,) = servers
    jobs = server.config.app.state.jobs
    order: list[str] = []
    monkeypatch.setattr(jobs, "shutdown", lambda: order.append("jobs"))

    async def base_shutdown(self: Any, sockets: Any = None) -> None:
        order.append("uvicorn")

    monkeypatch.setattr(uvicorn.Server, "shutdown", base_shutdown)
    # In a thread of its own: another test's event loop may still be running on this one.
    thread = threading.Thread(target=asyncio.run, args=(server.shutdown(),))
    thread.start()
    thread.join(10)
    assert order == ["jobs", "uvicorn"]


def test_serving_beyond_this_machine_warns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    served(monkeypatch)
    assert run(["serve", "--host", "0.0.0.0"]) == 0
    assert "reachable from other machines; the app has no login" in capsys.readouterr().err


def test_bad_word_budget_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["serve", "--words", "5000"]) == 1
    assert capsys.readouterr().err.strip() == (
        "storyfuse: error: words must be between 10 and 2000, not 5000 (run with --debug for details)")


def test_missing_web_extra_is_an_install_hint(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    real_import = builtins.__import__

    def no_fastapi(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "fastapi" or name.startswith("fastapi."):
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    for module in [m for m in sys.modules if m == "storyfuse.web" or m.startswith("storyfuse.web.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(builtins, "__import__", no_fastapi)
    assert run(["serve"]) == 1
    # The install command itself is MissingDependency's to word (pip install [-e] ...[web]).
    hint = str(MissingDependency("fastapi", "web"))
    assert hint.startswith("fastapi is not installed; install it with: pip install ") and "[web]" in hint
    assert capsys.readouterr().err.strip() == f"storyfuse: error: {hint} (run with --debug for details)"


def test_serve_with_a_store_serves_its_stories(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    servers = served(monkeypatch)
    db = tmp_path / "stories.db"
    assert run(["serve", "--db", str(db), "--port", "8125"]) == 0
    (server,) = servers
    assert server.config.app.state.config.db == db
    paths = {getattr(route, "path", "") for route in server.config.app.routes}
    assert {"/", "/new", "/stories/{story_id}", "/api/stories", "/api/articles"} <= paths
    with Store.open(db, readonly=True) as store:
        assert store.stories() == []  # a missing store is created, empty
    assert f"serving the stories of {db} on http://127.0.0.1:8125/" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["text", "foreign sqlite", "folder"])
def test_serve_db_that_is_no_store_is_one_line(kind: str, tmp_path: Path) -> None:
    """As a user runs it: a process of its own, exit 1, one line on stderr, no traceback."""
    path = tmp_path / "stories.db"
    if kind == "text":
        path.write_text("headline,outlets\n", encoding="utf-8")
    elif kind == "foreign sqlite":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE things (name TEXT)")
        conn.close()
    else:
        path.mkdir()
    done = subprocess.run([sys.executable, "-c", "from storyfuse.cli import main; main()", "serve", "--db", str(path),
                           "--port", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"storyfuse: error: {path}: ") and "not a storyfuse store" in line
    assert line.endswith("(run with --debug for details)")
