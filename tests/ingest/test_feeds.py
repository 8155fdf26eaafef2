"""RSS and Atom feeds: one article per entry, and every way a feed can be empty or broken.

Every feed here is written for these tests (invented outlets and events).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfuse.ingest import ReadConfig, read, read_bytes, read_file
from storyfuse.ingest.feeds import parse_feed
from storyfuse.model import Article, ReadResult

REPO = Path(__file__).resolve().parents[2]
FEEDS = REPO / "examples" / "stream" / "feeds"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Quayside Bulletin</title>
  <link>https://quayside.example/</link>
  <language>en-gb</language>
  <item>
    <title>Lock gates fail at Marrow Dock</title>
    <link>https://quayside.example/lock-gates</link>
    <pubDate>Mon, 02 Mar 2026 07:15:00 +0100</pubDate>
    <description>Teaser only.</description>
    <content:encoded><![CDATA[<p>The lock gates at Marrow Dock jammed open on Monday, stranding six barges.</p>]]></content:encoded>
  </item>
  <item>
    <title>Barges freed</title>
    <link>https://quayside.example/barges-freed</link>
    <pubDate>Tue, 03 Mar 2026 18:00:00 GMT</pubDate>
    <description>&lt;p&gt;Engineers freed the six barges on Tuesday evening.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="html">The &lt;b&gt;Estuary&lt;/b&gt; Ledger</title>
  <id>tag:estuary.example,2026:feed</id>
  <updated>2026-03-04T10:00:00Z</updated>
  <entry>
    <title>Dock lock repaired</title>
    <id>tag:estuary.example,2026:1</id>
    <link href="https://estuary.example/lock-repaired"/>
    <published>2026-03-04T09:30:00+02:00</published>
    <updated>2026-03-04T11:00:00+02:00</updated>
    <content type="html">&lt;p&gt;The Marrow Dock lock works again, the port said on Wednesday.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Barge owners seek compensation</title>
    <id>tag:estuary.example,2026:2</id>
    <link href="https://estuary.example/compensation"/>
    <updated>2026-03-04T12:45:00Z</updated>
    <summary type="text">Owners of the six barges say they lost two days of work & want the port to pay.</summary>
  </entry>
</feed>
"""


def _by_id(result: ReadResult) -> dict[str, Article]:
    return {a.id: a for a in result.articles}


def _reasons(result: ReadResult) -> dict[str, str]:
    return {r.path: r.reason for r in result.rejected}


def test_rss_entries_become_articles(put) -> None:
    result = read_file(str(put("quayside.rss", RSS)))
    assert result.rejected == () and result.notices == ()
    first, second = _by_id(result)["quayside/1"], _by_id(result)["quayside/2"]
    assert first.path.endswith("quayside.rss:1") and second.path.endswith("quayside.rss:2")
    assert (first.title, first.url, first.source, first.language) == (
        "Lock gates fail at Marrow Dock", "https://quayside.example/lock-gates", "Quayside Bulletin", "en-gb")
    assert first.published == "2026-03-02T06:15:00Z"  # +0100 read as UTC
    assert second.published == "2026-03-03T18:00:00Z"
    # content:encoded wins over the teaser, as a page around the entry's fragment
    assert first.text is None and first.html is not None
    assert "stranding six barges" in first.html and "Teaser only." not in first.html
    assert first.html.lstrip().startswith("<!DOCTYPE html>") and 'lang="en-gb"' in first.html
    assert "<p>Engineers freed the six barges on Tuesday evening.</p>" in (second.html or "")


def test_atom_entries_become_articles(put) -> None:
    result = read_file(str(put("estuary.atom", ATOM)))
    assert result.rejected == ()
    repaired, compensation = _by_id(result)["estuary/1"], _by_id(result)["estuary/2"]
    assert repaired.source == "The Estuary Ledger"  # an HTML title's markup taken out
    assert (repaired.title, repaired.url, repaired.language) == (
        "Dock lock repaired", "https://estuary.example/lock-repaired", "en")
    assert repaired.published == "2026-03-04T07:30:00Z"  # published, not updated
    assert compensation.published == "2026-03-04T12:45:00Z"  # no published: updated
    assert "The Marrow Dock lock works again" in (repaired.html or "")
    # A plain-text summary stays text (the & is a character, not markup).
    assert compensation.html is None
    assert compensation.text == "Owners of the six barges say they lost two days of work & want the port to pay."


def test_xml_suffix_is_read_as_a_feed_when_it_is_one(put) -> None:
    assert [a.id for a in read_file(str(put("quayside.xml", RSS))).articles] == ["quayside/1", "quayside/2"]
    other = read_file(str(put("config.xml", "<?xml version='1.0'?><settings><a>1</a></settings>")))
    assert other.articles == () and _reasons(other) == {other.rejected[0].path: "not an RSS or Atom feed"}


def test_feed_with_no_entries_is_rejected(put) -> None:
    empty = put("quiet.rss", "<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    result = read_file(str(empty))
    assert result.articles == () and _reasons(result) == {str(empty): "feed has no entries"}
    atom = read_file(str(put("quiet.atom", "<feed xmlns='http://www.w3.org/2005/Atom'><title>Q</title></feed>")))
    assert [r.reason for r in atom.rejected] == ["feed has no entries"]


def test_malformed_xml_without_entries_is_one_line_rejection(put) -> None:
    for name, data in (("cut.rss", "<?xml version='1.0'?><rss version='2.0'><channel><title>Cut"),
                       ("junk.atom", b"\x00\x01\x02 not xml at all \xff\xfe"),
                       ("tags.rss", "<rss><channel><title>A</title></rss>")):
        result = read_file(str(put(name, data)))
        assert result.articles == ()
        [rejection] = result.rejected
        assert rejection.reason.startswith(("malformed feed XML: ", "not an RSS or Atom feed")), rejection
        assert "\n" not in rejection.reason


def test_malformed_xml_with_entries_keeps_them_with_a_notice(put) -> None:
    broken = RSS.replace("</channel>\n</rss>", "<item><title>Half")
    result = read_file(str(put("broken.rss", broken)))
    assert [a.id for a in result.articles] == ["broken/1", "broken/2"]
    [notice] = result.notices
    assert notice.message.startswith("feed read leniently: ") and "line" in notice.message
    # the cut-off third entry has no text: named in a rejection
    assert _reasons(result) == {f"{result.articles[0].path[:-2]}:3": "feed entry 3 has no text"}


def test_entry_without_text_is_rejected_by_name(put) -> None:
    feed = RSS.replace("<description>&lt;p&gt;Engineers freed the six barges on Tuesday evening.&lt;/p&gt;"
                       "</description>", "<description>&lt;p&gt; &lt;/p&gt;</description>")
    path = put("quayside.rss", feed)
    result = read_file(str(path))
    assert [a.id for a in result.articles] == ["quayside/1"]
    assert _reasons(result) == {f"{path}:2": "feed entry 2 ('Barges freed') has no text"}


def test_feed_encoding_comes_from_its_declaration(put) -> None:
    latin = RSS.replace('encoding="utf-8"', 'encoding="iso-8859-1"').replace("Marrow Dock", "Marrów Dock")
    result = read_file(str(put("latin.rss", latin.encode("iso-8859-1"))))
    assert _by_id(result)["latin/1"].title == "Lock gates fail at Marrów Dock"


def test_gzipped_feed_and_feed_on_stdin(put, stdin) -> None:
    assert len(read_file(str(put("quayside.rss.gz", RSS))).articles) == 2
    stdin(ATOM)
    result = read_file("-")
    assert [a.id for a in result.articles] == ["stdin/1", "stdin/2"]


def test_feed_bytes_are_never_taken_for_a_url_or_a_file(tmp_path: Path, put) -> None:
    put("real.rss", RSS)
    for data in (str(tmp_path / "real.rss").encode(), b"https://quayside.example/feed.rss", b"file:///etc/hostname"):
        result = parse_feed(data, "in.rss", "in")
        assert result.articles == () and len(result.rejected) == 1


def test_example_feeds(tmp_path: Path) -> None:
    result = read([FEEDS])
    assert result.rejected == () and result.notices == ()
    got = _by_id(result)
    assert sorted(got) == [f"harbourwatch/{n}" for n in range(1, 8)] + [f"tidewater-post/{n}" for n in range(1, 5)]
    assert {a.source for a in got.values()} == {"Harbourwatch", "The Tidewater Post"}
    assert all(a.url and a.title and a.published for a in got.values())
    assert {a.published[:10] for a in got.values() if a.published} == {"2026-03-03", "2026-03-04"}
    assert got["tidewater-post/3"].published == "2026-03-04T08:10:00Z"
    assert got["tidewater-post/4"].text and got["tidewater-post/4"].html is None


_EXAMPLES = [p.read_bytes() for p in sorted(FEEDS.iterdir())]


@st.composite
def _mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_EXAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            del data[at:at + draw(st.integers(1, 400))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=20) | st.sampled_from([b"<", b"]]>", b"&", b"</item>"]))
    return bytes(data)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["a.rss", "a.atom", "a.xml", "-"]), _mangled())
def test_mangled_feeds_never_raise(name: str, data: bytes) -> None:
    result = read_bytes(name, data, ReadConfig(max_bytes=100_000))
    for rejection in result.rejected:
        assert rejection.reason and "\n" not in rejection.reason
    for notice in result.notices:
        assert "\n" not in notice.message
