"""What state-changing requests must be: JSON as application/json, strict (UTF-8, finite numbers,
no lone surrogates), or the page's form with its CSRF token; else a one-line 4xx, never a 500,
and the connection stays usable for the next request."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from storyfuse.web import WebConfig
from tests.web.conftest import client_for

ENDPOINTS = ("/api/digest", "/api/jobs")
JSON = {"content-type": "application/json"}
ARTICLE = '{"id": "a", "text": "The harbour bridge reopened on Monday, the council said."}'


def one_line(response: Any) -> str:
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    return str(detail)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(("body", "reason"), [
    (b'{"articles": [' + ARTICLE.encode() + b'], "words": NaN}', "NaN is not a JSON number"),
    (b'{"articles": [' + ARTICLE.encode() + b'], "words": Infinity}', "Infinity is not a JSON number"),
    (b'{"articles": [' + ARTICLE.encode() + b'], "words": -Infinity}', "-Infinity is not a JSON number"),
    (b'{"articles": [' + ARTICLE.encode() + b'], "words": 1e999}', "1e999 is out of range"),
    (b'{"articles": [{"text": NaN}]}', "NaN is not a JSON number"),
    ('{"articles": [{"text": "café crème"}]}'.encode("latin-1"), "not UTF-8 (byte 27 is 0xe9)"),
    ('{"articles": [{"text": "x"}]}'.encode("utf-16"), "not UTF-8"),
    (b'{"articles": [{"text": "\\ud800 and more"}]}', "articles.0.text holds a lone surrogate"),
    (b'{"articles": [{"text": "x", "\\udfff": 1}]}', "holds a lone surrogate"),
    (b'{"articles": [{"text": "x"}], "words": 1' + b"0" * 5000 + b"}", "a number of 5001 digits is out of range"),
    (b"[" * 100_000, "nested too deeply"),
    (b"{nope", "not valid JSON: Expecting property name"),
])
def test_bad_json_is_422_with_one_line(client: TestClient, path: str, body: bytes, reason: str) -> None:
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 422
    assert reason in one_line(response)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_surrogate_pair_is_text_not_an_error(client: TestClient, path: str) -> None:
    body = b'{"articles": [{"text": "The bridge \\ud83c\\udf09 reopened on Monday, the council said."}]}'
    assert client.post(path, content=body, headers=JSON).status_code in (200, 202)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(("content_type", "reason"), [
    ("text/plain", "send Content-Type: application/json, not text/plain"),
    ("text/plain; charset=utf-8", "send Content-Type: application/json, not text/plain"),
    ("application/x-json", "send Content-Type: application/json, not application/x-json"),
    (None, "send Content-Type: application/json (the request has no Content-Type)"),
    ("application/json; charset=latin-1", "JSON must be UTF-8, not latin-1"),
])
def test_json_under_another_type_is_415(client: TestClient, path: str, content_type: str | None,
                                        reason: str) -> None:
    """text/plain is what a cross-site page can post without a CORS preflight."""
    headers = {"content-type": content_type} if content_type else {}
    response = client.post(path, content=f'{{"articles": [{ARTICLE}]}}'.encode(), headers=headers)
    assert response.status_code == 415
    assert one_line(response) == reason


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_a_form_without_the_pages_token_is_415(token: str | None) -> None:
    bare = client_for(WebConfig())
    headers = {"X-CSRF-Token": token} if token is not None else {}
    bare.headers.pop("X-CSRF-Token")
    multipart = bare.post("/api/jobs", files=[("files", ("a.txt", b"Some text here."))], headers=headers)
    urlencoded = bare.post("/api/jobs", data={"articles": f"[{ARTICLE}]"}, headers=headers)
    for response in (multipart, urlencoded):
        assert response.status_code == 415
        assert "X-CSRF-Token" in one_line(response)


def test_the_page_carries_the_token_its_form_sends(client: TestClient) -> None:
    page = client.get("/").text
    token = client.app.state.csrf_token  # type: ignore[attr-defined]
    assert f'<meta name="storyfuse-csrf" content="{token}">' in page
    assert '"X-CSRF-Token": CSRF' in page
    created = client.post("/api/jobs", data={"articles": f"[{ARTICLE}]"}, headers={"X-CSRF-Token": token})
    assert created.status_code == 202


def test_digest_takes_no_form_even_with_the_token(client: TestClient) -> None:
    response = client.post("/api/digest", data={"articles": f"[{ARTICLE}]"})
    assert response.status_code == 415
    assert one_line(response) == "send Content-Type: application/json, not application/x-www-form-urlencoded"


def test_other_routes_and_methods_are_the_routers(client: TestClient) -> None:
    assert client.put("/api/health", content=b"x", headers={"content-type": "text/plain"}).status_code == 405
    assert client.post("/api/nothing-here", content=b"x", headers={"content-type": "text/plain"}).status_code == 404
    assert client.get("/api/health", headers={"content-type": "text/plain"}).status_code == 200


def test_validation_errors_never_echo_the_input(client: TestClient) -> None:
    response = client.post("/api/digest", json={"articles": [{"text": "x" * 10_000, "colour": "red"}], "words": 3})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and all(set(error) == {"type", "loc", "msg"} for error in errors)
    assert len(response.content) < 1000


def test_a_bug_is_a_one_line_500_not_a_traceback(example_articles: list[dict[str, Any]]) -> None:
    fetching = client_for(WebConfig(allow_fetch=True))

    def broken_fetch(url: str, config: WebConfig) -> Any:
        raise KeyError("a bug")

    fetching.app.state.fetch = broken_fetch  # type: ignore[attr-defined]
    response = fetching.post("/api/digest", json={"articles": [{"url": "https://example.com/a"}]})
    assert response.status_code == 500
    assert one_line(response) == "internal error; the server's log has the details"


@pytest.mark.parametrize("body", [
    b'{"articles": [{"text": "x"}], "words": NaN}',
    b'{"articles": [{"text": "\\ud800"}]}',
    '{"articles": [{"text": "caf\u00e9"}]}'.encode("latin-1"),
])
def test_the_connection_survives_a_bad_request(live_server: str, body: bytes) -> None:
    """One keep-alive connection: the bad request's answer, then a good request's."""
    address = urlparse(live_server)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    try:
        connection.request("POST", "/api/jobs", body=body, headers=JSON)
        bad = connection.getresponse()
        assert bad.status == 422 and json.loads(bad.read())["detail"]
        assert (bad.getheader("connection") or "").lower() != "close"
        connection.request("GET", "/api/health")
        good = connection.getresponse()
        assert good.status == 200 and json.loads(good.read())["status"] == "ok"
    finally:
        connection.close()
