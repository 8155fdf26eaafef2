"""Reading clusters through storyfuse's readers, and peers' saved summaries (JSONL and TSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse.errors import ConfigError
from storyfuse.evaluate.data import load_clusters, match_ids, read_peer

ROW_A = {"id": "news:a", "documents": [("The bakery on Quill Street reopened after the flood. Queues "
                                        "formed before seven."), "Quill Street's bakery is open again."],
         "summary": "– A flooded bakery reopened."}
ROW_B = {"id": "news:b", "documents": ["Night buses return to the Lowfield route from Monday."],
         "summary": "Night buses are back."}


def _jsonl(path: Path, *lines: object) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_clusters_are_grouped_cleaned_and_keep_their_reference(tmp_path: Path) -> None:
    loaded = load_clusters([_jsonl(tmp_path / "set.jsonl", ROW_A, ROW_B)])
    assert [c.id for c in loaded.clusters] == ["news:a", "news:b"]
    first = loaded.clusters[0]
    assert [d.id for d in first.documents] == ["news:a/1", "news:a/2"]
    assert first.documents[0].sentences[0].text == "The bakery on Quill Street reopened after the flood."
    assert first.reference == "– A flooded bakery reopened."
    assert loaded.rejected == ()


def test_limit_keeps_the_first_clusters(tmp_path: Path) -> None:
    loaded = load_clusters([_jsonl(tmp_path / "set.jsonl", ROW_A, ROW_B)], limit=1)
    assert [c.id for c in loaded.clusters] == ["news:a"]
    with pytest.raises(ConfigError, match="at least 1"):
        load_clusters([tmp_path / "set.jsonl"], limit=0)


def test_bad_lines_become_one_line_rejections(tmp_path: Path) -> None:
    no_summary = {"id": "news:c", "documents": ["A lone report about a parade."]}
    path = _jsonl(tmp_path / "set.jsonl", ROW_A, "{not json", no_summary, {**ROW_A, "summary": "again"})
    loaded = load_clusters([path, tmp_path / "missing.jsonl"])
    assert [c.id for c in loaded.clusters] == ["news:a"]
    reasons = {r.path: r.reason for r in loaded.rejected}
    assert reasons[f"{path}:2"].startswith("malformed JSON")
    assert reasons[f"{path}:3"] == "cluster news:c has no reference summary"
    assert reasons[f"{path}:4"] == f"cluster id news:a repeats {path}:1; kept the first"
    assert reasons[str(tmp_path / "missing.jsonl")] == "no such file or folder"
    assert all("\n" not in r.reason for r in loaded.rejected)


def test_plain_articles_are_not_clusters(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("A single article with no reference summary at all.", encoding="utf-8")
    loaded = load_clusters([article])
    assert loaded.clusters == ()
    assert "not part of a cluster" in loaded.rejected[0].reason


def test_cluster_with_nothing_left_after_cleaning_is_kept_empty(tmp_path: Path) -> None:
    furniture = {"id": "news:z", "documents": ["Advertisement", "Sign in"], "summary": "Nothing."}
    loaded = load_clusters([_jsonl(tmp_path / "set.jsonl", furniture)])
    assert [(c.id, c.documents) for c in loaded.clusters] == [("news:z", ())]
    assert len(loaded.dropped) == 2


def test_peer_jsonl(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "peer.jsonl", {"id": "news:a", "summary": "A bakery reopened."},
                  "[1, 2]", {"id": "news:b", "summary": "Buses return."}, {"id": "news:b", "summary": "dup"})
    peer = read_peer("other", path)
    assert peer.summaries == {"news:a": "A bakery reopened.", "news:b": "Buses return."}
    assert [(r.path, r.reason) for r in peer.rejected] == [
        (f"{path}:2", "expected an object with 'id' and 'summary'"),
        (f"{path}:4", "id news:b repeats; kept the first"),
    ]


def test_peer_jsonl_with_several_systems_picks_by_name(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "outputs.jsonl",
                  {"id": "news:a", "system": "lead", "summary": "Lead text."},
                  {"id": "news:a", "system": "lexrank", "summary": "LexRank text."})
    assert read_peer("lexrank", path).summaries == {"news:a": "LexRank text."}
    missing = read_peer("gpt", path)
    assert missing.summaries == {}
    assert missing.rejected[0].reason == "holds systems lead, lexrank, none named gpt"


def test_peer_tsv_with_quoted_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "model_sample.tsv"
    path.write_text('"row_id"\t"generated_summary"\n'
                    '"17"\t"Gulls nested on the pier.\n\nThe council called it ""a nuisance""."\n'
                    '"18"\t"Tram fares rise."\n'
                    '"19"\n', encoding="utf-8")
    peer = read_peer("model", path)
    assert peer.summaries == {"17": 'Gulls nested on the pier.\n\nThe council called it "a nuisance".',
                              "18": "Tram fares rise."}
    assert [(r.path, r.reason) for r in peer.rejected] == [
        (f"{path}:6", "expected 2 tab-separated fields, got 1")]  # header, 3 lines, 1, then row 19


def test_peer_tsv_without_usable_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("a\tb\n1\tx\n", encoding="utf-8")
    assert "TSV header needs an id column" in read_peer("bad", path).rejected[0].reason


def test_peer_missing_or_empty_file(tmp_path: Path) -> None:
    assert read_peer("x", tmp_path / "none.jsonl").rejected[0].reason.startswith("cannot read")
    (tmp_path / "empty.tsv").write_text("\n", encoding="utf-8")
    assert read_peer("x", tmp_path / "empty.tsv").rejected[0].reason == "empty file"


def test_match_ids_exact_then_unique_suffix() -> None:
    clusters = ["sample:17", "sample:18", "other:18", "news:a"]
    mapping, unmatched = match_ids(["17", "18", "news:a", "99"], clusters)
    assert mapping == {"17": "sample:17", "news:a": "news:a"}
    assert unmatched == ["18", "99"]  # "18" is ambiguous, "99" unknown
