"""storyfuse errors as HTTP answers: one status per kind, a one-line ``detail`` each.

413 for anything over a limit, 422 for input that cannot be used, 404 for an unknown job,
503 when the job queue is full. Validation errors keep FastAPI's list (``errors``) but lead
with a one-line ``detail`` that a person can read.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
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


def install_error_handlers(app: FastAPI) -> None:
    """Map storyfuse's errors (and request validation) to JSON answers."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StoryfuseError, _storyfuse)  # type: ignore[arg-type]


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    detail = "; ".join(_one_error(error) for error in errors[:5]) or "invalid request"
    return JSONResponse({"detail": detail, "errors": jsonable_encoder(errors)}, status_code=422)


def _one_error(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


async def _storyfuse(request: Request, exc: StoryfuseError) -> JSONResponse:
    status, body = answer(exc)
    return JSONResponse(body, status_code=status)


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
    if isinstance(exc, Busy):
        return 503, {"detail": str(exc)}
    return 500, {"detail": f"error: {exc}"}
