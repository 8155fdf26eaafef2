"""Parsers from decoded text to articles (no disk)."""

from __future__ import annotations

import json

import pytest

from storyfuse.ingest.formats import (
    cluster_articles,
    parse_html,
    parse_json,
    parse_jsonl,
    parse_markdown,
    parse_record,
    parse_text,
    split_cluster,
    unflatten_newlines,
)
from storyfuse.model import Article, Rejection


def test_unflatten_newlines_eats_surrounding_blanks() -> None:
    assert unflatten_newlines("Storm hits NEWLINE_CHAR NEWLINE_CHAR Roads closed.") == "Storm hits\n\nRoads closed."
    assert unflatten_newlines("no marker here") == "no marker here"


def test_split_cluster_multi_news() -> None:
    assert split_cluster("one ||||| two |||||three") == ["one ", " two ", "three"]


def test_split_cluster_longbench_passages() -> None:
    text = "Passage 1:\nThe dam held.\nPassage 2:\nWater rose overnight.\n"
    assert split_cluster(text) == ["\nThe dam held.\n", "\nWater rose overnight.\n"]


@pytest.mark.parametrize("text", [
    "An ordinary story with no separators.",
    "The report cites Passage 2:\nbut does not start with a passage header.",
    "Passage 1 of the bill was delayed.",
])
def test_split_cluster_none_for_ordinary_text(text: str) -> None:
    assert split_cluster(text) is None


def test_parse_text_single() -> None:
    articles, rejected = parse_text("The port reopened.\n", "in/port.txt", "port")
    assert articles == [Article(id="port", path="in/port.txt", text="The port reopened.\n")]
    assert rejected == []


def test_parse_text_cluster_ids_and_newlines() -> None:
    text = "Bridge closed NEWLINE_CHAR Traffic diverted. ||||| Second outlet: bridge shut."
    articles, rejected = parse_text(text, "in/bridge.txt", "bridge")
    assert [a.id for a in articles] == ["bridge/1", "bridge/2"]
    assert all(a.cluster == "bridge" and a.path == "in/bridge.txt" and a.reference is None for a in articles)
    assert articles[0].text == "Bridge closed\nTraffic diverted. "
    assert articles[1].text == " Second outlet: bridge shut."
    assert rejected == []


def test_parse_markdown_title_and_markup() -> None:
    text = ("# Harbour Fees Rise #\n\nThe **council** agreed, see [the minutes](https://example.org/m).\n"
            "![map](map.png)\n## Reaction\nTraders were _unhappy_.\n")
    [article], rejected = parse_markdown(text, "a.md", "a")
    assert article.title == "Harbour Fees Rise"
    assert article.text == "\n\nThe council agreed, see the minutes.\n\nReaction\nTraders were unhappy.\n"
    assert article.html is None and rejected == []


def test_parse_markdown_keeps_asterisks_that_are_not_emphasis() -> None:
    [article], _ = parse_markdown("Rates rose 5 * 3 times.\n", "a.md", "a")
    assert article.text == "Rates rose 5 * 3 times.\n"


def test_parse_markdown_keeps_intraword_underscores() -> None:
    [article], _ = parse_markdown("The column user_id_field was leaked.\n", "a.md", "a")
    assert article.text == "The column user_id_field was leaked.\n"


def test_parse_markdown_empty_heading_line_does_not_swallow_next_heading() -> None:
    [article], _ = parse_markdown("Intro line.\n#\n# Real Title\nBody.\n", "a.md", "a")
    assert article.title == "Real Title"


def test_parse_markdown_without_heading_has_no_title() -> None:
    [article], _ = parse_markdown("Just a paragraph.\n", "a.md", "a")
    assert article.title is None and article.text == "Just a paragraph.\n"


def test_parse_html_keeps_markup_for_cleaning() -> None:
    html = "<html><body><p>Hello</p></body></html>"
    assert parse_html(html, "p.html", "p") == ([Article(id="p", path="p.html", html=html)], [])


def test_parse_record_article_with_metadata() -> None:
    record = {"text": "Body NEWLINE_CHAR more.", "url": "https://example.org/x", "source": "Gazette",
              "title": "T", "published": 20240305, "extra": True}
    [article], rejected = parse_record(record, "f.jsonl:4", "f/4")
    assert article == Article(id="f/4", path="f.jsonl:4", text="Body\nmore.", url="https://example.org/x",
                              source="Gazette", title="T", published="20240305")
    assert rejected == []


def test_parse_record_html_only_and_record_id() -> None:
    [article], _ = parse_record({"id": 17, "html": "<p>x</p>"}, "f.jsonl:1", "f/1")
    assert article.id == "17" and article.html == "<p>x</p>" and article.text is None


def test_parse_record_text_wins_over_html() -> None:
    [article], _ = parse_record({"text": "plain", "html": "<p>x</p>"}, "w", "id")
    assert article.text == "plain" and article.html is None


@pytest.mark.parametrize(("record", "reason"), [
    ({"title": "No body"}, "no 'text' or 'html' field"),
    ({"text": 42}, "'text' is a number, not a string"),
    ({"html": ["a"]}, "'html' is a list, not a string"),
    (["a", "list"], "expected a JSON object, got list"),
    ("string", "expected a JSON object, got str"),
])
def test_parse_record_rejections(record: object, reason: str) -> None:
    assert parse_record(record, "f.jsonl:2", "f/2") == ([], [Rejection("f.jsonl:2", reason)])


def test_parse_record_normalised_cluster() -> None:
    record = {"id": "storm-7", "documents": ["First report.", "Second report."], "summary": "Storm NEWLINE_CHAR hit."}
    articles, rejected = parse_record(record, "c.jsonl:1", "c/1")
    assert [(a.id, a.cluster, a.reference, a.text) for a in articles] == [
        ("storm-7/1", "storm-7", "Storm\nhit.", "First report."),
        ("storm-7/2", "storm-7", "Storm\nhit.", "Second report."),
    ]
    assert rejected == []


def test_parse_record_longbench_row_uses_answers_and_underscore_id() -> None:
    record = {"_id": "lb9", "input": "", "answers": ["The dam held."],
              "context": "Passage 1:\nEngineers checked the dam.\nPassage 2:\nThe river fell.\n"}
    articles, _ = parse_record(record, "lb.jsonl:1", "lb/1")
    assert [a.id for a in articles] == ["lb9/1", "lb9/2"]
    assert articles[1].text == "\nThe river fell.\n"
    assert {a.reference for a in articles} == {"The dam held."}


def test_parse_record_multi_news_document_field() -> None:
    record = {"document": "One. ||||| Two.", "summary": "Both."}
    articles, _ = parse_record(record, "mn.jsonl:3", "mn/3")
    assert [(a.id, a.cluster, a.reference) for a in articles] == [("mn/3/1", "mn/3", "Both."),
                                                                  ("mn/3/2", "mn/3", "Both.")]


def test_cluster_articles_rejects_non_strings() -> None:
    articles, rejected = cluster_articles(["ok", None, 5], "c.json", "c")
    assert [a.id for a in articles] == ["c/1"]
    assert rejected == [Rejection("c.json [c/2]", "document is not a string"),
                        Rejection("c.json [c/3]", "document is not a string")]


def test_parse_jsonl_lines_ids_and_bad_lines() -> None:
    text = "\n".join([
        json.dumps({"text": "First."}),
        "{not json",
        "",
        json.dumps({"title": "no body"}),
        json.dumps({"html": "<p>Fifth</p>"}),
    ])
    articles, rejected = parse_jsonl(text, "f.jsonl", "f")
    assert [(a.id, a.path) for a in articles] == [("f/1", "f.jsonl:1"), ("f/5", "f.jsonl:5")]
    assert [r.path for r in rejected] == ["f.jsonl:2", "f.jsonl:4"]
    assert rejected[0].reason.startswith("malformed JSON: ")
    assert rejected[1].reason == "no 'text' or 'html' field"


def test_parse_jsonl_keeps_unicode_line_separators_inside_strings() -> None:
    text = json.dumps({"text": "One\u2028two."}, ensure_ascii=False) + "\n" + json.dumps({"text": "Next."})
    articles, rejected = parse_jsonl(text, "u.jsonl", "u")
    assert rejected == []
    assert [(a.id, a.text) for a in articles] == [("u/1", "One\u2028two."), ("u/2", "Next.")]


def test_parse_json_single_object_uses_file_id() -> None:
    [article], _ = parse_json(json.dumps({"text": "Alone."}), "one.json", "one")
    assert (article.id, article.path) == ("one", "one.json:1")


def test_parse_json_list() -> None:
    articles, rejected = parse_json(json.dumps([{"text": "A."}, {"text": "B."}, 3]), "l.json", "l")
    assert [(a.id, a.path, a.text) for a in articles] == [("l/1", "l.json:1", "A."), ("l/2", "l.json:2", "B.")]
    assert rejected == [Rejection("l.json:3", "expected a JSON object, got int")]


def test_parse_json_malformed() -> None:
    assert parse_json('{"text": ', "m.json", "m") == (
        [], [Rejection("m.json", "malformed JSON: Expecting value at line 1")])

