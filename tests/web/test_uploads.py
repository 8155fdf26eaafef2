"""Uploads: zips built in memory, the happy path and every way an archive is refused
(too many members, too large declared or actual size, nested zips, unsafe names), gzip bombs."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyfuse.errors import InputError, LimitExceeded
from storyfuse.web import WebConfig
from storyfuse.web.uploads import Upload, read_uploads, safe_name, unsafe_member_name
from tests.conftest import EXAMPLE
from tests.web.conftest import client_for
from tests.web.test_api import wait_for


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def example_zip() -> bytes:
    members = {f"calderhaven/{p.name}": p.read_bytes() for p in sorted(EXAMPLE.iterdir())}
    members["calderhaven/.DS_Store"] = b"\x00\x01"
    members["__MACOSX/calderhaven/._01_northwire.txt"] = b"\x00\x05\x16\x07"
    return make_zip(members)


def post_zip(client: TestClient, data: bytes, name: str = "upload.zip") -> Any:
    return client.post("/api/jobs", files=[("files", (name, data, "application/zip"))])


def test_zip_of_the_example_makes_a_brief(client: TestClient) -> None:
    created = post_zip(client, example_zip())
    assert created.status_code == 202, created.text
    status = wait_for(client, created.json()["id"])
    assert status["state"] == "done", status
    assert status["rejected"] == []  # README, hidden files and macOS metadata are skipped like a folder's
    data = client.get(f"/api/jobs/{status['id']}/brief?format=json").json()
    assert [d["id"] for d in data["documents"]] == ["01_northwire", "02_coastal-ledger", "03_valley-broadcast",
                                                    "04_harbour-gazette", "05_civic-radio"]
    assert data["documents"][0]["path"] == "upload.zip/calderhaven/01_northwire.txt"


def test_unusable_members_are_rejections_and_the_rest_goes_on() -> None:
    texts = {p.name: p.read_bytes() for p in sorted(EXAMPLE.glob("0*.txt"))}
    data = make_zip({**texts, "photo.jpg": b"\xff\xd8\xff\xe0", "blank.txt": b"  ", "x.txt.gz": gzip.compress(b"")})
    result = read_uploads([Upload("batch.zip", data)], WebConfig())
    assert len(result.articles) == 4
    reasons = {r.path: r.reason for r in result.rejected}
    assert reasons["batch.zip/photo.jpg"].startswith("unknown format '.jpg'")
    assert reasons["batch.zip/blank.txt"] == "empty file"
    assert reasons["batch.zip/x.txt.gz"] == "empty file"


def test_too_many_members_is_413(client: TestClient) -> None:
    few = client_for(WebConfig(max_zip_members=3))
    response = post_zip(few, make_zip({f"{n}.txt": b"Some text here." for n in range(4)}))
    assert response.status_code == 413
    assert response.json()["detail"] == "upload.zip: 4 zip members, over the limit of 3"


def test_declared_size_over_the_limit_is_413_before_expanding() -> None:
    bomb = make_zip({f"{n}.txt": b"\x20" * 400_000 for n in range(5)})  # 2 MB of spaces, a few KB zipped
    assert len(bomb) < 20_000
    response = post_zip(client_for(WebConfig(max_zip_expanded_bytes=1_000_000)), bomb)
    assert response.status_code == 413
    assert response.json()["detail"] == ("upload.zip: declares 2 MB uncompressed, over the 1 MB limit for uploads")


def lie_about_sizes(data: bytes, size: int) -> bytes:
    """Rewrite every declared uncompressed size (local headers and central directory) to ``size``."""
    out = bytearray(data)
    offset = 0
    while (offset := out.find(b"PK\x03\x04", offset)) >= 0:
        struct.pack_into("<I", out, offset + 22, size)
        offset += 4
    offset = 0
    while (offset := out.find(b"PK\x01\x02", offset)) >= 0:
        struct.pack_into("<I", out, offset + 24, size)
        offset += 4
    return bytes(out)


def test_a_zip_lying_about_its_sizes_is_refused() -> None:
    """Declared 10 bytes each, 500 kB real: the declared check passes, reading does not."""
    liar = lie_about_sizes(make_zip({"a.txt": b"word " * 100_000}), 10)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.infolist()[0].file_size == 10
    with pytest.raises(InputError) as refused:
        read_uploads([Upload("liar.zip", liar)], WebConfig(max_zip_expanded_bytes=100_000))
    assert "liar.zip/a.txt" in str(refused.value)
    response = post_zip(client_for(WebConfig(max_zip_expanded_bytes=100_000)), liar, "liar.zip")
    assert response.status_code in (413, 422)
    assert response.json()["detail"].startswith("liar.zip/a.txt: ")


def test_bytes_are_counted_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if the zip module believed the declared sizes, reading stops at the budget."""
    from storyfuse.web import uploads

    data = make_zip({"a.txt": b"word " * 100_000})
    monkeypatch.setattr(uploads, "check_zip", lambda *args: None)  # pretend the declared sizes passed
    with pytest.raises(LimitExceeded) as refused:
        read_uploads([Upload("big.zip", data)], WebConfig(max_zip_expanded_bytes=100_000))
    assert str(refused.value) == "big.zip/a.txt: uploads expand to more than the 0.1 MB limit"


@pytest.mark.parametrize(("name", "reason"), [
    ("../evil.txt", "'..' in path"),
    ("a/../../evil.txt", "'..' in path"),
    ("..\\evil.txt", "'..' in path"),
    ("/etc/passwd", "absolute path"),
    ("\\windows\\system.ini", "absolute path"),
    ("C:/boot.ini", "absolute path"),
])
def test_path_traversal_names_are_422(client: TestClient, name: str, reason: str) -> None:
    response = post_zip(client, make_zip({"ok.txt": b"Fine text here.", name: b"Sneaky text here."}))
    assert response.status_code == 422
    assert response.json()["detail"] == f"upload.zip: member {name!r}: {reason}"


def test_unsafe_member_name_accepts_ordinary_names() -> None:
    for name in ("a.txt", "folder/b.html", "x..y.txt", "..hidden-ish.txt", "dir/..name/c.txt"):
        assert unsafe_member_name(name) is None


def test_nested_zip_is_422(client: TestClient) -> None:
    inner = make_zip({"a.txt": b"Inner text."})
    by_name = post_zip(client, make_zip({"inner.zip": inner}))
    assert by_name.status_code == 422
    assert by_name.json()["detail"] == "upload.zip/inner.zip: zip inside a zip; upload the inner files instead"
    disguised = post_zip(client, make_zip({"inner.txt": inner}))
    assert disguised.status_code == 422
    assert "zip inside a zip" in disguised.json()["detail"]


def test_unsupported_compression_and_corrupt_zips_are_422(client: TestClient) -> None:
    bz = post_zip(client, make_zip({"a.txt": b"Some text."}, zipfile.ZIP_BZIP2))
    assert bz.status_code == 422
    assert "unsupported zip compression" in bz.json()["detail"]
    broken = post_zip(client, b"PK\x03\x04 this is not really a zip")
    assert broken.status_code == 422
    assert broken.json()["detail"].startswith("upload.zip: unreadable zip archive")
    not_zip = post_zip(client, b"plain text", "notes.zip")
    assert not_zip.json()["detail"] == "notes.zip: not a zip archive"


def test_gzip_bomb_is_413() -> None:
    bomb = gzip.compress(b" " * 3_000_000)
    response = client_for(WebConfig(max_zip_expanded_bytes=1_000_000)).post(
        "/api/jobs", files=[("files", ("page.html.gz", bomb))])
    assert response.status_code == 413
    assert response.json()["detail"] == "page.html.gz: expands to more than the 1 MB limit for uploads"


def test_too_many_articles_from_files_is_413() -> None:
    lines = b"\n".join(b'{"text": "Article number %d says something."}' % n for n in range(5))
    response = client_for(WebConfig(max_articles=3)).post("/api/jobs", files=[("files", ("many.jsonl", lines))])
    assert response.status_code == 413
    assert response.json()["detail"] == "uploads: 5 articles, over the limit of 3"


def test_upload_names_never_become_paths() -> None:
    assert safe_name("../../etc/passwd", 1) == "passwd"
    assert safe_name("C:\\Users\\me\\story.txt", 1) == "story.txt"
    assert safe_name("..", 2) == "upload-2"
    assert safe_name("a\x00b.txt", 1) == "ab.txt"


def test_same_file_names_get_distinct_ids(client: TestClient) -> None:
    texts = [p.read_bytes() for p in sorted(EXAMPLE.glob("0*.txt"))]
    files = [("files", ("story.txt", data)) for data in texts[:2]]
    created = client.post("/api/jobs", files=files)
    status = wait_for(client, created.json()["id"])
    data = client.get(f"/api/jobs/{status['id']}/brief?format=json").json()
    assert [d["id"] for d in data["documents"]] == ["1/story", "2/story"]


def test_read_bytes_never_opens_the_name() -> None:
    """The name picks the format only: a real path's content is not read."""
    from storyfuse.ingest import ReadConfig, read_bytes

    result = read_bytes("/etc/hostname.txt", b"Text from the upload itself.", ReadConfig())
    assert [a.text for a in result.articles] == ["Text from the upload itself."]
    assert result.articles[0].id == "hostname" and result.articles[0].path == "/etc/hostname.txt"
    zipped = read_bytes("wire.jsonl.gz", gzip.compress(b'{"id": "w1", "text": "A wire story."}\n'), ReadConfig())
    assert [(a.id, a.text) for a in zipped.articles] == [("w1", "A wire story.")]
    assert read_bytes("big.txt", b"x" * 11, ReadConfig(max_bytes=10)).rejected[0].reason == \
        "input is over the 1e-05 MB limit"
    assert read_bytes("a.txt", b"\x00\x01\x02binary", ReadConfig()).rejected[0].reason == "binary file, not text"
