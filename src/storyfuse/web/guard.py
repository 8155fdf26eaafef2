"""What a state-changing request must be before any endpoint sees it (an ASGI middleware).

JSON, as ``application/json``: a web page can post ``text/plain`` (or a form) to any origin
without a CORS preflight, but not ``application/json``, so that type is what keeps other
sites' pages from starting work here. The page's own multipart form (``/api/jobs``) carries the
app's CSRF token in the ``X-CSRF-Token`` header, which another site can neither read nor send.
Anything else is 415. Requests no state-changing route takes go on to the router (404, 405).

JSON bodies are checked strictly, once, here: UTF-8 (RFC 8259), no NaN or Infinity, no lone
surrogate (``"\\ud800"``, which no UTF-8 answer can hold), nesting and numbers Python can read.
Each is a 422 with one line saying which, instead of an error deep in the app.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Iterator
from typing import Any

from starlette.routing import Match, Router

from storyfuse.errors import InputError
from storyfuse.text import LONE_SURROGATE, SURROGATE_ESCAPE
from storyfuse.web.limits import ASGIApp, Message, Receive, Scope, Send, replay, send_json

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
TOKEN_HEADER = "x-csrf-token"
_MAX_DIGITS = 100  # a word budget has four; Python refuses past 4300, with a message about itself


class RequestGuard:
    """ASGI middleware (inside the body-size guard, so the body is already bounded): answer 415
    or 422 for a request to a state-changing route of ``router`` that is not strict JSON or the
    page's form (with ``token``) on one of ``form_paths``."""

    def __init__(self, app: ASGIApp, token: str, form_paths: frozenset[str], router: Router) -> None:
        self.app = app
        self.token = token
        self.form_paths = form_paths
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._guarded(scope):
            await self.app(scope, receive, send)
            return
        media_type, charset = content_type(scope)
        refusal = self._refusal(scope, media_type, charset)
        if refusal is not None:
            await send_json(send, 415, refusal)
            return
        if media_type != "application/json":
            await self.app(scope, receive, send)
            return
        body = await _read(receive)
        if body is None:
            return  # the client went away
        try:
            check_json(body)
        except InputError as exc:
            await send_json(send, 422, str(exc))
            return
        await self.app(scope, replay(body, receive), send)

    def _guarded(self, scope: Scope) -> bool:
        """Whether a state-changing route takes this request (its path and its method)."""
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            return False
        return any(route.matches(scope)[0] is Match.FULL for route in self.router.routes)

    def _refusal(self, scope: Scope, media_type: str, charset: str | None) -> str | None:
        """Why the request's type is refused (415), or None."""
        if media_type == "application/json":
            if charset not in (None, "utf-8", "utf8"):
                return f"JSON must be UTF-8, not {charset[:40]}"
            return None
        if media_type in FORM_TYPES and scope["path"] in self.form_paths:
            sent = _header(scope, TOKEN_HEADER)
            if sent is not None and secrets.compare_digest(sent.encode(), self.token.encode()):
                return None
            return ("a form needs the page's X-CSRF-Token header (the page sends it); "
                    "API clients send Content-Type: application/json")
        if not media_type:
            return "send Content-Type: application/json (the request has no Content-Type)"
        return f"send Content-Type: application/json, not {media_type[:60]}"


def content_type(scope: Scope) -> tuple[str, str | None]:
    """The request's media type (lower case, no parameters) and its charset, if it names one."""
    value = _header(scope, "content-type") or ""
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        key, _, param_value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = param_value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


def check_json(body: bytes | str) -> Any:
    """The JSON value of ``body``, or :class:`InputError` (``body``: one line saying why)."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError as exc:
        raise InputError("body", f"not UTF-8 (byte {exc.start} is 0x{exc.object[exc.start]:02x}); "
                                 "send JSON as UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputError("body", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError("body", "JSON nested too deeply") from None
    except ValueError as exc:  # NaN, Infinity, 1e999, or an integer of thousands of digits
        raise InputError("body", f"not valid JSON: {exc}") from None
    if SURROGATE_ESCAPE.search(text):  # only an escape can make a lone surrogate
        _no_lone_surrogates(value)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (numbers must be finite)")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(text.lstrip('-'))} digits is out of range")
    return int(text)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is out of range (numbers must be finite)")
    return number


def _no_lone_surrogates(value: Any) -> None:
    for where, text in _strings(value):
        if LONE_SURROGATE.search(text):
            where = where.encode("utf-8", "backslashreplace").decode("ascii", "replace")  # a key may hold one
            raise InputError("body", f"{where or 'a string'} holds a lone surrogate (such as \\ud800), "
                                     "which is not Unicode text")


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value (keys too) with where it is; iterative, as JSON may nest deep."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, list):
            stack += [(f"{where}.{n}".lstrip("."), v) for n, v in enumerate(item)]
        elif isinstance(item, dict):
            for key, v in item.items():
                yield where, key
                stack.append((f"{where}.{key}".lstrip("."), v))


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode("latin-1")
    for key, value in scope.get("headers", ()):
        if key.lower() == wanted:
            return str(value.decode("latin-1"))
    return None


async def _read(receive: Receive) -> bytes | None:
    """The whole body (already bounded by :class:`~storyfuse.web.limits.BodyLimit`)."""
    body = bytearray()
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return bytes(body)
