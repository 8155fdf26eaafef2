"""A few lookups over the rendered page (lxml), so tests read like the markup contract."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement


@dataclass(frozen=True)
class Page:
    root: HtmlElement

    def by_id(self, element_id: str) -> HtmlElement:
        found = self.root.xpath("//*[@id=$id]", id=element_id)
        assert len(found) == 1, f"expected one #{element_id}, found {len(found)}"
        return found[0]

    def has_id(self, element_id: str) -> bool:
        return bool(self.root.xpath("//*[@id=$id]", id=element_id))


def parse(html: str) -> Page:
    return Page(lxml.html.document_fromstring(html))


def by_class(node: HtmlElement, name: str, tag: str = "*") -> list[HtmlElement]:
    """Descendants of ``node`` whose class list holds ``name`` (like ``node.querySelectorAll``)."""
    return list(node.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), $name)]",
                           name=f" {name} "))


def text(node: HtmlElement) -> str:
    """The DOM's ``textContent``."""
    return str(node.text_content())
