"""`storyfuse serve` as a real process on 127.0.0.1: SIGTERM ends it within a few seconds, even
with a brief being made and a client waiting on another, and its worker processes go with it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import free_port
from tests.web.test_cancel import alive, slow_articles, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads child processes from Linux's /proc")

# The console script, run by this interpreter (the venv's), whichever way pytest was started.
LAUNCH = "import sys; from storyfuse.cli import main; sys.argv[0] = 'storyfuse'; main()"
WARM = "The harbour bridge reopened on Monday, the council said. Traffic returns to normal by Friday."
STOP_WITHIN = 5.0  # seconds: uvicorn's 2 s grace for requests in flight, then the app's shutdown


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--host", "127.0.0.1", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(base) or process.poll() is not None, 60, "the server to start")
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        log.close()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def children(pid: int) -> list[int]:
    """The process's children (Linux: /proc/PID/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def running_job(base: str) -> str:
    """A job busy in a worker process (past reading: the pipeline is computing)."""
    warm = httpx.post(f"{base}/api/digest", json={"articles": [{"text": WARM}]}, timeout=60)
    assert warm.status_code == 200  # a worker is up
    job_id = str(httpx.post(f"{base}/api/jobs", json={"articles": slow_articles()}, timeout=30).json()["id"])

    def computing() -> bool:
        status = httpx.get(f"{base}/api/jobs/{job_id}", timeout=5).json()
        assert status["state"] in ("queued", "running"), status
        return status["stage"] in ("cleaning", "analysing")

    wait_until(computing, 60, "the job to reach the pipeline")
    return job_id


def test_sigterm_stops_the_server_while_a_job_runs(server: tuple[subprocess.Popen[bytes], str]) -> None:
    process, base = server
    running_job(base)
    workers = children(process.pid)
    assert workers, "the server runs its briefs in worker processes"
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(STOP_WITHIN + 5)
    took = time.monotonic() - started
    assert took < STOP_WITHIN, f"took {took:.1f} s"
    wait_until(lambda: not any(alive(pid) for pid in workers), 3, "the worker processes to end")


def test_sigterm_stops_the_server_while_a_client_waits(server: tuple[subprocess.Popen[bytes], str]) -> None:
    """/api/digest in flight (its client waiting on a long brief) and a page job running."""
    process, base = server
    running_job(base)
    outcome: list[Any] = []

    def wait_on_digest() -> None:
        try:
            outcome.append(httpx.post(f"{base}/api/digest", json={"articles": slow_articles()}, timeout=60))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    client = threading.Thread(target=wait_on_digest, daemon=True)
    client.start()
    time.sleep(1.0)  # the request is in, its job queued behind the running one or running
    workers = children(process.pid)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(STOP_WITHIN + 5)
    took = time.monotonic() - started
    assert took < STOP_WITHIN, f"took {took:.1f} s"
    client.join(10)
    assert outcome, "the waiting client got an answer or an error"
    answer = outcome[0]
    assert isinstance(answer, httpx.HTTPError) or answer.status_code == 503, answer
    wait_until(lambda: not any(alive(pid) for pid in workers), 3, "the worker processes to end")
