"""`storyfuse serve`: options reach the app, a missing web extra is a one-line hint."""

from __future__ import annotations

import builtins
import sys
from typing import Any

import pytest

import storyfuse.cli  # noqa: F401  (registers the commands, serve included)
from storyfuse.cli.commands import run


def test_serve_builds_the_app_and_runs_uvicorn(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    assert run(["serve", "--port", "8123", "--allow-fetch", "--words", "120"]) == 0
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    config = call["app"].state.config
    assert config.allow_fetch is True and config.words == 120
    assert "serving on http://127.0.0.1:8123/" in capsys.readouterr().err


def test_serving_beyond_this_machine_warns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
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
    assert capsys.readouterr().err.strip() == ("storyfuse: error: fastapi is not installed; install it with: "
                                               "pip install 'storyfuse[web]' (run with --debug for details)")
