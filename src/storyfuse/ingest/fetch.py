"""Fetching a URL, never into this machine's own network: the guarded core that the web app
(article pages) and ``storyfuse ingest --allow-fetch`` (feeds) share.

A URL given by someone else could point at the machine itself (``localhost``, a cloud metadata
address, a router's admin page). So: http/https only; the host is resolved here and refused
unless *every* address it resolves to is public; the connection goes to the address that was
checked (the Host header and TLS name stay the original host, so DNS cannot change its answer
between check and connect); redirects are followed by hand, each hop checked the same way;
timeouts, a whole-fetch deadline and a byte cap bound what one URL can cost. No proxies from
the environment (they would connect somewhere we did not check).

Needs httpx (the ``fetch`` or ``web`` extra); nothing here imports FastAPI, and the core reader
package never imports this module, so reading files works without httpx.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from storyfuse.errors import FetchRefused, InputError
from storyfuse.ingest.decode import describe_size, gunzip

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to, as strings (socket.getaddrinfo's answer).
Resolver = Callable[[str, int], list[str]]

# Checked in this order so that the reason names the most specific kind (0.0.0.0, 169.254.x.x
# and 240.x.x.x are also "private" to Python).
_BLOCKED = (
    ("is_unspecified", "unspecified"),
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_reserved", "reserved"),
    ("is_private", "private"),
)
_DEADLINE_FACTOR = 3  # whole fetch, redirects included: this many times the per-read timeout
_USER_AGENT = "storyfuse (+local brief builder)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What one fetch may cost and what it may bring back.

    ``kinds``: the content types accepted (the first stands in for a response that names
    none); ``noun`` and ``what`` name the thing in refusals ("page is over …", "not a web page
    or text (content type …)"), so each caller's messages speak of what it fetches.
    """

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 3
    kinds: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
    accept: str = "text/html, text/plain;q=0.8"
    noun: str = "page"
    what: str = "a web page or text"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What a URL gave: the final URL after redirects, its content type and body."""

    url: str
    content_type: str
    data: bytes


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_reason(address: Address) -> str | None:
    """Why we may not be made to connect to ``address``; None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for attribute, kind in _BLOCKED:
        if getattr(address, attribute):
            return kind
    return None if address.is_global else "non-public"


def public_addresses(url: str, host: str, port: int, resolve: Resolver = system_resolver) -> list[Address]:
    """The host's addresses, or :class:`FetchRefused` unless every one of them is public.

    All must pass, not just the first: a name answering both a public and a private address
    would otherwise let the connection land on the private one.
    """
    try:
        answers = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(url, f"cannot resolve host {host!r} ({exc})") from None
    if not answers:
        raise FetchRefused(url, f"host {host!r} resolves to no address")
    try:
        addresses = [ipaddress.ip_address(answer.split("%")[0]) for answer in answers]
    except ValueError as exc:
        raise FetchRefused(url, f"host {host!r} resolves to something that is not an address ({exc})") from None
    for address in addresses:
        reason = blocked_reason(address)
        if reason:
            raise FetchRefused(url, f"host {host!r} resolves to {address}, a {reason} address; not fetched")
    return addresses


def fetch(
    url: str, policy: FetchPolicy, resolve: Resolver = system_resolver, transport: httpx.BaseTransport | None = None
) -> FetchedPage:
    """GET ``url`` under the policy above; ``transport`` replaces the network in tests.

    Every failure (refused address, timeout, too large, HTTP error) is :class:`FetchRefused`
    naming the URL that failed (a redirect's target, when that is where it failed).
    """
    timeout = httpx.Timeout(policy.timeout)
    deadline = time.monotonic() + _DEADLINE_FACTOR * policy.timeout
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(policy.max_redirects + 1):
            target = _parse(url)
            host = target.raw_host.decode("ascii")
            address = public_addresses(url, host, target.port or _default_port(target), resolve)[0]
            try:
                page, location = _get(client, url, target, address, policy, deadline)
            except (httpx.HTTPError, httpx.StreamError) as exc:
                raise FetchRefused(url, f"fetch failed: {type(exc).__name__} {exc}".strip()) from None
            if page is not None:
                return page
            url = urljoin(url, location)
    raise FetchRefused(url, f"more than {policy.max_redirects} redirects; not followed")


def _parse(url: str) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchRefused(url, f"not a valid URL ({exc})") from None
    if target.scheme not in ("http", "https"):
        raise FetchRefused(url, f"only http and https URLs are fetched, not {target.scheme or 'a relative URL'!r}")
    if not target.host:
        raise FetchRefused(url, "URL has no host")
    if target.userinfo:
        raise FetchRefused(url, "URLs with user names or passwords are not fetched")
    return target


def _default_port(target: httpx.URL) -> int:
    return 443 if target.scheme == "https" else 80


def _get(
    client: httpx.Client, url: str, target: httpx.URL, address: Address, policy: FetchPolicy, deadline: float
) -> tuple[FetchedPage | None, str]:
    """One hop: the page, or (None, the redirect's Location)."""
    pinned = target.copy_with(host=str(address))
    headers = {"User-Agent": _USER_AGENT, "Accept": policy.accept, "Accept-Encoding": "gzip",
               "Host": target.netloc.decode("ascii")}
    extensions = {"sni_hostname": target.raw_host.decode("ascii")} if target.scheme == "https" else {}
    with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
        if response.is_redirect:
            location = response.headers.get("location")
            if not location:
                raise FetchRefused(url, f"HTTP {response.status_code} redirect without a Location")
            return None, location
        if response.status_code >= 400:
            raise FetchRefused(url, f"HTTP {response.status_code} {response.reason_phrase}")
        content_type = response.headers.get("content-type", policy.kinds[0])
        if content_type.split(";")[0].strip().lower() not in policy.kinds:
            raise FetchRefused(url, f"not {policy.what} (content type {content_type})")
        data = _read_capped(response, url, policy, deadline)
    return FetchedPage(url, content_type, data), ""


def _read_capped(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    """The raw body, refused past the byte cap or the deadline; gzip undone with the same cap."""
    body = bytearray()
    for chunk in response.iter_raw():
        body += chunk
        if len(body) > policy.max_bytes:
            raise FetchRefused(url, f"{policy.noun} is over the {describe_size(policy.max_bytes)} fetch limit")
        if time.monotonic() > deadline:
            raise FetchRefused(url, f"{policy.noun} took too long to download")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        try:
            return gunzip(bytes(body), url, policy.max_bytes)
        except InputError as exc:
            raise FetchRefused(url, f"{policy.noun} {exc.reason}") from None
    if encoding not in ("identity", ""):
        raise FetchRefused(url, f"unsupported content encoding {encoding!r}")
    return bytes(body)


__all__ = ["Address", "FetchPolicy", "FetchedPage", "Resolver", "blocked_reason", "fetch", "public_addresses",
           "system_resolver"]
