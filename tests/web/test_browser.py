"""End to end in headless Chromium: the page against the real server (uvicorn on 127.0.0.1).

Pastes the five seed reports, waits for the brief, opens a citation's evidence and checks
the source sentence is verbatim from a seed; then hostile articles (scripts, event handlers,
javascript: links) must stay text, in the page, in the brief's frame and in the API's HTML
opened on its own. No request may leave 127.0.0.1. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.browser

BRIEF_TIMEOUT_MS = 30_000
PHONE = {"width": 390, "height": 844}  # an iPhone 12-15 screen in CSS pixels
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">read more</a>',
]


@contextmanager
def recording_page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every request it (or its frames) makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    page.set_default_timeout(BRIEF_TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    with recording_page(browser) as page:
        yield page


def assert_nothing_left_localhost(page: Any) -> None:
    outside = []
    for url in page.requests:
        parts = urlparse(url)
        if parts.scheme in ("data", "about", "blob", "file"):
            continue
        if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
            outside.append(url)
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def paste(page: Any, articles: list[dict[str, str]]) -> None:
    """One textarea per article, adding blocks with the page's own button."""
    for n, article in enumerate(articles):
        if n:
            page.click("#add-article")
        block = page.locator("#articles .article").nth(n)
        block.locator("textarea").fill(article["text"])
        if article.get("title"):
            block.locator("input.title").fill(article["title"])
        if article.get("source"):
            block.locator("input.source").fill(article["source"])
        if article.get("kind"):
            block.locator("select.kind").select_option(article["kind"])


def make_brief(page: Any, live_server: str) -> Any:
    """Submit, see the stages, and return the brief's frame once its summary is there."""
    page.click("#submit")
    page.wait_for_selector("#status:not([hidden]) #stages li")
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#stages li").all_text_contents() == [
        "reading", "cleaning", "analysing", "summarising", "rendering"]
    assert page.locator("#stages li.done").count() == 5
    assert page.locator("#status-text").text_content() == "Done."
    frame = page.frame_locator("#brief")
    frame.locator("#summary").wait_for()
    return frame


def brief_frame(page: Any) -> Any:
    """The brief's frame as a Frame (to evaluate script in it)."""
    return next(f for f in page.frames if f.url.endswith("/brief"))


def screenshot_whole(page: Any, path: Path, width: int) -> None:
    """The page and the whole brief in one image.

    The brief scrolls inside its frame, and a full-page screenshot does not repaint a frame's
    content below the first screen; so the frame is made as tall as the brief and the viewport
    as tall as the page before a plain screenshot.
    """
    page.evaluate("() => { document.getElementById('brief').style.height = ''; }")
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(200)  # let the frame lay out at the new width before measuring it
    height = brief_frame(page).evaluate("document.documentElement.scrollHeight")
    page.evaluate("h => { document.getElementById('brief').style.height = h + 'px'; }", height)
    page.set_viewport_size({"width": width, "height": page.evaluate("document.documentElement.scrollHeight")})
    page.wait_for_timeout(300)  # let the frame repaint at its new size
    page.screenshot(path=str(path))


def test_seed_articles_make_a_brief_with_verbatim_evidence(
    page: Any, live_server: str, seeds_dir: Path, artifacts: Path
) -> None:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    assert len(seeds) == 5
    page.goto(live_server + "/")
    paste(page, [{"text": text} for text in seeds])
    assert page.locator("#articles textarea").count() == 5
    frame = make_brief(page, live_server)

    cites = frame.locator("#summary .cite")
    assert cites.count() >= 5
    assert frame.locator("#evidence").is_hidden()
    cites.first.click()
    evidence = frame.locator("#evidence")
    evidence.wait_for(state="visible")
    texts = [t.strip() for t in evidence.locator(".evidence-sentence .evidence-text").all_text_contents()]
    assert texts, "the evidence panel lists the source sentences"
    for text in texts:
        assert any(text in seed for seed in seeds), f"not verbatim from a seed: {text!r}"

    screenshot_whole(page, artifacts / "seeds-brief.png", 1400)
    screenshot_whole(page, artifacts / "seeds-brief-phone.png", PHONE["width"])
    assert (artifacts / "seeds-brief.png").stat().st_size > 10_000
    assert_nothing_left_localhost(page)


def hostile_articles() -> list[dict[str, str]]:
    payload = " ".join(HOSTILE)
    body = (
        f"The harbour council voted on Tuesday to close the coastal road for repairs {payload} after a landslide, "
        "officials said. The closure will last three weeks, the council said in a statement. "
        f"Engineers found cracks along two kilometres of the road, javascript:window.__pwned=1 the report said."
    )
    return [
        {"text": body, "title": f'Road closed {HOSTILE[1]}', "source": f"Gazette {HOSTILE[0]}"},
        {"text": body.replace("Tuesday", "Tuesday evening"), "source": "Ledger"},
        {"text": f"<html><body><article><h1>Road shut</h1><p>{body}</p>"
                 f"<script>window.__pwned = 1</script></article></body></html>", "kind": "html"},
    ]


def assert_not_pwned(frame_or_page: Any) -> None:
    assert frame_or_page.evaluate("typeof window.__pwned") == "undefined"
    assert frame_or_page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
    assert frame_or_page.evaluate("document.querySelectorAll('img[onerror], [onerror], [onclick]').length") == 0


def test_injected_scripts_stay_text(page: Any, live_server: str, tmp_path: Path) -> None:
    page.goto(live_server + "/")
    paste(page, hostile_articles())
    frame = make_brief(page, live_server)
    frame.locator("#summary .cite").first.wait_for()
    shown = frame.locator("body").text_content() or ""
    assert "<script>window.__pwned = 1</script>" in shown, "the hostile markup is shown as text"
    assert '<img src=x onerror="window.__pwned=1">' in shown
    frame.locator("#summary .cite").first.click()
    frame.locator("#evidence").wait_for(state="visible")
    assert_not_pwned(page)
    assert_not_pwned(brief_frame(page))
    assert_nothing_left_localhost(page)

    # The API's HTML brief, opened on its own: as page content, then as a file.
    response = httpx.post(live_server + "/api/digest?format=html",
                          json={"articles": [{k: v for k, v in a.items() if k != "kind"} for a in
                                             hostile_articles()[:2]]}, timeout=30)
    assert response.status_code == 200
    assert "<script>window.__pwned" not in response.text and "&lt;script&gt;window.__pwned" in response.text
    alone = page.context.new_page()
    alone.on("request", lambda request: page.requests.append(request.url))
    alone.set_content(response.text)
    alone.locator("#summary .cite").first.click()
    assert_not_pwned(alone)
    saved = tmp_path / "brief.html"
    saved.write_text(response.text, encoding="utf-8")
    alone.goto(saved.as_uri())
    alone.locator("#summary .cite").first.click()
    alone.locator("#evidence").wait_for(state="visible")
    assert_not_pwned(alone)
    assert_nothing_left_localhost(page)


def test_zip_upload_through_the_page(page: Any, live_server: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(EXAMPLE.iterdir()):
            archive.writestr(f"calderhaven/{path.name}", path.read_bytes())
    page.goto(live_server + "/")
    page.set_input_files("#files", files=[{"name": "calderhaven.zip", "mimeType": "application/zip",
                                            "buffer": buffer.getvalue()}])
    page.fill("#words", "80")
    frame = make_brief(page, live_server)
    assert "Calderhaven" in (frame.locator("body").text_content() or "")
    assert page.locator("#get-json").get_attribute("href", timeout=1000).endswith("/brief?format=json")
    assert_nothing_left_localhost(page)


def test_errors_show_in_the_page(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.click("#submit")
    assert page.locator("#error").text_content() == "Paste at least one article or choose files."
    paste(page, [{"text": "   "}, {"text": "https://example.com/story"}])
    page.click("#submit")
    expect(page.locator("#error")).to_contain_text("fetching URLs is off; start with --allow-fetch")
    page.locator("#articles .article").nth(1).locator("textarea").fill("")
    page.locator("#articles .article").nth(0).locator("textarea").fill("\u0000\u0001")
    page.click("#submit")
    expect(page.locator("#error")).to_have_text("nothing usable in the input")
    expect(page.locator("#rejected li")).to_have_count(1)
    assert_nothing_left_localhost(page)
