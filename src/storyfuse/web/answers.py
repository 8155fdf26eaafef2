"""What a route that waits on a job shares: the wait itself (ended by the client going away)
and the brief as an HTTP answer, in each of its formats, with its headers.

Used by /api/digest and the job routes (:mod:`storyfuse.web.app`) and by the story store's
brief (:mod:`storyfuse.web.store_routes`), so that a brief is answered the same way wherever
it comes from: HTML always sandboxed by its CSP.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import Request
from fastapi.responses import Response

from storyfuse.web.jobs import FINISHED, JobTable, JobView, Stopped
from storyfuse.web.page import BRIEF_HEADERS, COMMON_HEADERS

Format = Literal["json", "html", "md"]
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}
_WAIT = 0.05  # seconds between a waiting route's looks at its job (and at its client)


async def wait_finished(request: Request, jobs: JobTable, job_id: str) -> JobView | None:
    """The job once it has finished; None (the job stopped) if the client disconnects first.
    Cancelled itself (the server stopping), it stops the job too. The job is forgotten after:
    only its waiting client reads it."""
    try:
        while True:
            job = jobs.get(job_id)
            if job is None or job.state in FINISHED:
                return job
            if await request.is_disconnected():
                return None
            await asyncio.sleep(_WAIT)
    finally:
        jobs.cancel(job_id, Stopped("stopped: the client went away"))  # nothing, if it has finished
        jobs.forget(job_id)


def brief_response(text: str, fmt: str) -> Response:
    """The brief in ``fmt``: HTML with the brief's sandboxing CSP, the others plain."""
    headers = BRIEF_HEADERS if fmt == "html" else COMMON_HEADERS
    return Response(text, media_type=MEDIA[fmt], headers=dict(headers))
