"""The reference example: every clutter line out (with its reason), every body line in.

Reads ../shared/seeds (third-party text, never copied into the repo); asserts specific
lines both ways for each of the five outlets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse import Corpus, Document, process


@pytest.fixture(scope="module")
def corpus(seeds_dir: Path) -> Corpus:
    return process([seeds_dir])


def doc(corpus: Corpus, prefix: str) -> Document:
    return next(d for d in corpus.documents if d.id.startswith(prefix))


def removed(document: Document) -> dict[str, str]:
    return {r.text: r.reason for r in document.removed}


def assert_kept(document: Document, *lines: str) -> None:
    paragraphs = document.text.split("\n\n")
    for line in lines:
        assert any(p.startswith(line) for p in paragraphs), f"body line lost: {line!r}"


def assert_removed(document: Document, expected: dict[str, str]) -> None:
    got = removed(document)
    for start, reason in expected.items():
        matches = [text for text in got if text.startswith(start)]
        assert matches, f"clutter kept: {start!r}"
        assert got[matches[0]] == reason, f"{start!r} removed as {got[matches[0]]!r}, not {reason!r}"
        assert start not in document.text


def test_reads_the_five_articles_and_skips_the_readme(corpus: Corpus) -> None:
    assert len(corpus.documents) == 5
    assert corpus.rejected == ()


def test_reuters(corpus: Corpus) -> None:
    reuters = doc(corpus, "000_")
    assert reuters.source == "Reuters"
    assert_removed(reuters, {"(Editing by Paul Taylor)": "credit line"})
    assert_kept(
        reuters,
        "MOSCOW - NATO Secretary-General Anders Fogh Rasmussen asked Russia on Wednesday",
        "I suggested a helicopter package.",
        "Putin said simply at the start of the meeting",
        "Russian leaders have repeatedly criticized NATO plans",
    )
    assert len(reuters.removed) == 1


def test_moscow_times(corpus: Corpus) -> None:
    times = doc(corpus, "001_")
    assert times.source == "The Moscow Times"
    assert times.title == "NATO Chief Gets No Promises"
    assert_removed(times, {
        "Support The Moscow Times!": "call to action",
        "NATO Chief Gets No Promises": "headline",
        "… we have a small favor to ask.": "call to action",
        "We, the journalists of The Moscow Times, refuse to be silenced.": "call to action",
        "Your support, no matter how small": "call to action",
        "paiment methods": "call to action",
        "Not ready to support today?": "call to action",
        "Remind me later.": "call to action",
        "Read more": "navigation",
    })
    assert_kept(
        times,
        "NATO Secretary-General Anders Fogh Rasmussen asked Russia on Wednesday",
        "“I suggested a helicopter package.",
        "Putin said simply at the start of the meeting",
        "Before the trip, Rasmussen had expressed hope",
    )


def test_bbc(corpus: Corpus) -> None:
    bbc = doc(corpus, "002_")
    assert bbc.source == "BBC News"
    assert bbc.title == "Nato chief seeks Russian helicopters for Afghanistan"
    assert bbc.published == "2009-12-16T15:54:00+00:00"
    assert_removed(bbc, {
        "Page last updated at 15:54 GMT": "publication date",
        "Nato chief seeks Russian helicopters for Afghanistan": "headline",
        "Nato Secretary General Anders Fogh Rasmussen (left) talks to": "photo caption",
        "Common ground": "subheading",
        "Sensitive subject": "subheading",
        "Print Sponsor": "navigation",
        "Nato chief reaches out to Russia": "related links",
        "18 Sep 09": "related links",
        "Profile: Anders Fogh Rasmussen": "related links",
        "The BBC is not responsible for the content of external internet sites": "legal notice",
        "France24": "related links",
        "Sign in": "navigation",
        "BBC navigation": "navigation",
        "Copyright © 2020 BBC.": "legal notice",
        "Americas Africa Europe": "navigation",
    })
    # Caption and promo headlines are not sentences; only their position says "furniture".
    for line in ("Mr Rasmussen says the two sides must look beyond their differences",
                 "Has China's housing bubble burst?", "Why Royal Ballet principal Sergei Polunin quit",
                 "This page is best viewed in an up-to-date web browser"):
        assert any(text.startswith(line) for text in removed(bbc)), line
    assert_kept(
        bbc,
        "Nato Secretary General Anders Fogh Rasmussen has asked Russia to provide helicopters",
        "During talks in Moscow he also asked Russia to help train Afghan forces.",
        "Russia still sees Nato as fundamentally an anti-Russian military alliance",
        "So Mr Rasmussen's focus on Afghanistan is designed to find common ground.",
        "Mr Rasmussen has previously said they would become Nato members",
    )


def test_chinese_analysis_without_blank_lines(corpus: Corpus) -> None:
    analysis = doc(corpus, "003_")
    assert_removed(analysis, {
        "Thaw in ties": "subheading",
        "Cooperation on Afghanistan": "subheading",
        "Disputes remain": "subheading",
        "Comments": "navigation",
    })
    assert_kept(
        analysis,
        "NATO Secretary General Anders Fogh Rasmussen has made ties with Moscow a priority",
        "It seems that NATO is determined to follow suit",
        "Medvedev agreed that Russia and NATO should cooperate more closely",
        "Russia-NATO relation have experienced ups and downs",
    )
    assert len(analysis.removed) == 4


def test_rfe_rl(corpus: Corpus) -> None:
    rfe = doc(corpus, "004_")
    assert rfe.source == "RFE/RL"
    assert rfe.title == "NATO Chief Looks For Afghan Help, Eases Tension In Moscow"
    assert_removed(rfe, {
        "Accessibility links": "navigation",
        "Breaking News": "navigation",
        "Russian Prime Minister Vladimir Putin (right) meets": "photo caption",
        "Helping In Afghanistan": "subheading",
        "Russian Concerns": "subheading",
        "Russia's Dmitry Rogozin concedes that relations with NATO are improving.": "photo caption",
        "RFE/RL has been declared": "notice",
        "If you are in Russia": "notice",
        "To find out more, click here.": "call to action",
    })
    assert sum(r.reason == "photo caption" for r in rfe.removed) == 3  # the caption shown twice
    assert_kept(
        rfe,
        "MOSCOW -- NATO Secretary-General Anders Fogh Rasmussen came to Moscow",
        "\"And we don't think Russia will attack us either.",
        "Russian analysts said, despite the lack of a firm deal",
        "Ruslan Pukhov, a leading Russian defense analyst",
        "Still, Rasmussen said today that if NATO's Cold War aim",
    )


def test_every_line_is_either_kept_or_removed(corpus: Corpus, seeds_dir: Path) -> None:
    for document in corpus.documents:
        raw = (seeds_dir / f"{document.id}.txt").read_text(encoding="utf-8")
        accounted = document.text + "\n" + "\n".join(r.text for r in document.removed)
        for line in raw.splitlines():
            words = " ".join(line.split())
            assert words in " ".join(accounted.split()), f"{document.id}: lost {line[:60]!r}"


def test_sentences_point_into_the_text(corpus: Corpus) -> None:
    for document in corpus.documents:
        assert document.sentences
        for sentence in document.sentences:
            assert document.text[sentence.start:sentence.end] == sentence.text
