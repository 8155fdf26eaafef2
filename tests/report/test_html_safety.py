"""Article text is untrusted: it stays text on the page, and the page fetches nothing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from storyfuse import Runner, process
from storyfuse.model import Digest
from storyfuse.report.html import render_html
from tests.report.dom import by_class, parse, text
from tests.report.hostile import SCRIPT

EXTERNAL = re.compile(r"\s*(https?:|//|ftp:|file:)", re.IGNORECASE)
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href",
                  "cite", "longdesc", "manifest", "ping"}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def tags_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def test_markup_in_articles_stays_text(hostile: Digest) -> None:
    html = render_html([hostile])
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert not re.search(r"<[^>]*\bonerror\s*=", html), "an onerror attribute inside a tag"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    parsed = tags_of(html)
    assert [tag for tag, _ in parsed.tags if tag in {"img", "iframe", "object", "embed", "link", "base"}] == []
    assert len(parsed.scripts) == 1 and "alert" not in parsed.scripts[0]
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)
    # Article text goes into element content only: no attribute carries any of it.
    values = [value or "" for tag, attrs in parsed.tags for _, value in attrs if tag != "meta"]
    assert not [v for v in values if re.search(r"[<>\"]|alert|Evil|mayor", v)]


def test_hostile_text_reads_back_verbatim(hostile: Digest) -> None:
    """Escaping changes the bytes, never the text a reader (or textContent) sees."""
    page = parse(render_html([hostile]))
    summary = [text(node) for node in by_class(page.by_id("summary"), "summary-sentence")]
    for sentence, shown in zip(hostile.summary, summary, strict=True):
        assert shown.startswith(sentence.text)
    evidence = {text(node) for node in by_class(page.root, "ev-text")}
    assert any(SCRIPT in line for line in evidence)
    assert "<b>Evil</b> Times" in text(page.by_id("sources"))
    assert page.root.xpath("string(//title)") in {"</title><script>alert(2)</script>", "Bridge <i>to</i> close"}


def assert_no_external_loads(html: str) -> None:
    parsed = tags_of(html)
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                assert not EXTERNAL.match(value), f"<{tag} {name}={value!r}>"
    csp = [dict(attrs).get("content") or "" for tag, attrs in parsed.tags
           if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1
    for directive in ("default-src 'none'", "style-src 'unsafe-inline'", "script-src 'unsafe-inline'",
                      "img-src data:"):
        assert directive in csp[0]
    style = "".join(re.findall(r"<style>(.*?)</style>", html, re.DOTALL))
    assert "@import" not in style and "@font-face" not in style
    assert all(url.startswith("data:") for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", style))
    assert not re.search(r"\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts)\b",
                         "".join(parsed.scripts))


def test_the_page_loads_nothing(calderhaven_html: str, hostile: Digest) -> None:
    assert_no_external_loads(calderhaven_html)
    assert_no_external_loads(render_html([hostile]))


@pytest.mark.shared
def test_the_seeds_page_loads_nothing(runner: Runner, seeds_dir: Path) -> None:
    html = render_html([runner.digest(process([seeds_dir]))[0]])
    assert_no_external_loads(html)
    page = parse(html)
    assert "syndicated with [1]" in text(page.by_id("coverage"))
