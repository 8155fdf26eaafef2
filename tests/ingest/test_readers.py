"""Readers: folders, files, clusters, standard input, encodings and every kind of bad input."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from storyfuse.ingest import BYTES_PARSERS, PARSERS, ReadConfig, discover, read, read_file, unique_ids
from storyfuse.model import Article, ReadResult, Rejection

EXPECTED_KINDS = ".htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .text, .txt"
# Read from their bytes (feeds, web archives): tests/ingest/test_feeds.py and test_warc.py.
EXPECTED_BYTES_KINDS = ".atom, .rss, .warc, .xml"
ALL_KINDS = ".atom, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .text, .txt, .warc, .xml"


def _unknown(kind: str) -> str:
    return f"unknown format {kind} (expected one of {ALL_KINDS}, optionally .gz)"


def _by_id(result: ReadResult) -> dict[str, Article]:
    return {a.id: a for a in result.articles}


def _reasons(result: ReadResult) -> dict[str, str]:
    return {r.path: r.reason for r in result.rejected}


def test_parsers_cover_documented_extensions() -> None:
    assert ", ".join(sorted(PARSERS)) == EXPECTED_KINDS
    assert ", ".join(sorted(BYTES_PARSERS)) == EXPECTED_BYTES_KINDS
    assert ", ".join(sorted(PARSERS | BYTES_PARSERS)) == ALL_KINDS


def test_folder_is_read_recursively_in_every_format(tmp_path: Path, put) -> None:
    put("in/plain.txt", "The ferry left at dawn.\n")
    put("in/notes.md", "# Harbour Fees Rise\n\nSee [the minutes](https://example.org/m).\n")
    put("in/page.html", "<html><body><p>Council votes.</p></body></html>")
    put("in/sub/old.htm", "<p>Old page.</p>")
    put("in/sub/deeper/feed.jsonl", json.dumps({"text": "Feed story.", "url": "https://example.org/f",
                                                 "source": "Gazette", "title": "Feed", "published": "2024-03-05"}))
    put("in/one.json", json.dumps({"text": "Single object."}))
    put("in/many.json", json.dumps([{"text": "First."}, {"html": "<p>Second.</p>"}]))
    put("in/packed.txt.gz", "Compressed story.")
    result = read([tmp_path / "in"])
    assert result.rejected == ()
    got = _by_id(result)
    assert sorted(got) == ["feed/1", "many/1", "many/2", "notes", "old", "one", "packed", "page", "plain"]
    assert got["plain"].text == "The ferry left at dawn.\n" and got["plain"].path == str(tmp_path / "in/plain.txt")
    assert got["notes"].title == "Harbour Fees Rise" and "See the minutes." in got["notes"].text
    assert (got["page"].html, got["page"].text) == ("<html><body><p>Council votes.</p></body></html>", None)
    assert got["old"].html == "<p>Old page.</p>" and got["old"].text is None
    feed = got["feed/1"]
    assert (feed.text, feed.url, feed.source, feed.title, feed.published) == (
        "Feed story.", "https://example.org/f", "Gazette", "Feed", "2024-03-05")
    assert feed.path == f"{tmp_path / 'in/sub/deeper/feed.jsonl'}:1"
    assert got["one"].text == "Single object."
    assert got["many/2"].html == "<p>Second.</p>"
    assert got["packed"].text == "Compressed story."


def test_multi_news_cluster_file(tmp_path: Path, put) -> None:
    path = put("storm.txt", "Storm hits NEWLINE_CHAR NEWLINE_CHAR Roads shut. ||||| Second outlet on the storm.")
    result = read([path])
    assert [(a.id, a.cluster, a.text) for a in result.articles] == [
        ("storm/1", "storm", "Storm hits\n\nRoads shut. "), ("storm/2", "storm", " Second outlet on the storm."),
    ]
    assert result.rejected == ()


def test_multi_news_gz_cluster(put) -> None:
    result = read_file(str(put("mn.txt.gz", "A. ||||| B.")), article_id="mn")
    assert [a.id for a in result.articles] == ["mn/1", "mn/2"]


def test_longbench_jsonl_passages(put) -> None:
    row = {"_id": "lb1", "answers": ["Two outlets agree the dam held."],
           "context": "Passage 1:\nEngineers said the dam held.\nPassage 2:\nThe river fell by noon.\n"}
    result = read([put("longbench.jsonl", json.dumps(row))])
    assert [(a.id, a.cluster, a.reference) for a in result.articles] == [
        ("lb1/1", "lb1", "Two outlets agree the dam held."), ("lb1/2", "lb1", "Two outlets agree the dam held."),
    ]
    assert result.articles[1].text.strip() == "The river fell by noon."


def test_normalised_cluster_jsonl(put) -> None:
    rows = [{"id": "c1", "documents": ["Report one.", "Report two."], "summary": "Both report it."},
            {"id": "c2", "documents": ["Only report."], "summary": "One NEWLINE_CHAR line."}]
    result = read([put("clusters.jsonl", "\n".join(json.dumps(r) for r in rows))])
    assert [(a.id, a.cluster, a.reference) for a in result.articles] == [
        ("c1/1", "c1", "Both report it."), ("c1/2", "c1", "Both report it."), ("c2/1", "c2", "One\nline."),
    ]


def test_empty_article_inside_cluster_is_rejected_and_rest_kept(put) -> None:
    path = put("trio.txt", "First story. |||||   ||||| Third story.")
    result = read([path])
    assert [a.id for a in result.articles] == ["trio/1", "trio/3"]
    assert result.rejected == (Rejection(f"{path} [trio/2]", "empty article: no text"),)


@pytest.mark.parametrize(("data", "kind"), [
    (json.dumps({"text": "From a pipe."}) + "\n" + json.dumps({"text": "Second."}), "jsonl"),
    ("  <!DOCTYPE html><html><body><p>Piped page.</p></body></html>", "html"),
    ("<article><p>Fragment.</p></article>", "html"),
    ('[{"text": "Listed."}]', "json"),
    ("Just some plain words from a pipe.\n", "text"),
])
def test_stdin_is_sniffed(stdin, data: str, kind: str) -> None:
    stdin(data)
    result = read(["-"])
    assert result.rejected == ()
    first = result.articles[0]
    assert first.path.split(":")[0] == "-"
    if kind == "jsonl":
        assert [(a.id, a.text) for a in result.articles] == [("stdin/1", "From a pipe."), ("stdin/2", "Second.")]
    elif kind == "html":
        assert (first.id, first.html, first.text) == ("stdin", data, None)
    elif kind == "json":
        assert (first.id, first.text) == ("stdin", "Listed.")
    else:
        assert (first.id, first.text, first.html) == ("stdin", data, None)


def test_stdin_gzip_and_limits(stdin) -> None:
    stdin(gzip.compress(b"Zipped pipe."))
    assert read(["-"]).articles[0].text == "Zipped pipe."
    stdin(b"x" * 101)
    assert read(["-"], ReadConfig(max_bytes=100)).rejected == (
        Rejection("-", "input is over the 0.0001 MB limit"),)
    stdin(b"  \n ")
    assert read(["-"]).rejected == (Rejection("-", "empty file"),)


@pytest.mark.parametrize(("name", "data"), [
    ("utf8.txt", "Café owners said “no”.".encode()),
    ("bom.txt", codecs.BOM_UTF8 + "Café owners said “no”.".encode()),
    ("le.txt", codecs.BOM_UTF16_LE + "Café owners said “no”.".encode("utf-16-le")),
    ("be.txt", codecs.BOM_UTF16_BE + "Café owners said “no”.".encode("utf-16-be")),
    ("win.txt", "Café owners said “no”.".encode("cp1252")),
])
def test_encodings(put, name: str, data: bytes) -> None:
    result = read([put(name, data)])
    assert result.rejected == ()
    assert result.articles[0].text == "Café owners said “no”."


def test_latin1_file(put) -> None:
    text = "Überall grüße ich Müller"
    assert read([put("de.txt", text.encode("latin-1"))]).articles[0].text == text


def test_bad_files_are_rejected_while_good_ones_come_through(tmp_path: Path, put) -> None:
    put("in/good.txt", "The council approved the budget.")
    files = {
        "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        "empty.txt": (b"", "empty file"),
        "blank.md": (b"  \n\t\n  ", "empty file"),
        "noise.txt": (bytes(range(0x80, 0x100)) * 4, "undecodable bytes: no text encoding fits"),
        "report.pdf": (b"%PDF-1.4\n%fake\n", _unknown("'.pdf'")),
        "NOTES": (b"Words without an extension.", _unknown("'no extension'")),
    }
    for name, (data, _) in files.items():
        put(f"in/{name}", data)
    put("in/broken.txt.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 30, gz=False)
    result = read([tmp_path / "in"])
    assert [a.id for a in result.articles] == ["good"]
    reasons = _reasons(result)
    for name, (_, reason) in files.items():
        assert reasons.pop(str(tmp_path / "in" / name)) == reason
    assert reasons.pop(str(tmp_path / "in/broken.txt.gz")).startswith("corrupt gzip data (")
    assert reasons == {}


def test_missing_path_and_empty_folder(tmp_path: Path, put) -> None:
    (tmp_path / "hollow/inner").mkdir(parents=True)
    good = put("ok.txt", "Still read.")
    result = read([tmp_path / "nope.txt", tmp_path / "hollow", good])
    assert [a.id for a in result.articles] == ["ok"]
    assert result.rejected == (
        Rejection(str(tmp_path / "nope.txt"), "no such file or folder"),
        Rejection(str(tmp_path / "hollow"), "empty folder: no article files in it"),
    )


def test_size_limit_and_gzip_bomb(put) -> None:
    big = put("big.txt", "word " * 40)  # 200 bytes
    bomb = put("bomb.txt.gz", b"a" * 500_000)
    small = put("small.txt", "Fits.")
    assert bomb.stat().st_size < 2_000
    result = read([big, bomb, small], ReadConfig(max_bytes=100_000))
    assert [a.id for a in result.articles] == ["big", "small"]
    assert result.rejected == (Rejection(str(bomb), "expands to more than the 0.1 MB limit"),)
    result = read([big, small], ReadConfig(max_bytes=100))
    assert result.rejected == (Rejection(str(big), "file is 0.0002 MB, over the 0.0001 MB limit"),)
    assert [a.id for a in result.articles] == ["small"]


def test_jsonl_bad_lines_do_not_stop_the_rest(put) -> None:
    path = put("feed.jsonl", "\n".join([
        json.dumps({"text": "One."}), '{"text": "unterminated', json.dumps({"title": "no body"}),
        json.dumps({"text": "   "}), json.dumps({"text": "Five."}),
    ]))
    result = read([path])
    assert [(a.id, a.path) for a in result.articles] == [("feed/1", f"{path}:1"), ("feed/5", f"{path}:5")]
    reasons = _reasons(result)
    assert reasons.pop(f"{path}:2").startswith("malformed JSON: Unterminated string")
    assert reasons == {f"{path}:3": "no 'text' or 'html' field", f"{path}:4": "empty article: no text"}


def test_folder_docs_and_hidden_files_are_skipped_when_walking(tmp_path: Path, put) -> None:
    put("in/story.txt", "A real story.")
    put("in/README.md", "# About this folder\nNotes.")
    put("in/LICENSE", "Permission is granted.")
    put("in/sub/licence.txt", "Licence text.")
    put("in/.hidden.txt", "Hidden.")
    put("in/.cache/cached.txt", "Cached.")
    assert discover([tmp_path / "in"]) == ([str(tmp_path / "in/story.txt")], [])
    assert [a.id for a in read([tmp_path / "in"]).articles] == ["story"]
    named = read([tmp_path / "in/README.md", tmp_path / "in/.hidden.txt"])
    assert [(a.id, a.title) for a in named.articles] == [("README", "About this folder"), (".hidden", None)]


def test_folder_with_only_docs_is_an_empty_folder(tmp_path: Path, put) -> None:
    put("docs/README.txt", "About.")
    assert read([tmp_path / "docs"]).rejected == (
        Rejection(str(tmp_path / "docs"), "empty folder: no article files in it"),)


def test_article_whose_name_starts_like_a_folder_doc_is_read(tmp_path: Path, put) -> None:
    put("in/noticeboard-vote.txt", "The parish noticeboard vote passed.")
    assert [a.id for a in read([tmp_path / "in"]).articles] == ["noticeboard-vote"]


def test_same_stem_in_two_folders_gets_unique_ids(tmp_path: Path, put) -> None:
    put("in/gazette/story.txt", "Gazette version.")
    put("in/herald/story.txt", "Herald version.")
    put("in/herald/other.txt", "Other.")
    result = read([tmp_path / "in"])
    assert sorted(a.id for a in result.articles) == ["gazette/story", "herald/story", "other"]


def test_unique_ids_function() -> None:
    assert unique_ids(["a/x.txt", "b/x.md.gz", "c/y.txt", "-"]) == {
        "a/x.txt": "a/x", "b/x.md.gz": "b/x", "c/y.txt": "y", "-": "stdin"}


@pytest.mark.parametrize("files", [["a/x/doc.txt", "b/x/doc.txt"], ["a/doc.txt", "a/doc.md"]])
def test_unique_ids_are_unique_when_parents_or_folders_match(files: list[str]) -> None:
    ids = unique_ids(files)
    assert len(set(ids.values())) == len(files)


def test_empty_json_list_is_rejected(put) -> None:
    result = read([put("nothing.json", "[]")])
    assert result.articles == () and len(result.rejected) == 1


def test_read_file_with_explicit_id_and_unreadable_path(tmp_path: Path, put) -> None:
    assert read_file(str(put("a.txt", "Hi.")), article_id="custom").articles[0].id == "custom"
    folder = str(tmp_path)
    [rejection] = read_file(folder).rejected
    assert rejection.path == folder and rejection.reason.startswith("cannot read: ")


def test_distinct_ids_rename_records_before_files() -> None:
    from storyfuse.ingest import distinct_ids

    articles = [Article(id="good", path="a.jsonl:1", text="x"), Article(id="good", path="good.txt", text="y"),
                Article(id="good", path="a.jsonl:2", text="z")]
    renamed, notices = distinct_ids(articles)
    assert [(a.id, a.path) for a in renamed] == [("good~2", "a.jsonl:1"), ("good", "good.txt"), ("good~3", "a.jsonl:2")]
    assert [n.path for n in notices] == ["a.jsonl:1", "a.jsonl:2"]
    assert "already taken: renamed 'good~2'" in notices[0].message


def test_discover_reads_a_file_once_and_names_link_problems(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.txt").write_text("The ferry ran.", encoding="utf-8")
    files, rejected = discover([tmp_path / "a.txt", tmp_path, str(tmp_path / "a.txt")])
    assert files == [str(tmp_path / "a.txt")] and not rejected
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    _, rejected = discover([tmp_path / "loop.txt", tmp_path / "dangling.txt", tmp_path / "nowhere.txt"])
    assert [r.reason for r in rejected] == ["symbolic link loop", "broken symbolic link: its target does not exist",
                                            "no such file or folder"]
