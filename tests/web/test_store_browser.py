"""End to end in headless Chromium over a story store: the real ``storyfuse serve --db`` (a
process of its own, on 127.0.0.1), its front page and a story's page with its brief.

The store is the example stream plus one invented story sent through /api/articles: the
latest of its day but covered by one outlet, so the front page must list it after that day's
better covered stories. No request may leave 127.0.0.1. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import copy_store, free_port
from tests.web.test_browser import assert_nothing_left_localhost, recording_page

pytestmark = pytest.mark.browser

START_TIMEOUT = 60  # seconds for the server to answer (its workers load while it starts)
LONE = {"id": "kelp/1", "source": "Kelp Courier", "title": "Calderhaven lifeboat crew rescues kayaker",
        "published": "2026-03-04T22:30:00Z",
        "text": "The Calderhaven lifeboat crew rescued a kayaker near Gannet Rock late on Wednesday, the "
                "lifeboat station said. The kayaker was unhurt and was brought ashore at the west slipway."}


@pytest.fixture(scope="module")
def store_server(stream_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``storyfuse serve --db`` on a copy of the example store, as a user starts it."""
    db = copy_store(stream_store, tmp_path_factory.mktemp("store-browser"))
    port = free_port()
    command = [sys.executable, "-c", "from storyfuse.cli import main; main()", "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, base)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own session: the server and its workers
            server.wait(timeout=10)


def _wait_until_up(server: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"storyfuse serve --db exited: {server.stdout.read() if server.stdout else ''}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("storyfuse serve --db did not answer")


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with recording_page(browser) as page:
        yield page


def front_page_stories(page: Any) -> list[dict[str, Any]]:
    return page.locator("li.story").evaluate_all(
        """items => items.map(li => ({id: li.dataset.story, outlets: Number(li.dataset.outlets),
             day: li.dataset.lastSeen.slice(0, 10), headline: li.querySelector('a.headline').textContent,
             counts: li.querySelector('.counts').textContent}))""")


def test_front_page_then_a_story_and_its_brief(page: Any, store_server: str, artifacts: Path) -> None:
    added = httpx.post(store_server + "/api/articles", json={"articles": [LONE]}, timeout=60)
    assert added.status_code == 200, added.text
    (lone,) = added.json()["new_stories"]

    page.goto(store_server + "/")
    stories = front_page_stories(page)
    assert len(stories) == 5 and {s["id"] for s in stories} >= {"s000001", lone}
    keys = [(s["day"], s["outlets"]) for s in stories]
    assert keys == sorted(keys, reverse=True), "latest day first, the most covered first within it"
    assert stories[0]["id"] == "s000001" and stories[0]["outlets"] == 3
    assert [s["id"] for s in stories].index(lone) == 3, "the day's latest story, one outlet: after the three"
    assert all(f"{s['outlets']} outlet" in s["counts"] for s in stories)
    assert page.locator("h2.day").all_text_contents() == ["Wednesday 4 March 2026", "Tuesday 3 March 2026"]
    page.screenshot(path=str(artifacts / "store-front.png"), full_page=True)

    page.click("li.story >> nth=0 >> a.headline")
    page.wait_for_url("**/stories/s000001")
    assert page.locator("#headline").text_content() == stories[0]["headline"]
    assert page.locator("li.article").count() == 6
    frame = page.frame_locator("#brief")
    frame.locator("#summary .cite").first.wait_for()
    assert frame.locator("#summary .cite").count() >= 2
    frame.locator("#summary .cite").first.click()
    frame.locator("#evidence").wait_for(state="visible")
    assert frame.locator("#evidence .evidence-sentence").count() >= 1
    page.screenshot(path=str(artifacts / "store-story.png"))
    assert_nothing_left_localhost(page)
