"""The URL fetcher's address policy and its redirects, caps and timeouts, with no network:
name resolution is a stub and HTTP is httpx's MockTransport."""

from __future__ import annotations

import gzip
import ipaddress

import httpx
import pytest

from storyfuse.errors import FetchRefused
from storyfuse.model import Article
from storyfuse.web import WebConfig
from storyfuse.web.fetch import blocked_reason, fetch_page, page_article, public_addresses
from tests.network import resolver

PUBLIC = "93.184.215.14"
CONFIG = WebConfig(allow_fetch=True)


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fd00::1", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6 is judged as the IPv4 address
    ("::ffff:10.0.0.1", "private"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT: not "private" to Python, still not public
])
def test_blocked_addresses(address: str, kind: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_a_host_is_refused_if_any_of_its_addresses_is_not_public() -> None:
    resolve = resolver({"mixed.example": [PUBLIC, "10.0.0.7"], "good.example": [PUBLIC, "2606:4700::1"]})
    with pytest.raises(FetchRefused) as refused:
        public_addresses("http://mixed.example/", "mixed.example", 80, resolve)
    assert refused.value.reason == "host 'mixed.example' resolves to 10.0.0.7, a private address; not fetched"
    assert [str(a) for a in public_addresses("u", "good.example", 80, resolve)] == [PUBLIC, "2606:4700::1"]


def test_unresolvable_host_is_refused() -> None:
    with pytest.raises(FetchRefused, match="cannot resolve host 'nowhere.example'"):
        public_addresses("http://nowhere.example/", "nowhere.example", 80, resolver({}))


def page(body: bytes = b"<html><body><p>News.</p></body></html>", **headers: str) -> httpx.Response:
    """A streamed response, as from the network (``content=`` would hand httpx a body already read)."""
    return httpx.Response(200, stream=httpx.ByteStream(body),
                          headers={"content-type": "text/html; charset=utf-8", **headers})


def test_connects_to_the_checked_address_with_the_original_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return page()

    fetched = fetch_page("https://news.example:8443/story?id=1", CONFIG,
                         resolver({"news.example": [PUBLIC]}), httpx.MockTransport(handler))
    assert fetched.data.startswith(b"<html>")
    assert fetched.url == "https://news.example:8443/story?id=1"
    request = seen[0]
    assert request.url.host == PUBLIC and request.url.port == 8443 and request.url.path == "/story"
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"


@pytest.mark.parametrize("url", ["http://localhost/", "http://127.0.0.1:8000/api/health", "http://[::1]/",
                                 "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/"])
def test_the_servers_own_network_is_never_fetched(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no connection may be made")

    resolve = resolver({"localhost": ["127.0.0.1", "::1"], "127.0.0.1": ["127.0.0.1"], "::1": ["::1"],
                        "169.254.169.254": ["169.254.169.254"], "0.0.0.0": ["0.0.0.0"]})
    with pytest.raises(FetchRefused, match="address; not fetched"):
        fetch_page(url, CONFIG, resolve, httpx.MockTransport(handler))


def test_redirects_are_followed_by_hand_and_checked() -> None:
    hops: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hops.append(request.headers["host"])
        if request.headers["host"] == "short.example":
            return httpx.Response(302, headers={"location": "https://news.example/final"})
        return page()

    resolve = resolver({"short.example": [PUBLIC], "news.example": ["93.184.215.15"]})
    fetched = fetch_page("http://short.example/x", CONFIG, resolve, httpx.MockTransport(handler))
    assert hops == ["short.example", "news.example"]
    assert fetched.url == "https://news.example/final"


def test_a_redirect_into_the_private_network_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["host"] == "evil.example", "never connects to the redirect target"
        return httpx.Response(301, headers={"location": "http://intranet.example/admin"})

    resolve = resolver({"evil.example": [PUBLIC], "intranet.example": ["192.168.0.10"]})
    with pytest.raises(FetchRefused) as refused:
        fetch_page("http://evil.example/", CONFIG, resolve, httpx.MockTransport(handler))
    assert refused.value.path == "http://intranet.example/admin"
    assert "192.168.0.10, a private address" in refused.value.reason


def test_at_most_three_redirects() -> None:
    count = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal count
        count += 1
        return httpx.Response(302, headers={"location": f"/hop{count}"})

    with pytest.raises(FetchRefused, match="more than 3 redirects"):
        fetch_page("http://loop.example/", CONFIG, resolver({"loop.example": [PUBLIC]}), httpx.MockTransport(handler))
    assert count == 4  # the first request and three redirects


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://files.example/a.txt", "only http and https URLs are fetched, not 'ftp'"),
    ("file:///etc/passwd", "only http and https URLs are fetched, not 'file'"),
    ("javascript:alert(1)", "only http and https URLs are fetched"),
    ("http://user:secret@news.example/", "URLs with user names or passwords are not fetched"),
    ("news.example/story", "only http and https URLs are fetched"),
])
def test_only_plain_http_urls(url: str, message: str) -> None:
    with pytest.raises(FetchRefused, match=message):
        fetch_page(url, CONFIG, resolver({}), httpx.MockTransport(lambda r: page()))


def test_byte_cap_and_content_type() -> None:
    resolve = resolver({"news.example": [PUBLIC]})
    capped = WebConfig(allow_fetch=True, fetch_max_bytes=1000)
    big = httpx.MockTransport(lambda r: page(b"<p>" + b"x" * 5000 + b"</p>"))
    with pytest.raises(FetchRefused, match="page is over the 0.001 MB fetch limit"):
        fetch_page("http://news.example/", capped, resolve, big)
    bomb = httpx.MockTransport(lambda r: page(gzip.compress(b" " * 100_000), **{"content-encoding": "gzip"}))
    with pytest.raises(FetchRefused, match="expands to more than"):
        fetch_page("http://news.example/", capped, resolve, bomb)
    pdf = httpx.MockTransport(lambda r: httpx.Response(200, stream=httpx.ByteStream(b"%PDF"), headers={"content-type": "application/pdf"}))
    with pytest.raises(FetchRefused, match="not a web page or text"):
        fetch_page("http://news.example/", CONFIG, resolve, pdf)
    missing = httpx.MockTransport(lambda r: httpx.Response(404))
    with pytest.raises(FetchRefused, match="HTTP 404"):
        fetch_page("http://news.example/", CONFIG, resolve, missing)


def test_timeouts_become_refusals() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(FetchRefused, match="fetch failed: ConnectTimeout"):
        fetch_page("http://slow.example/", CONFIG, resolver({"slow.example": [PUBLIC]}), httpx.MockTransport(handler))


def test_gzip_pages_are_undone_and_become_articles() -> None:
    body = "<html><body><p>Zürich news.</p></body></html>".encode()
    transport = httpx.MockTransport(lambda r: page(gzip.compress(body), **{"content-encoding": "gzip"}))
    fetched = fetch_page("http://news.example/", CONFIG, resolver({"news.example": [PUBLIC]}), transport)
    article = page_article(fetched, Article(id="a", path="articles[0]", url="http://news.example/"))
    assert article.html == body.decode() and article.text is None
    plain = page_article(fetched.__class__(fetched.url, "text/plain", b"Just text."), article)
    assert plain.text == "Just text." and plain.html is None
