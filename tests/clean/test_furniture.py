"""Line-level furniture evidence, on invented lines."""

from __future__ import annotations

import pytest

from storyfuse.clean.furniture import strong_reason, weak_reason
from storyfuse.clean.lines import Line


def line(text: str) -> Line:
    return Line(0, text, 0, False, False)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sign in", "navigation"),
        ("Advertisement", "navigation"),
        ("Share this article", "navigation"),
        ("Gullcombe Post navigation", "navigation"),
        ("12 Jan 24 | Politics", "related links"),
        ("Riverside Daily  Council approves budget  -  3 hrs ago", "related links"),
        ("(Reporting by Ana Lind; Editing by Tom Ward)", "credit line"),
        ("By Ana Lind, Staff Reporter", "credit line"),
        ("Copyright © 2024 Riverside Daily. All rights reserved.", "legal notice"),
        ("Support The Riverside Daily!", "call to action"),
        ("Please support us with a monthly gift.", "call to action"),
        ("Click here to download our app.", "call to action"),
        ("The mayor (left) greets the crew", "photo caption"),
        ("Photo: Ana Lind", "photo caption"),
        ("News Sport Weather Business Culture", "navigation"),
        ("This page is best viewed in an up-to-date web browser with style sheets enabled.", "legal notice"),
    ],
)
def test_strong_furniture(text: str, reason: str) -> None:
    assert strong_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The council approved the budget on Tuesday after a long debate.",
        "By Tuesday the bridge had reopened to traffic.",
        "\"Please support us,\" the campaigners shouted outside the hall.",
        ("The ship sank 3 days ago, the coastguard said, and the search continues in heavy seas "
        "while families wait at the harbour for news of the crew and the vessel's insurers "
        "meet port officials to discuss the salvage and its cost to the town."),
        "The court said the copyright claim was filed too late.",
    ],
)
def test_body_lines_are_not_strong_furniture(text: str) -> None:
    reason = strong_reason(text)
    if "copyright" in text:
        # A short line about copyright still reads as a notice; position decides (see test_clean).
        assert reason in (None, "legal notice")
    else:
        assert reason is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Councillors split over harbour plan", "not a sentence"),
        ("Is the harbour ready for winter?", "headline"),
        ("Give us your email and we will send you our newsletter", "call to action"),
        ("This outlet has been declared an undesirable organization.", "notice"),
    ],
)
def test_weak_furniture(text: str, reason: str) -> None:
    assert weak_reason(line(text)) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The council approved the budget on Tuesday.",
        "\"If you build it, they will come,\" the mayor said.",
        "If you live near the river, you should check your insurance.",
        "• Ferries will run every 20 minutes",
    ],
)
def test_sentences_have_no_weak_evidence(text: str) -> None:
    assert weak_reason(line(text)) is None
