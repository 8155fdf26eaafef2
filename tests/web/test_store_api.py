"""The app over a story store (``WebConfig.db``) with FastAPI's TestClient: the front page and
story pages, /api/stories as ``storyfuse stories --format json`` lists them, a story with its
articles, its brief (made in a worker, then cached), articles added through /api/articles, the
404, 413, 415, 422 and 503 answers, and the app without a store unchanged."""

from __future__ import annotations

import json
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note that TestClient will move to httpx2
    from fastapi.testclient import TestClient

from storyfuse.cli.commands import run
from storyfuse.errors import InputError
from storyfuse.store import Store
from storyfuse.web import WebConfig, create_app
from storyfuse.web.app import close_app
from storyfuse.web.store_pages import front_order
from storyfuse.web.store_tasks import cacheable
from tests.web.conftest import client_for, copy_store

# Invented reports of an invented event (no real outlet or text): two outlets, one story.
LIGHTHOUSE = [
    {"id": "gull-gazette/1", "source": "Gull Gazette", "title": "Calderhaven lighthouse keeper retires",
     "url": "https://gull-gazette.example/lighthouse-keeper", "published": "2026-03-04T20:00:00Z",
     "text": "Marta Quill, the last keeper of the Calderhaven lighthouse, retired on Wednesday after 31 years, "
             "the harbour trust said. Quill said she would miss the night watches on the lighthouse gallery. "
             "The harbour trust said the Calderhaven lighthouse will be run from the harbour office."},
    {"id": "dune-herald/1", "source": "Dune Herald", "title": "Lighthouse keeper Marta Quill steps down",
     "published": "2026-03-04T21:15:00Z",
     "text": "Calderhaven lighthouse keeper Marta Quill retired on Wednesday after 31 years at the lighthouse, "
             "according to the harbour trust. The trust said the lighthouse will now be run from the harbour "
             "office. Quill said the night watches were what she would miss most."},
]


@pytest.fixture(scope="module")
def db(stream_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(stream_store, tmp_path_factory.mktemp("store-api"))


@pytest.fixture(scope="module")
def store_client(db: Path) -> Iterator[TestClient]:
    """One app over the module's store (its workers started once); writes wait 0.5 s for a lock."""
    app = create_app(WebConfig(db=db, store_timeout=0.5))
    with TestClient(app) as client:
        yield client
    close_app(app)


def stories_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """What ``storyfuse stories --format json`` prints for the store."""
    capsys.readouterr()
    assert run(["stories", "--db", str(db), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def listed(html: str) -> list[tuple[str, int]]:
    """The front page's stories, in page order: (id, outlets)."""
    return [(m[0], int(m[1])) for m in re.findall(r'data-story="([^"]+)" data-outlets="(\d+)"', html)]


# ---- reading ------------------------------------------------------------------------------------

def test_api_stories_is_the_cli_listing(store_client: TestClient, db: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert store_client.get("/api/stories").json() == stories_json(db, capsys)
    assert store_client.get("/api/stories?limit=2").json() == stories_json(db, capsys, "--limit", "2")
    since = "2026-03-04T07:00:00"
    answer = store_client.get("/api/stories", params={"since": since}).json()
    assert answer == stories_json(db, capsys, "--since", since)
    assert answer and all(s["last_seen"] >= "2026-03-04T07:00:00Z" for s in answer)


@pytest.mark.parametrize("query", ["since=yesterday", "limit=0", "limit=-3", "limit=many"])
def test_bad_listing_queries_are_422_with_one_line(store_client: TestClient, query: str) -> None:
    response = store_client.get(f"/api/stories?{query}")
    assert response.status_code == 422
    assert "\n" not in response.json()["detail"]


def test_a_story_with_its_articles(store_client: TestClient, db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        row = store.stories()[0]
        ids = store.article_ids(row.id)
    detail = store_client.get(f"/api/stories/{row.id}").json()
    assert detail["story"]["id"] == row.id and detail["story"]["outlets"] == row.outlets
    assert [a["id"] for a in detail["articles"]] == ids
    assert {a["source"] for a in detail["articles"]} >= {"Harbourwatch", "Calder Courier"}
    assert all(a["title"] and a["added"].endswith("Z") for a in detail["articles"])
    assert "text" not in detail["articles"][0]


def test_a_missing_story_is_404(store_client: TestClient) -> None:
    for path in ("/api/stories/s999999", "/api/stories/s999999/brief", "/api/stories/s999999/brief?format=html"):
        response = store_client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "no story 's999999' in the store"}
    page = store_client.get("/stories/s999999")
    assert page.status_code == 404 and "No such story" in page.text


def test_the_front_page_lists_newest_and_most_covered_first(store_client: TestClient, db: Path) -> None:
    response = store_client.get("/")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    with Store.open(db, readonly=True) as store:
        expected = [(row.id, row.outlets) for row in front_order(store.stories())]
    assert listed(response.text) == expected
    assert "3 outlets" in response.text and 'href="/stories/s000001"' in response.text
    assert 'href="/new"' in response.text


def test_the_paste_page_moves_to_new(store_client: TestClient) -> None:
    page = store_client.get("/new")
    assert page.status_code == 200 and 'id="digest-form"' in page.text
    assert '<a href="/">' in page.text


def test_the_story_page_frames_its_brief(store_client: TestClient) -> None:
    page = store_client.get("/stories/s000004")
    assert page.status_code == 200
    assert "Saltmarsh Bridge reopens after 14 months" in page.text
    assert 'src="/api/stories/s000004/brief?format=html" sandbox="allow-scripts"' in page.text
    assert "frame-src 'self'" in page.headers["content-security-policy"]
    assert 'href="https://harbourwatch.example/' in page.text and 'rel="noopener noreferrer"' in page.text


# ---- the brief ----------------------------------------------------------------------------------

def test_the_brief_in_each_format_and_cached(store_client: TestClient, db: Path) -> None:
    story = "s000002"
    with Store.open(db, readonly=True) as store:
        ids = store.article_ids(story)
        assert store.cached_brief(story, "json") is None
    response = store_client.get(f"/api/stories/{story}/brief")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["schema_version"] == "1" and [d["id"] for d in data["documents"]] == ids
    assert data["summary"] and all(s["citations"] for s in data["summary"])
    with Store.open(db, readonly=True) as store:
        assert store.cached_brief(story, "json") == response.text  # the cache `digest --db` reads
        assert store.story(story).independent_sources is not None  # type: ignore[union-attr]
    started = time.monotonic()
    assert store_client.get(f"/api/stories/{story}/brief?format=json").text == response.text
    assert time.monotonic() - started < 1.0, "a cached brief is not made again"

    html = store_client.get(f"/api/stories/{story}/brief?format=html")
    assert html.headers["content-type"].startswith("text/html") and 'id="summary"' in html.text
    assert "sandbox allow-scripts" in html.headers["content-security-policy"]
    markdown = store_client.get(f"/api/stories/{story}/brief?format=md")
    assert markdown.headers["content-type"].startswith("text/markdown") and markdown.text.startswith("# ")
    assert store_client.get(f"/api/stories/{story}/brief?format=pdf").status_code == 422


def test_only_the_default_word_budget_is_cached() -> None:
    """The cache knows no settings: a server started with --words makes each brief anew."""
    assert cacheable(250) and not cacheable(120)


# ---- adding articles ----------------------------------------------------------------------------

def test_articles_join_a_new_story_and_are_known_the_second_time(store_client: TestClient) -> None:
    before = {s["id"] for s in store_client.get("/api/stories").json()}
    response = store_client.post("/api/articles", json={"articles": [*LIGHTHOUSE, {"id": "blank", "text": " "}]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["added"], answer["already"]) == (2, 0)
    (story,) = answer["new_stories"]
    assert story not in before and answer["joined_stories"] == []
    assert [(a["id"], a["story"], a["added"]) for a in answer["articles"]] == [
        ("gull-gazette/1", story, True), ("dune-herald/1", story, True)]
    assert [a["new_story"] for a in answer["articles"]] == [True, False]
    assert answer["rejected"] == [{"path": "articles[2]", "reason": "empty article: no text"}]
    listing = {s["id"]: s for s in store_client.get("/api/stories").json()}
    assert (listing[story]["outlets"], listing[story]["headline"]) == (2, LIGHTHOUSE[0]["title"])

    again = store_client.post("/api/articles", json={"articles": LIGHTHOUSE[:1]}).json()
    assert (again["added"], again["already"], again["new_stories"]) == (0, 1, [])
    assert again["articles"][0] == {"id": "gull-gazette/1", "path": "articles[0]", "stored_id": "gull-gazette/1",
                                    "story": story, "added": False, "new_story": False}
    # The front page: that story is the latest, but with two outlets it comes after the day's
    # three-outlet stories.
    order = listed(store_client.get("/").text)
    assert order.index((story, 2)) > order.index(("s000001", 3))


def test_hostile_article_fields_stay_text(store_client: TestClient) -> None:
    article = {"id": "hostile/1", "source": "<b>Gazette</b>", "title": "<script>window.__pwned=1</script> Road shut",
               "url": "javascript:window.__pwned=1", "published": "2026-03-04T09:00:00Z",
               "text": "The coastal road at Brimley Point closed on Wednesday after a landslide, the council said. "
                       "Engineers will inspect the cliff on Thursday, officials said."}
    answer = store_client.post("/api/articles", json={"articles": [article]}).json()
    story = answer["articles"][0]["story"]
    for page in (store_client.get("/").text, store_client.get(f"/stories/{story}").text):
        assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert 'href="javascript:' not in page.lower() and "<b>Gazette</b>" not in page


@pytest.mark.parametrize(("body", "status", "detail"), [
    ({"articles": []}, 422, "articles: List should have at least 1 item"),
    ({"articles": [{"title": "No body"}]}, 422, "an article needs 'text', 'html' or 'url'"),
    ({"articles": [{"text": "x", "id": "a"}, {"text": "y", "id": "a"}]}, 422, "duplicate article id 'a'"),
    ({"articles": [{"text": "x"}], "words": 100}, 422, "words: Extra inputs are not permitted"),
    ({"articles": [{"url": "https://example.com/a"}]}, 422, "fetching URLs is off"),
    ({"articles": [{"text": " "}, {"html": ""}]}, 422, "nothing usable in the input"),
    ({"articles": [{"text": "\x00\x01\x02"}]}, 422, "nothing usable in the input"),
])
def test_sent_articles_are_checked_as_for_a_digest(store_client: TestClient, body: dict[str, Any], status: int,
                                                   detail: str) -> None:
    response = store_client.post("/api/articles", json=body)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]


def test_limits_and_content_type_as_for_a_digest(db: Path) -> None:
    small = client_for(WebConfig(db=db, max_articles=1))
    response = small.post("/api/articles", json={"articles": LIGHTHOUSE})
    assert response.status_code == 413 and "articles" in response.json()["detail"]
    refused = small.post("/api/articles", content=json.dumps({"articles": LIGHTHOUSE[:1]}),
                         headers={"content-type": "text/plain"})
    assert refused.status_code == 415


def test_a_concurrent_writer_makes_writes_503_not_500(store_client: TestClient, db: Path) -> None:
    """`storyfuse ingest` holding the write lock past the server's wait: a one-line 503."""
    with Store.open(db) as writer, writer.batch():
        for response in (store_client.post("/api/articles", json={"articles": [{"text": LIGHTHOUSE[0]["text"] + " More."}]}),
                         store_client.get("/api/stories/s000003/brief")):
            assert response.status_code == 503, response.text
            assert response.json()["detail"].startswith("the story store is busy")
            assert response.headers["retry-after"] == "1"
        assert store_client.get("/api/stories").status_code == 200  # readers are not held up
    assert store_client.get("/api/stories/s000003/brief").status_code == 200  # and once it is done


# ---- without a store; a bad store ---------------------------------------------------------------

def test_without_a_store_the_app_is_as_before(client: TestClient) -> None:
    assert 'id="digest-form"' in client.get("/").text
    for path in ("/new", "/api/stories", "/api/stories/s000001", "/stories/s000001"):
        assert client.get(path).status_code == 404, path
    assert client.post("/api/articles", json={"articles": LIGHTHOUSE}).status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/api/stories", "/api/articles"} & set(paths)


def test_a_file_that_is_no_store_is_refused_in_one_line(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a SQLite database, so not a storyfuse store"):
        create_app(WebConfig(db=text))


def test_a_missing_store_is_created_empty(tmp_path: Path) -> None:
    client = client_for(WebConfig(db=tmp_path / "new.db"))
    assert client.get("/api/stories").json() == []
    assert "No stories yet" in client.get("/").text
