"""Invented fixtures shared by the evaluation tests (every text here was written for the tests)."""

from __future__ import annotations

from storyfuse.model import Document
from storyfuse.segment import segment


def doc(doc_id: str, text: str) -> Document:
    """A cleaned, segmented document built straight from text."""
    return Document(id=doc_id, path="fixture", text=text, cluster=doc_id.split("/")[0],
                    sentences=segment(text))


HARBOUR = (
    doc("harbour/1", "A cargo ship ran aground off Pellmouth on Tuesday. The crew of twelve were "
                     "rescued by lifeboat. Fuel has not leaked, the coastguard said."),
    doc("harbour/2", "Twelve sailors were lifted from a stranded freighter near Pellmouth. Tugs will try "
                     "to refloat the vessel at high tide."),
    doc("harbour/3", "The harbour master closed the outer channel. Ferries to Wrenna Isle are delayed."),
)

ORCHARD = (
    doc("orchard/1", "Frost destroyed most of the apple blossom in the Aldervale orchards this week. "
                     "Growers expect half the usual harvest."),
    doc("orchard/2", "Apple growers in Aldervale say a late frost wiped out their blossom. Cider makers "
                     "fear higher prices in the autumn."),
)
