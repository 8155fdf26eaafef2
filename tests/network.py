"""Stand-ins for the network in fetch tests: DNS answers from a table (no lookup leaves the
machine); the transports are httpx's own ``MockTransport``."""

from __future__ import annotations

from collections.abc import Callable


def resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    """A resolver answering from ``table`` (host → addresses), as getaddrinfo fails otherwise."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return table[host]

    return resolve
