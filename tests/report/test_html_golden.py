"""Golden file: the HTML page of the Calderhaven example, byte for byte.

The page is rendered from a saved digest of the example (``golden/calderhaven.digest.json``),
so this test pins the HTML writer alone; changes to the summariser or the analysis show up
in the other tests, not here. After an intended change, regenerate both files with

    STORYFUSE_UPDATE_GOLDEN=1 python -m pytest tests/report/test_html_golden.py

(which digests examples/calderhaven afresh) and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyfuse.model import Digest, from_dict, to_dict
from storyfuse.report.html import render_html

GOLDEN = Path(__file__).parent / "golden"
DIGEST = GOLDEN / "calderhaven.digest.json"
PAGE = GOLDEN / "calderhaven.html"


def test_calderhaven_page_matches_the_golden_file(request: pytest.FixtureRequest) -> None:
    if os.environ.get("STORYFUSE_UPDATE_GOLDEN"):
        digest: Digest = request.getfixturevalue("calderhaven")
        DIGEST.write_text(json.dumps(to_dict(digest), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        PAGE.write_text(render_html([digest]), encoding="utf-8")
    digest = from_dict(Digest, json.loads(DIGEST.read_text(encoding="utf-8")))
    expected = PAGE.read_text(encoding="utf-8")
    assert render_html([digest]) == expected, (
        "the HTML brief changed; if that is intended, run "
        "STORYFUSE_UPDATE_GOLDEN=1 python -m pytest tests/report/test_html_golden.py"
    )
