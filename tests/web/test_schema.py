"""The OpenAPI schema against the app's real answers: schemathesis in process over ASGI (no
network), deterministic and bounded (about 600 cases, ~10 s), then the answers of real jobs and
the rules the schema used to leave out (an article with no body, words=0)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import jsonschema_rs  # schemathesis's own validator (a dependency of it)
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from storyfuse.web import WebConfig, create_app
from storyfuse.web.app import close_app
from tests.web.conftest import assert_errors_are_error_answers

# Room for every job the cases start (2 workers clear them): a full queue's 503 is no bug.
APP = create_app(WebConfig(max_pending_jobs=1000))
# From the app's dict, not from_asgi: that starts the app's lifespan (its worker processes) at
# collection, even in runs that select none of these tests; this way the first case starts it.
SCHEMA = schemathesis.openapi.from_dict(APP.openapi())
SCHEMA.app = APP
SCHEMA.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25,
                                deterministic=True, database="none")
HEADERS = {"X-CSRF-Token": APP.state.csrf_token}  # forms get past the CSRF check to the parsers
# Seconds a call may take (schemathesis's default is 10): the first brief waits for the workers
# to load their models, which on a machine busy with other work can take longer than that.
TIMEOUT = 60


@pytest.fixture(scope="module", autouse=True)
def _close() -> Iterator[None]:
    yield
    close_app(APP)


@SCHEMA.parametrize()
def test_answers_match_the_schema(case: schemathesis.Case) -> None:
    """No 500, every status and body as documented, schema-invalid input refused. Not checked:
    that schema-valid input is accepted, as an article can be valid JSON and still hold
    nothing usable (blank, binary): that is the documented 422 with the rejections."""
    case.call_and_validate(headers=HEADERS, excluded_checks=[positive_data_acceptance], timeout=TIMEOUT)


def operation_case(path: str, method: str, **kwargs: Any) -> schemathesis.Case:
    return SCHEMA[path][method].Case(**kwargs)


def test_a_real_jobs_answers_match_the_schema() -> None:
    example = SCHEMA.raw_schema["components"]["schemas"]["DigestRequest"]["examples"][0]
    created = operation_case("/api/jobs", "POST", body=example, media_type="application/json")
    job_id = created.call_and_validate(headers=HEADERS).json()["id"]
    deadline = time.monotonic() + 60
    status = operation_case("/api/jobs/{job_id}", "GET", path_parameters={"job_id": job_id})
    while status.call_and_validate().json()["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)
    assert status.call().json()["state"] == "done"
    for fmt, media_type in (("html", "text/html"), ("json", "application/json"), ("md", "text/markdown")):
        brief = operation_case("/api/jobs/{job_id}/brief", "GET", path_parameters={"job_id": job_id},
                               query={"format": fmt})
        assert brief.call_and_validate().headers["content-type"][0].startswith(media_type)


def request_validator() -> Any:
    components = SCHEMA.raw_schema["components"]
    return jsonschema_rs.validator_for({"$ref": "#/components/schemas/DigestRequest", "components": components})


@pytest.mark.parametrize(("body", "valid"), [
    ({"articles": [{}]}, False),
    ({"articles": [{"title": "No body"}]}, False),
    ({"articles": [{"text": "a", "html": "<p>a</p>"}]}, False),
    ({"articles": [{"url": ""}]}, False),
    ({"articles": [{"text": "x"}], "words": 0}, False),
    ({"articles": [{"text": "x"}], "words": 2001}, False),
    ({"articles": [{"text": "x"}], "words": "120"}, False),
    ({"articles": [{"html": None, "text": "The bridge reopened on Monday, the council said."}]}, True),
    ({"articles": [{"text": "The bridge reopened on Monday, the council said."}], "words": 10}, True),
])
def test_the_schema_states_what_the_server_refuses(client: TestClient, body: dict[str, Any], valid: bool) -> None:
    assert request_validator().is_valid(body) is valid
    response = client.post("/api/digest", json=body)
    assert (response.status_code == 200) is valid, response.text


def test_error_answers_are_documented_with_the_real_model() -> None:
    """Every 4xx/5xx of every operation is ErrorAnswer, whose detail is one string (FastAPI's
    default 422 said a list), and the brief documents its three media types."""
    paths = SCHEMA.raw_schema["paths"]
    assert_errors_are_error_answers(paths)
    error = SCHEMA.raw_schema["components"]["schemas"]["ErrorAnswer"]
    assert error["properties"]["detail"] == {"type": "string", "title": "Detail"}
    assert "HTTPValidationError" not in SCHEMA.raw_schema["components"]["schemas"]
    for path in ("/api/digest", "/api/jobs/{job_id}/brief"):
        operation = next(iter(paths[path].values()))
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/html", "text/markdown"}


def test_the_schema_states_a_servers_narrower_word_range() -> None:
    narrow = create_app(WebConfig(min_words=50, max_words=500, words=100))
    words = narrow.openapi()["components"]["schemas"]["DigestRequest"]["properties"]["words"]["anyOf"][0]
    assert (words["minimum"], words["maximum"]) == (50, 500)
    close_app(narrow)
