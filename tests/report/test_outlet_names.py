"""Files named 1.txt … 5.txt: document ids that are also digits of the story's figures. The
writers name the outlets, and no id leaks into a figure ("Northwire80 metre")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyfuse import Runner, process
from storyfuse.model import Digest
from storyfuse.report import render_digests
from tests.report.dom import by_class, parse, text

METRE = "Sources disagree on the metre: 180 metre (Northwire, The Coastal Ledger) vs 190 metre (Valley Broadcasting)"
CREW = "Sources disagree on the crew: 21 crew (Harbour Gazette) vs 23 crew (Valley Broadcasting)"
WORDING = ("Outlets word Ilse Marrow's quote differently: “We will not reopen the channel at night until we are "
           "certain it is safe” (Northwire, The Coastal Ledger, Harbour Gazette) vs “We won't reopen the channel "
           "after dark until we're sure it is safe” (Valley Broadcasting)")


@pytest.fixture(scope="module")
def numbered(runner: Runner, example_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Digest:
    """The Calderhaven example with its files renamed 1.txt, 2.txt, 3.html, 4.txt, 5.txt."""
    folder = tmp_path_factory.mktemp("numbered")
    for n, path in enumerate(sorted(example_dir.glob("0*")), 1):
        shutil.copy(path, folder / f"{n}{path.suffix}")
    digest = runner.digest(process([folder]))[0]
    assert sorted(doc.id for doc in digest.analysis.documents) == ["1", "2", "3", "4", "5"]
    return digest


def test_descriptions_name_the_outlets_as_with_any_other_file_names(numbered: Digest, calderhaven: Digest) -> None:
    descriptions = [d.description for d in numbered.analysis.discrepancies]
    assert descriptions == [d.description for d in calderhaven.analysis.discrepancies]
    assert any(d.startswith(METRE + " — in \"The MV Orla Brandt, a 180-metre vessel") for d in descriptions)
    assert any(d.startswith(CREW) for d in descriptions)
    assert WORDING in descriptions


def test_the_json_and_the_page_carry_them_ungarbled(numbered: Digest) -> None:
    data = json.loads(render_digests([numbered], "json"))
    assert [d["description"] for d in data["discrepancies"]] == [d.description for d in numbered.analysis.discrepancies]
    details = [text(node) for node in by_class(parse(render_digests([numbered], "html")).by_id("discrepancies"),
                                               "callout-detail")]
    assert any(detail.startswith(METRE) for detail in details)
    assert any(detail.startswith(CREW) for detail in details)
    for rendered in (render_digests([numbered], "json"), render_digests([numbered], "html"),
                     render_digests([numbered], "md")):
        assert "Northwire80" not in rendered and "Northwire90" not in rendered and "2Valley" not in rendered
