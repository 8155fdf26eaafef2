"""Articles whose text, outlet names and titles carry markup: untrusted input for the writers."""

from __future__ import annotations

from storyfuse.model import Article

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


def hostile_articles() -> list[Article]:
    """Two outlets reporting the same things, with markup in the text, outlet name and title."""
    body = (f"The mayor said the bridge {SCRIPT} would close on Monday for repairs lasting three weeks.\n\n"
            f"Engineers found cracks in the main span {IMAGE} last week, officials said.\n\n"
            "\"It is not <b>safe</b> to cross,\" the mayor said. See https://evil.example/x.js for more.\n")
    other = (f"The mayor said the bridge {SCRIPT} will close on Monday for three weeks of repairs.\n\n"
             f"Cracks in the main span {IMAGE} were found last week, engineers said.\n\n"
             "\"It is not <b>safe</b> to cross at all,\" the mayor said.\n")
    return [
        Article(id="evil", path="evil.txt", text=body, source="<b>Evil</b> Times",
                title="</title><script>alert(2)</script>"),
        Article(id="other", path="other.txt", text=other, source="Other \"Post\" & Co",
                title="Bridge <i>to</i> close"),
    ]
