"""The Markdown brief shows, under each sentence cited to other outlets, the verified sentence."""

from __future__ import annotations

from storyfuse.model import Brief, BriefSource, Digest, Evidence, SentenceRef, SummarySentence
from storyfuse.report.digest import digest_markdown

CLAIM = "The Orrinport ferry caught fire on Monday."
EVIDENCE = "A fire broke out on the Orrinport ferry on Monday morning."


def digest(single: bool = False, cited: bool = True) -> Digest:
    support = (Evidence("a", 0, CLAIM, 1.0),) + ((Evidence("b", 3, EVIDENCE, 0.93),) if cited else ())
    sentence = SummarySentence(CLAIM, tuple(e.document for e in support), SentenceRef("a", 0, CLAIM), support,
                               single_source=single)
    sources = (BriefSource(1, "a", "Orrin Post"), BriefSource(2, "b", "Harbour Daily"))
    return Digest(summary=(sentence,), brief=Brief("Ferry fire", sources))


def test_each_other_outlets_evidence_is_shown_with_its_score() -> None:
    markdown = digest_markdown(digest())
    assert f"{CLAIM} [1][2]" in markdown
    assert "## Evidence" in markdown
    assert f"   - [2] Harbour Daily (verified, 0.93): “{EVIDENCE}”" in markdown


def test_no_evidence_section_without_other_outlets_and_single_source_only_when_flagged() -> None:
    unconfirmed = digest_markdown(digest(cited=False))
    assert "## Evidence" not in unconfirmed and "single source" not in unconfirmed
    assert "**single source** [1]" in digest_markdown(digest(single=True, cited=False))
