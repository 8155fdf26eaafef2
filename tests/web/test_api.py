"""The REST API with FastAPI's TestClient: health, /api/digest in every format, the 422 and 413
answers, rejected documents, jobs (JSON and multipart), and the page's security headers."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyfuse.report import render_digests
from storyfuse.web import WebConfig
from tests.web.conftest import client_for


def wait_for(client: TestClient, job_id: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/jobs/{job_id}").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_health(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "0.1.0"}


def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/health", "/api/digest", "/api/jobs", "/api/jobs/{job_id}", "/api/jobs/{job_id}/brief"} <= set(paths)


def test_digest_json_is_the_cli_contract(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    response = client.post("/api/digest", json={"articles": example_articles, "words": 120})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["schema_version"] == "1"
    assert {"documents", "rejected", "facts", "quotes", "summary", "brief"} <= set(data)
    assert [doc["id"] for doc in data["documents"]] == [a["id"] for a in example_articles]
    assert data["rejected"] == []
    assert data["summary"], "the brief has a summary"
    assert all(sentence["citations"] for sentence in data["summary"])
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 120


def test_digest_json_matches_render_digests(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    """Byte for byte what the CLI's renderer writes for the same digest."""
    from storyfuse.model import Digest, from_dict

    text = client.post("/api/digest", json={"articles": example_articles}).text
    digest = from_dict(Digest, json.loads(text))
    assert text == render_digests([digest], "json")


def test_digest_html_and_markdown(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    html = client.post("/api/digest?format=html", json={"articles": example_articles})
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.text.lstrip().lower().startswith("<!doctype html")
    assert 'id="summary"' in html.text
    csp = html.headers["content-security-policy"]
    assert "sandbox allow-scripts" in csp and "default-src 'none'" in csp
    markdown = client.post("/api/digest?format=md", json={"articles": example_articles})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# ")


def test_rejected_documents_are_listed_not_a_500(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    articles = [*example_articles[:3], {"id": "blank", "text": "   \n "}, {"id": "nul", "text": "\x00\x01\x02"}]
    response = client.post("/api/digest", json={"articles": articles})
    assert response.status_code == 200
    rejected = {r["path"]: r["reason"] for r in response.json()["rejected"]}
    assert rejected["articles[3]"] == "empty article: no text"
    assert "articles[4]" in rejected
    assert [d["id"] for d in response.json()["documents"]] == ["01_northwire", "02_coastal-ledger",
                                                                "03_valley-broadcast"]


def test_nothing_usable_is_422_with_the_rejections(client: TestClient) -> None:
    response = client.post("/api/digest", json={"articles": [{"text": " "}, {"html": ""}]})
    assert response.status_code == 422
    assert response.json()["detail"] == "nothing usable in the input"
    assert [r["path"] for r in response.json()["rejected"]] == ["articles[0]", "articles[1]"]


@pytest.mark.parametrize(("body", "message"), [
    ({"articles": [{"title": "No body"}]}, "articles.0: an article needs 'text', 'html' or 'url'"),
    ({"articles": [{"text": "a", "html": "<p>a</p>"}]}, "give an article's 'text' or its 'html', not both"),
    ({"articles": []}, "articles: List should have at least 1 item"),
    ({"articles": [{"text": "x", "colour": "red"}]}, "articles.0.colour: Extra inputs are not permitted"),
    ({"articles": [{"text": 5}]}, "articles.0.text: Input should be a valid string"),
    ({"articles": [{"text": "x"}], "words": 3}, "words: Input should be greater than or equal to 10"),
    ({"articles": [{"text": "x"}], "words": 2001}, "words: Input should be less than or equal to 2000"),
    ({"articles": [{"text": "x"}], "words": "120"}, "words: Input should be a valid integer"),
    ({"articles": [{"text": "x", "id": "a"}, {"text": "y", "id": "a"}]}, "duplicate article id 'a'"),
    ({}, "articles: Field required"),
])
def test_malformed_requests_are_422_with_one_line(client: TestClient, body: dict[str, Any], message: str) -> None:
    response = client.post("/api/digest", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail
    assert message in detail


def test_not_json_is_422(client: TestClient) -> None:
    response = client.post("/api/digest", content=b"{nope", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]


def test_unknown_format_is_422(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    response = client.post("/api/digest?format=pdf", json={"articles": example_articles})
    assert response.status_code == 422
    assert "format" in response.json()["detail"]


def test_oversized_body_is_413() -> None:
    small = client_for(WebConfig(max_request_bytes=2000))
    response = small.post("/api/digest", json={"articles": [{"text": "word " * 1000}]})
    assert response.status_code == 413
    assert response.json() == {"detail": "request body is over the 0.002 MB limit"}


def test_oversized_chunked_body_is_413_while_counting() -> None:
    """No Content-Length: the guard counts what arrives and stops at the limit."""
    small = client_for(WebConfig(max_request_bytes=2000))

    def chunks() -> Any:
        yield b'{"articles": [{"text": "'
        for _ in range(100):
            yield b"word " * 10
        yield b'"}]}'

    response = small.post("/api/digest", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_too_many_articles_is_413() -> None:
    few = client_for(WebConfig(max_articles=2))
    response = few.post("/api/digest", json={"articles": [{"text": f"Article {n}."} for n in range(3)]})
    assert response.status_code == 413
    assert response.json()["detail"] == "request: 3 articles, over the limit of 2"


def test_url_without_allow_fetch_is_422(client: TestClient) -> None:
    response = client.post("/api/digest", json={"articles": [{"url": "https://example.com/news/1"}]})
    assert response.status_code == 422
    assert "fetching URLs is off; start with --allow-fetch" in response.json()["detail"]


def test_url_with_allow_fetch_uses_the_fetcher(example_articles: list[dict[str, Any]]) -> None:
    """The fetched page joins the others; a refused URL is a rejection (no network here)."""
    from storyfuse.errors import FetchRefused
    from storyfuse.web.fetch import FetchedPage

    page = example_articles[2]["html"].encode()

    def fake_fetch(url: str, config: WebConfig) -> FetchedPage:
        if "internal" in url:
            raise FetchRefused(url, "host 'internal' resolves to 10.0.0.5, a private address; not fetched")
        return FetchedPage(url, "text/html; charset=utf-8", page)

    fetching = client_for(WebConfig(allow_fetch=True))
    fetching.app.state.fetch = fake_fetch  # type: ignore[attr-defined]
    articles = [*example_articles[:2], {"id": "web", "url": "https://example.com/a"},
                {"id": "evil", "url": "http://internal/admin"}]
    data = fetching.post("/api/digest", json={"articles": articles}).json()
    assert [d["id"] for d in data["documents"]] == ["01_northwire", "02_coastal-ledger", "web"]
    assert data["documents"][2]["url"] == "https://example.com/a"
    assert data["rejected"] == [{"path": "articles[3] http://internal/admin",
                                 "reason": "host 'internal' resolves to 10.0.0.5, a private address; not fetched"}]


def test_job_with_json_body(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    created = client.post("/api/jobs", json={"articles": example_articles, "words": 80})
    assert created.status_code == 202
    status = wait_for(client, created.json()["id"])
    assert status["state"] == "done", status
    assert status["stages"] == ["reading", "cleaning", "analysing", "summarising", "rendering"]
    assert status["stage"] == "rendering" and status["done"] == status["total"] == 1
    brief = client.get(f"/api/jobs/{status['id']}/brief")
    assert brief.headers["content-type"].startswith("text/html")
    assert "sandbox allow-scripts" in brief.headers["content-security-policy"]
    data = client.get(f"/api/jobs/{status['id']}/brief?format=json").json()
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 80
    assert client.get(f"/api/jobs/{status['id']}/brief?format=md").text.startswith("# ")


def test_job_with_multipart_form(client: TestClient, example_articles: list[dict[str, Any]]) -> None:
    pasted = json.dumps(example_articles[:2])
    files = [("files", (f"{a['id']}.{'html' if 'html' in a else 'txt'}", (a.get("text") or a["html"]).encode()))
             for a in example_articles[2:]]
    created = client.post("/api/jobs", data={"articles": pasted, "words": "100"}, files=files)
    assert created.status_code == 202, created.text
    status = wait_for(client, created.json()["id"])
    assert status["state"] == "done", status
    data = client.get(f"/api/jobs/{status['id']}/brief?format=json").json()
    assert [d["id"] for d in data["documents"]] == [a["id"] for a in example_articles]


def test_job_form_errors(client: TestClient) -> None:
    assert client.post("/api/jobs", data={"articles": "[{\"title\": 1}]"}).status_code == 422
    assert client.post("/api/jobs", data={"words": "many", "articles": "[{\"text\": \"x\"}]"}).json() == {
        "detail": "words: must be a whole number, not 'many'"}
    empty = client.post("/api/jobs", data={"articles": "[]"})
    assert empty.status_code == 422 and empty.json()["detail"] == "nothing usable in the input"


def test_failed_job_reports_its_error(client: TestClient) -> None:
    created = client.post("/api/jobs", data={"articles": "[]"}, files=[("files", ("a.pdf", b"%PDF-1.4 x"))])
    assert created.status_code == 422  # nothing usable: refused before a job is made
    rejected = created.json()["rejected"]
    assert rejected[0]["path"] == "a.pdf" and rejected[0]["reason"].startswith("unknown format '.pdf'")


def test_unknown_job_is_404(client: TestClient) -> None:
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.get("/api/jobs/nope/brief").status_code == 404


def test_page_is_self_contained_with_a_strict_csp(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    html = response.text
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", html), "no external loads"
    assert 'sandbox="allow-scripts"' in html and "allow-same-origin" not in html
    assert "innerHTML" not in html


def test_docs_are_served(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _missing_browser

    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="install Debian's chromium"):
        _missing_browser("Chromium is not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        _missing_browser("Chromium is not installed")
