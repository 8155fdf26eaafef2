"""storyfuse errors as HTTP answers: one status per kind, a one-line ``detail`` each.

413 for anything over a limit (a job's time included), 422 for input that cannot be used, 404
for an unknown job, 503 when the job queue is full or the server is stopping. Validation errors
lead with a one-line ``detail`` that a person can read and list each problem in ``errors``
(where and what, never the input itself: it may be megabytes, or hold what JSON cannot).
Anything unexpected is logged and answered 500 with one line, never a traceback, and without
breaking the connection for the client's next request.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from storyfuse.errors import (
    Busy,
    ConfigError,
    InputError,
    LimitExceeded,
    NotFound,
    NothingUsable,
    StoryfuseError,
)
from storyfuse.web.jobs import Stopped
from storyfuse.web.limits import ASGIApp, Message, Receive, Scope, Send, send_json

log = logging.getLogger("storyfuse.web")


class ErrorResponse(JSONResponse):
    """JSON as ASCII: a message quoting a client's string stays sendable whatever it holds."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def install_error_handlers(app: FastAPI) -> None:
    """Map storyfuse's errors (and request validation) to JSON answers."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StoryfuseError, _storyfuse)  # type: ignore[arg-type]


async def _validation(request: Request, exc: RequestValidationError) -> ErrorResponse:
    errors = [portable_error(error) for error in exc.errors()]
    detail = "; ".join(_one_error(error) for error in errors[:5]) or "invalid request"
    return ErrorResponse({"detail": detail, "errors": errors}, status_code=422)


def portable_error(error: Any) -> dict[str, Any]:
    """A validation error as ``{type, loc, msg}``: strings and integers only."""
    loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
    return {"type": str(error.get("type", "invalid")), "loc": loc, "msg": str(error.get("msg", "invalid"))}


def _one_error(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error["loc"] if part != "body")
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


async def _storyfuse(request: Request, exc: StoryfuseError) -> ErrorResponse:
    status, body = answer(exc)
    # A full queue drains in about a brief's time: a second, for the brief of a breaking story.
    headers = {"Retry-After": "1"} if status == 503 else None
    return ErrorResponse(body, status_code=status, headers=headers)


def answer(exc: StoryfuseError) -> tuple[int, dict[str, Any]]:
    """The status and JSON body for one of our errors."""
    if isinstance(exc, NothingUsable):
        rejected = [{"path": r.path, "reason": r.reason} for r in exc.rejected]
        return 422, {"detail": exc.reason, "rejected": rejected}
    if isinstance(exc, LimitExceeded):
        return 413, {"detail": str(exc)}
    if isinstance(exc, (InputError, ConfigError)):
        return 422, {"detail": str(exc)}
    if isinstance(exc, NotFound):
        return 404, {"detail": str(exc)}
    if isinstance(exc, (Busy, Stopped)):
        return 503, {"detail": str(exc)}
    return 500, {"detail": f"error: {exc}"}


class CatchAll:
    """ASGI middleware, outermost of ours: an exception no handler took is logged and answered
    ``500 {"detail": ...}`` here. Starlette's own last resort re-raises it to the server, which
    then drops the connection (the client's next request on it fails)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_json(send, 500, "internal error; the server's log has the details")
