"""Load on `storyfuse serve`: many concurrent clients doing what the page and API clients do.

Starts `storyfuse serve` (its defaults: 2 job workers, 16 jobs pending at most) on 127.0.0.1 on
a free port, warms it with one brief, then runs ``--clients`` concurrent clients (50) for
``--seconds`` (20). Each client repeats, at random (seeded): the page's job (GET the page, post
the multipart form with its CSRF token, poll the job every 0.3 s as the page does, load the
HTML brief), an API job (JSON, poll, the JSON brief), a synchronous /api/digest, or a health
check; the articles are 2-5 reports of examples/calderhaven. Nothing leaves 127.0.0.1.

Prints the requests made, the errors (503 "busy" counted apart: the job queue's designed
answer), latency percentiles per endpoint and for a whole job (submit to brief), and the
server's RSS (its own, and with its worker processes) before and after, then how long SIGTERM
takes to stop it.

Reproduce: ``python benchmarks/load.py [--clients 50] [--seconds 20] [--seed 1]`` (Linux: RSS
from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "calderhaven"
LAUNCH = "import sys; from storyfuse.cli import main; sys.argv[0] = 'storyfuse'; main()"
POLL = 0.3  # seconds between polls, as the page's POLL_MS
TIMEOUT = 60.0  # seconds for any one request (a brief under load waits for a worker)
_TOKEN = re.compile(r'<meta name="storyfuse-csrf" content="([^"]+)">')


@dataclass
class Stats:
    """Every request's latency by endpoint, the answers' statuses, failures, whole jobs' times."""

    requests: int = 0
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    jobs: list[float] = field(default_factory=list)

    def record(self, endpoint: str, seconds: float, status: int) -> None:
        self.latency[endpoint].append(seconds)
        self.statuses[status] += 1


class Client:
    """One simulated user: an HTTP connection pool of its own and the shared stats."""

    def __init__(self, base: str, stats: Stats, rnd: random.Random, articles: list[dict[str, str]]) -> None:
        self.http = httpx.AsyncClient(base_url=base, timeout=TIMEOUT)
        self.stats = stats
        self.rnd = rnd
        self.articles = articles

    async def request(self, endpoint: str, method: str, url: str, **kwargs: Any) -> httpx.Response | None:
        self.stats.requests += 1
        started = time.perf_counter()
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.stats.failures[f"{endpoint}: {type(exc).__name__}"] += 1
            return None
        self.stats.record(endpoint, time.perf_counter() - started, response.status_code)
        if response.status_code == 503:  # the queue is full: back off as asked, as a person would
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))
        elif response.status_code >= 400:
            self.stats.failures[f"{endpoint}: {response.status_code} {response.text[:80]}"] += 1
        return response

    def pick(self) -> list[dict[str, str]]:
        return self.rnd.sample(self.articles, self.rnd.randint(2, 5))

    async def page_job(self) -> None:
        page = await self.request("GET /", "GET", "/")
        match = _TOKEN.search(page.text) if page is not None else None
        if match is None:
            return
        form = {"articles": json.dumps(self.pick()), "words": "120"}
        await self.job("html", data=form, headers={"X-CSRF-Token": match.group(1)})

    async def api_job(self) -> None:
        await self.job("json", json={"articles": self.pick(), "words": 150})

    async def job(self, fmt: str, **body: Any) -> None:
        started = time.perf_counter()
        created = await self.request("POST /api/jobs", "POST", "/api/jobs", **body)
        if created is None or created.status_code != 202:
            return
        job_id = created.json()["id"]
        while True:
            status = await self.request("GET /api/jobs/{id}", "GET", f"/api/jobs/{job_id}")
            if status is None or status.status_code != 200 or status.json()["state"] == "failed":
                return
            if status.json()["state"] == "done":
                break
            await asyncio.sleep(POLL)
        brief = await self.request("GET /api/jobs/{id}/brief", "GET", f"/api/jobs/{job_id}/brief?format={fmt}")
        if brief is not None and brief.status_code == 200:
            self.stats.jobs.append(time.perf_counter() - started)

    async def digest(self) -> None:
        await self.request("POST /api/digest", "POST", "/api/digest", json={"articles": self.pick(), "words": 120})

    async def health(self) -> None:
        await self.request("GET /api/health", "GET", "/api/health")

    async def run_until(self, deadline: float) -> None:
        actions: list[Callable[[], Awaitable[None]]] = [self.page_job, self.api_job, self.digest, self.health]
        weights = [4, 3, 1, 2]
        try:
            while time.monotonic() < deadline:
                await self.rnd.choices(actions, weights)[0]()
        finally:
            await self.http.aclose()


def example_articles() -> list[dict[str, str]]:
    articles = []
    for path in sorted(EXAMPLE.iterdir()):
        if not path.name.startswith("README"):
            key = "html" if path.suffix == ".html" else "text"
            articles.append({"id": path.stem, key: path.read_text(encoding="utf-8")})
    return articles


# ---- the server --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, log: Any) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", LAUNCH, "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("load: the server did not start")


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (Linux /proc), 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def memory(pid: int) -> str:
    """The server's RSS, and with its children (the workers and multiprocessing's resource tracker)."""
    kids = children(pid)
    workers = sum(1 for child in kids if b"spawn_main" in _cmdline(child))
    own = rss_mb(pid)
    total = own + sum(rss_mb(child) for child in kids)
    return f"{own:.0f} MB; with its {workers} workers and {len(kids) - workers} helper: {total:.0f} MB"


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def stop(process: subprocess.Popen[bytes]) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    return time.monotonic() - started


# ---- the run and its report ---------------------------------------------------------------------

async def load(base: str, clients: int, seconds: float, seed: int) -> Stats:
    stats = Stats()
    articles = example_articles()
    deadline = time.monotonic() + seconds
    users = [Client(base, stats, random.Random(seed * 1000 + n), articles) for n in range(clients)]
    tasks = [asyncio.create_task(user.run_until(deadline)) for user in users]
    # A client mid-job at the deadline finishes it; none may run past a bound.
    _, late = await asyncio.wait(tasks, timeout=seconds + TIMEOUT)
    for task in late:
        task.cancel()
    return stats


def percentiles(values: list[float]) -> str:
    if not values:
        return f"{0:>6} {'-':>8} {'-':>8} {'-':>8}"
    ms = sorted(v * 1000 for v in values)
    if len(ms) == 1:
        return f"{1:>6} {ms[0]:>8.1f} {ms[0]:>8.1f} {ms[0]:>8.1f}"
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return f"{len(ms):>6} {cuts[49]:>8.1f} {cuts[94]:>8.1f} {cuts[98]:>8.1f}"


def report(stats: Stats, seconds: float) -> None:
    errors = sum(stats.failures.values())
    print(f"requests {stats.requests} ({stats.requests / seconds:.0f}/s), errors {errors}, "
          f"busy (503) {stats.statuses[503]}")
    print("statuses " + ", ".join(f"{status}: {n}" for status, n in sorted(stats.statuses.items())))
    for failure, n in stats.failures.most_common(5):
        print(f"  error x{n}: {failure}")
    print(f"{'latency (ms)':<28} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for endpoint in sorted(stats.latency):
        print(f"  {endpoint:<26} {percentiles(stats.latency[endpoint])}")
    print(f"  {'all requests':<26} {percentiles([v for vs in stats.latency.values() for v in vs])}")
    print(f"  {'a job, submit to brief':<26} {percentiles(stats.jobs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = start_server(port, log)
        try:
            warm = httpx.post(f"{base}/api/digest", json={"articles": example_articles()}, timeout=TIMEOUT)
            print(f"storyfuse load: {args.clients} clients for {args.seconds:g} s on {base} "
                  f"(warm-up brief: {warm.status_code})")
            print(f"server RSS before: {memory(process.pid)}")
            stats = asyncio.run(load(base, args.clients, args.seconds, args.seed))
            print(f"server RSS after:  {memory(process.pid)}")
            report(stats, args.seconds)
        finally:
            print(f"SIGTERM to exit: {stop(process):.2f} s")


if __name__ == "__main__":
    main()
