"""Write examples/stream/crawl.warc.gz: an invented crawl of the invented Calder Courier.

Every page, outlet, place and person here is fictional (see README.md). The archive is
rebuilt byte for byte by running ``python examples/make_stream_warc.py``: record ids and dates
are fixed, and warcio gzips each record as its own member.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SITE = "https://calder-courier.example"
OUT = Path(__file__).parent / "stream" / "crawl.warc.gz"
NAMESPACE = uuid.UUID("6f1c2a53-0c1e-4b7a-9d3e-2a8f5c0e7b41")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Calder Courier</title>
<meta property="og:site_name" content="Calder Courier">
{meta}</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article>
<h1>{title}</h1>
{paragraphs}
</article>
<footer>&copy; 2026 Calder Courier. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""

# (path, capture time, title, <meta> lines, paragraphs)
PAGES = [
    ("/news/orla-brandt-aground", "2026-03-03T08:12:31Z", "Cargo ship stuck at harbour mouth",
     '<meta property="article:published_time" content="2026-03-03T07:30:00+00:00">\n', [
         "CALDERHAVEN - The container ship MV Orla Brandt was stuck fast on a sandbank at the harbour mouth "
         "on Tuesday morning after grounding in the small hours.",
         "The port authority said the ship went aground at about 2:40 a.m. near the north breakwater. "
         "Its crew of 21 were unhurt and remained on board.",
         "Harbour master Ilse Marrow told the Courier that the channel would not reopen at night until it was "
         "certain to be safe. Salvage tugs were due to try to refloat the ship on the afternoon tide.",
     ]),
    ("/news/inquiry-into-grounding", "2026-03-03T16:40:05Z", "Minister orders inquiry into grounding",
     "", [
         "Transport Minister Tomas Vey has ordered an inquiry into the grounding of the MV Orla Brandt at the "
         "Calderhaven harbour mouth.",
         "Mr Vey said the inquiry would look at how the ship left the dredged channel and at staffing at the "
         "vessel traffic centre, where the night shift was cut from four operators to two last year.",
         "Rafe Dunmore, a union spokesperson, said staff had warned about the cuts in writing. The inquiry is "
         "expected to report within six weeks.",
     ]),
    ("/news/ferry-strike-wednesday", "2026-03-04T05:55:48Z", "Ferries stay in port as crews strike",
     "", [
         "Calder Line ferries stayed tied up in Calderhaven on Wednesday as deck and engine crews began a strike "
         "over staffing.",
         "The Ferry and Dock Staff Union said the walkout started at 5 a.m. and would last 24 hours. Its "
         "spokesperson, Mara Quill, said crews had been working double shifts for months.",
         "Replacement buses ran from the ferry terminal, and the newly reopened Saltmarsh Bridge carried much of "
         "the extra traffic.",
     ]),
    ("/news/saltmarsh-bridge-reopens", "2026-03-04T09:21:17Z", "Saltmarsh Bridge reopens after 14 months",
     '<meta itemprop="datePublished" content="2026-03-04T07:15:00+00:00">\n', [
         "The Saltmarsh Bridge reopened to traffic at 6 a.m. on Wednesday, 14 months after it was closed when "
         "cracks were found in two of its supports.",
         "Council leader Anwen Pryce said the repairs had cost 8.2 million. Vehicles over 18 tonnes are barred "
         "from the bridge until April while engineers monitor the new supports.",
     ]),
    ("/news/orla-brandt-refloated", "2026-03-04T16:02:09Z", "Orla Brandt pulled free on second try",
     "", [
         "Three tugs freed the MV Orla Brandt from the sandbank at the Calderhaven harbour mouth on Wednesday "
         "afternoon, a day after the first attempt to refloat it failed.",
         "Harbour master Ilse Marrow said divers had found no damage below the waterline. The ship was towed to "
         "berth 4, and night sailings remain suspended until the channel has been surveyed.",
     ]),
]


def _record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, name)}>"


def _page(title: str, meta: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return PAGE.format(title=title, meta=meta, paragraphs=body).encode("utf-8")


def _response(writer: WARCWriter, url: str, date: str, status: str, content_type: str, body: bytes) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(url)})
    writer.write_record(record)


def _request(writer: WARCWriter, url: str, date: str) -> None:
    path = url.removeprefix(SITE) or "/"
    http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "calder-courier.example")], is_http_request=True)
    record = writer.create_warc_record(url, "request", http_headers=http,
                                       warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id("GET " + url)})
    writer.write_record(record)


def build() -> bytes:
    """The archive: a warcinfo record, robots.txt, a redirect, and the five pages (one with its request)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = writer.create_warcinfo_record("crawl.warc.gz", {"software": "storyfuse examples/make_stream_warc.py",
                                                           "description": "Invented pages for storyfuse tests"})
    info.rec_headers.replace_header("WARC-Date", "2026-03-04T16:10:00Z")
    info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
    writer.write_record(info)
    _response(writer, f"{SITE}/robots.txt", "2026-03-03T08:12:30Z", "200 OK", "text/plain",
              b"User-agent: *\nAllow: /\n")
    _response(writer, f"{SITE}/news/grounding", "2026-03-03T08:12:30Z", "301 Moved Permanently", "text/html",
              b"")
    for n, (path, date, title, meta, paragraphs) in enumerate(PAGES):
        if n == 0:
            _request(writer, SITE + path, date)
        _response(writer, SITE + path, date, "200 OK", "text/html; charset=utf-8", _page(title, meta, paragraphs))
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
