"""The page's script in headless Chromium: citations open the evidence, Escape closes it.

Skipped when Playwright or a Chromium binary is missing (STORYFUSE_CHROMIUM names one); in CI
(CI set) they fail instead: see the ``browser`` fixture in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyfuse.model import Digest


@pytest.fixture()
def open_page(browser: Any, calderhaven_html: str, tmp_path: Path) -> Iterator[Any]:
    """The brief as a file; any request the page makes is recorded and refused."""
    target = tmp_path / "brief.html"
    target.write_text(calderhaven_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []

    def only_the_page(route: Any) -> None:
        if route.request.url == target.as_uri():
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(target.as_uri())
    yield page
    page.close()
    assert requests == [] and errors == []


def test_every_citation_shows_its_sources_sentence(open_page: Any, calderhaven: Digest) -> None:
    page = open_page
    sentences = {s.text for doc in calderhaven.analysis.documents for s in doc.sentences}
    evidence = page.locator("#evidence")
    assert not evidence.is_visible()
    cites = page.locator("#summary .cite")
    assert cites.count() == sum(len(s.citations) for s in calderhaven.summary)
    for index in range(cites.count()):
        cite = cites.nth(index)
        cite.click()
        assert evidence.is_visible()
        texts = evidence.locator(".evidence-sentence .evidence-text").all_text_contents()
        assert texts and set(texts) <= sentences
        active = evidence.locator(".evidence-sentence.is-active .evidence-outlet").first.text_content()
        assert active.startswith(cite.text_content())
        assert cite.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not evidence.is_visible()


def test_keyboard_opens_and_escape_returns_focus(open_page: Any) -> None:
    page = open_page
    page.locator("h1").first.click()
    first = page.locator("#summary .cite").first
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('cite')")
    assert page.locator("#evidence").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert not page.locator("#evidence").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('cite')")
    assert first.get_attribute("aria-expanded") == "false"


def test_on_a_phone_the_panel_leaves_the_citation_in_view(open_page: Any) -> None:
    page = open_page
    page.set_viewport_size({"width": 390, "height": 760})
    cites = page.locator("#summary .cite")
    cite = cites.nth(min(20, cites.count() - 1))
    cite.click()
    panel = page.locator("#evidence").bounding_box()
    box = cite.bounding_box()
    assert panel is not None and box is not None
    assert box["y"] + box["height"] <= panel["y"]
    page.locator("h1").first.click()
    assert not page.locator("#evidence").is_visible()
