"""``storyfuse serve``: run the web page and REST API (a thin wrapper over storyfuse.web).

SIGTERM or Ctrl+C stops it within a few seconds whatever it is doing: every job is stopped
first (its worker process killed, a client waiting on it answered 503), then uvicorn waits at
most ``GRACE`` seconds for what is still in flight; nothing left can hold up the exit.
"""

from __future__ import annotations

import importlib
import ipaddress
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer

from storyfuse.cli.commands import DEBUG_EPILOG, app, say
from storyfuse.errors import MissingDependency

# Seconds SIGTERM leaves requests in flight to finish once the jobs are stopped: a status poll,
# a brief download or an upload being read; anything longer is cut off.
GRACE = 2


@app.command("serve", epilog=DEBUG_EPILOG)
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The app has no login: "
                                                     "keep it on 127.0.0.1 unless you mean to share it.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_fetch: Annotated[bool, typer.Option("--allow-fetch", help="Fetch articles given only as a URL "
                                                                    "(public addresses only).")] = False,
    words: Annotated[int, typer.Option("--words", "-w", min=10, help="Default word budget of the summary.")]
    = 250,
    db: Annotated[Path | None, typer.Option("--db", help="Also serve this story store (made by storyfuse "
                                                         "ingest; created if missing): its stories at /, "
                                                         "the paste page at /new.")] = None,
) -> None:
    """A local web page and REST API: paste or upload reports, get the brief.

    Open http://HOST:PORT/ for the page, /docs for the API. With --db, / lists the store's
    stories, each with its brief, and /api/stories and /api/articles read and add to it.
    Stop with Ctrl+C.
    """
    uvicorn, web = _web_modules()
    config = web.WebConfig(allow_fetch=allow_fetch, words=words, db=db)
    app = web.create_app(config)  # a --db that is no usable store stops here, with one line
    if not _is_loopback(host):
        say(f"storyfuse: warning: serving on {host}, reachable from other machines; the app has no login")
    stories = "" if db is None else f"the stories of {db} "
    say(f"storyfuse: serving {stories}on http://{_url_host(host)}:{port}/ (API docs at /docs; Ctrl+C to stop)")
    server = _server_class(uvicorn, web, app)
    server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACE)).run()


def _server_class(uvicorn: ModuleType, web: ModuleType, app: Any) -> Any:
    """uvicorn's server, stopping the app's jobs as soon as it starts shutting down: the app's
    own shutdown (its lifespan) only comes once the requests in flight are done."""

    base: Any = uvicorn.Server  # uvicorn is imported late (the web extra may be missing)

    class Server(base):
        async def shutdown(self, sockets: Any = None) -> None:
            web.close_app(app)
            await super().shutdown(sockets)

    return Server


def _web_modules() -> tuple[ModuleType, ModuleType]:
    """uvicorn and storyfuse.web, or a one-line install hint when the web extra is missing."""
    try:
        uvicorn = importlib.import_module("uvicorn")
        web = importlib.import_module("storyfuse.web")
    except ImportError as exc:
        raise MissingDependency(exc.name or "fastapi", "web") from exc
    return uvicorn, web


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
