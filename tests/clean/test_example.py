"""The example shipped in the repo: clutter out, body in, metadata lifted, for each outlet."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse import Corpus, Document, process


@pytest.fixture(scope="module")
def corpus(example_dir: Path) -> Corpus:
    return process([example_dir])


def by_id(corpus: Corpus, doc_id: str) -> Document:
    return next(d for d in corpus.documents if d.id == doc_id)


def reasons(document: Document) -> dict[str, str]:
    return {r.text: r.reason for r in document.removed}


def test_five_outlets_and_their_metadata(corpus: Corpus) -> None:
    assert corpus.rejected == ()
    sources = {d.id: d.source for d in corpus.documents}
    assert sources == {
        "01_northwire": "Northwire",
        "02_coastal-ledger": "The Coastal Ledger",
        "03_valley-broadcast": "Valley Broadcasting",
        "04_harbour-gazette": "Harbour Gazette",
        "05_civic-radio": "Civic Radio",
    }
    assert by_id(corpus, "04_harbour-gazette").published == "2026-03-04T09:41:00+00:00"
    assert by_id(corpus, "03_valley-broadcast").published == "2026-03-03"
    assert by_id(corpus, "02_coastal-ledger").title.startswith("Container Ship Runs Aground")


def test_reprint_keeps_body_and_drops_appeal(corpus: Corpus) -> None:
    ledger = by_id(corpus, "02_coastal-ledger")
    assert reasons(ledger)["Support The Coastal Ledger!"] == "call to action"
    assert reasons(ledger)["Read more"] == "navigation"
    assert "small favour to ask" not in ledger.text
    assert ledger.text.startswith("CALDERHAVEN, March 3 (Northwire)")


def test_gazette_clutter_and_short_body_lines(corpus: Corpus) -> None:
    gazette = by_id(corpus, "04_harbour-gazette")
    got = reasons(gazette)
    assert got["Night sailings halted"] == "subheading"
    assert got["02 Mar 26 | Coast"] == "related links"
    assert got["Sign in"] == "navigation"
    assert got["News Sport Weather Business Culture"] == "navigation"
    assert "The inquiry will report within six weeks." in gazette.text.split("\n\n")
    assert "All rights reserved" not in gazette.text


def test_civic_radio_captions_and_notices(corpus: Corpus) -> None:
    radio = by_id(corpus, "05_civic-radio")
    got = reasons(radio)
    assert got["Ilse Marrow briefs reporters at the port office."] == "photo caption"
    assert got["To find out more, click here."] == "call to action"
    assert radio.text.startswith("CALDERHAVEN -- ")
    assert "Dunmore says" in radio.text


def test_html_page_is_extracted_without_navigation(corpus: Corpus) -> None:
    valley = by_id(corpus, "03_valley-broadcast")
    assert "We use cookies" not in valley.text
    assert "Watch Live" not in valley.text
    assert "We won't reopen the channel after dark" in valley.text
