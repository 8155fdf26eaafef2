"""Request limits: the body-size guard (an ASGI middleware) and the error that means 413.

The guard runs before any parsing, so neither JSON nor multipart parsing ever sees more
than ``max_request_bytes``: a declared ``Content-Length`` over the limit is refused at once,
and a body without one (chunked) is counted as it arrives.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from storyfuse.errors import LimitExceeded
from storyfuse.ingest.decode import describe_size

Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def check_count(what: str, count: int, limit: int, where: str = "request") -> None:
    """Raise :class:`LimitExceeded` when ``count`` is over ``limit``."""
    if count > limit:
        raise LimitExceeded(where, f"{count} {what}, over the limit of {limit}")


class BodyLimit:
    """ASGI middleware: read at most ``max_bytes`` of a request body, else answer 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._too_large(send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(bytes(body), receive), send)

    async def _too_large(self, send: Send) -> None:
        # Connection: close, as the rest of the body is not read.
        await send_json(send, 413, f"request body is over the {describe_size(self.max_bytes)} limit", close=True)


async def send_json(send: Send, status: int, detail: str, close: bool = False) -> None:
    """An error answer sent by a middleware, before the app: ``{"detail": ...}`` as ASCII JSON."""
    payload = json.dumps({"detail": detail}).encode("ascii")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the buffered body over once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
