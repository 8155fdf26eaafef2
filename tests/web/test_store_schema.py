"""The OpenAPI schema of the app over a story store against its real answers: schemathesis in
process over ASGI, as in test_schema.py (which covers the app without a store), on the store's
routes alone (~200 cases), then the store's real answers and documented errors."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from storyfuse.store import Store
from storyfuse.web import WebConfig, create_app
from storyfuse.web.app import close_app
from tests.web.conftest import assert_errors_are_error_answers

STORE_PATHS = "^/api/(stories|articles)"
# A store of its own with one invented story, made at import: the schema comes from the app.
_FOLDER = Path(tempfile.mkdtemp(prefix="storyfuse-schema-"))
APP = create_app(WebConfig(db=_FOLDER / "stories.db", max_pending_jobs=1000))
SCHEMA = schemathesis.openapi.from_dict(APP.openapi()).include(path_regex=STORE_PATHS)
SCHEMA.app = APP
SCHEMA.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25,
                                deterministic=True, database="none")
# Seconds a call may take: the first one waits for the workers to load (seconds on a busy machine).
TIMEOUT = 60
ARTICLE = {"id": "kelp/1", "source": "Kelp Courier", "title": "Ferry timetable changes",
           "text": "The Calderhaven ferry will leave at seven from Monday, the operator said. "
                   "Officials said the change follows the winter timetable review."}


@pytest.fixture(scope="module", autouse=True)
def _close() -> Iterator[None]:
    yield
    close_app(APP)
    shutil.rmtree(_FOLDER, ignore_errors=True)


@SCHEMA.parametrize()
def test_store_answers_match_the_schema(case: schemathesis.Case) -> None:
    """No 500, every status and body as documented, schema-invalid input refused (valid input
    may still hold nothing usable: the documented 422)."""
    case.call_and_validate(excluded_checks=[positive_data_acceptance], timeout=TIMEOUT)


def test_real_store_answers_match_the_schema() -> None:
    added = SCHEMA["/api/articles"]["POST"].Case(body={"articles": [ARTICLE]}, media_type="application/json")
    (story,) = added.call_and_validate(timeout=TIMEOUT).json()["new_stories"]
    listing = SCHEMA["/api/stories"]["GET"].Case(query={"limit": 5})
    assert story in [s["id"] for s in listing.call_and_validate().json()]
    detail = SCHEMA["/api/stories/{story_id}"]["GET"].Case(path_parameters={"story_id": story})
    assert detail.call_and_validate().json()["articles"][0]["id"] == "kelp/1"
    for fmt, media_type in (("json", "application/json"), ("html", "text/html"), ("md", "text/markdown")):
        brief = SCHEMA["/api/stories/{story_id}/brief"]["GET"].Case(path_parameters={"story_id": story},
                                                                    query={"format": fmt})
        assert brief.call_and_validate(timeout=TIMEOUT).headers["content-type"][0].startswith(media_type)
    with Store.open(APP.state.config.db, readonly=True) as store:
        assert store.cached_brief(story, "json") is not None


def test_store_errors_are_documented_with_the_real_model() -> None:
    paths = SCHEMA.raw_schema["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/brief", "/api/articles"} <= set(paths)
    assert_errors_are_error_answers(paths)
    brief = paths["/api/stories/{story_id}/brief"]["get"]["responses"]
    assert set(brief["200"]["content"]) == {"application/json", "text/html", "text/markdown"}
    assert {"404", "503"} <= set(brief)
    assert "503" in paths["/api/articles"]["post"]["responses"]
