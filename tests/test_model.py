"""The data model: to_dict/from_dict round trips and the JSON contract's key order."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.model import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Corpus,
    Document,
    ReadResult,
    Rejection,
    Removal,
    Sentence,
    from_dict,
    to_dict,
)

DOCUMENT_KEYS = ["id", "path", "source", "title", "published", "url", "cluster", "language", "text", "removed", "sentences"]


def _document() -> Document:
    text = "Ferry Service Suspended\nThe harbour master closed the port. Crews wait."
    return Document(
        id="harbour/2", path="in/harbour.txt", text=text, source="Calder Gazette", title="Ferry Service Suspended",
        published="2024-03-05", url="https://example.org/ferry", cluster="harbour",
        removed=(Removal("Share this article", "share-bar"), Removal("Advertisement", "advert")),
        sentences=(Sentence(0, 23, "Ferry Service Suspended"), Sentence(24, 59, text[24:59])),
    )


def test_document_to_dict_follows_contract_key_order() -> None:
    data = to_dict(_document())
    assert list(data) == DOCUMENT_KEYS
    assert data["removed"] == [{"text": "Share this article", "reason": "share-bar"},
                               {"text": "Advertisement", "reason": "advert"}]
    assert list(data["removed"][0]) == ["text", "reason"]
    assert data["sentences"][0] == {"start": 0, "end": 23, "text": "Ferry Service Suspended"}
    assert list(data["sentences"][1]) == ["start", "end", "text"]
    assert data["sentences"][1]["text"] == "The harbour master closed the port."


def test_corpus_to_dict_follows_contract_key_order() -> None:
    corpus = Corpus(documents=(_document(),), rejected=(Rejection("in/photo.png", "unknown format '.png'"),))
    data = to_dict(corpus)
    assert list(data) == ["schema_version", "documents", "rejected", "notices"]
    assert data["schema_version"] == SCHEMA_VERSION == "1"
    assert list(data["documents"][0]) == DOCUMENT_KEYS
    assert data["rejected"] == [{"path": "in/photo.png", "reason": "unknown format '.png'"}]
    assert list(data["rejected"][0]) == ["path", "reason"]
    # the key order survives serialisation
    text = json.dumps(data)
    assert text.index('"schema_version"') < text.index('"documents"') < text.index('"rejected"')
    assert text.index('"cluster"') < text.index('"text"') < text.index('"removed"') < text.index('"sentences"')


def test_empty_corpus_to_dict() -> None:
    assert to_dict(Corpus()) == {"schema_version": "1", "documents": [], "rejected": [], "notices": []}


def test_document_round_trip_restores_tuples_and_nested_types() -> None:
    doc = _document()
    back = from_dict(Document, json.loads(json.dumps(to_dict(doc))))
    assert back == doc
    assert isinstance(back.removed, tuple) and isinstance(back.removed[0], Removal)
    assert isinstance(back.sentences, tuple) and isinstance(back.sentences[1], Sentence)


def test_corpus_round_trip() -> None:
    corpus = Corpus(documents=(_document(), Document(id="b", path="b.txt", text="")),
                    rejected=(Rejection("x.bin", "binary file, not text"),))
    back = from_dict(Corpus, json.loads(json.dumps(to_dict(corpus))))
    assert back == corpus
    assert isinstance(back.documents, tuple) and isinstance(back.rejected[0], Rejection)


def test_article_and_read_result_round_trip() -> None:
    article = Article(id="c/1", path="c.jsonl:1", html="<p>Hi</p>", url="https://example.org/a", cluster="c",
                      reference="A summary.")
    result = ReadResult(articles=(article,), rejected=(Rejection("c.jsonl:2", "malformed JSON: Expecting value"),))
    assert list(to_dict(article)) == ["id", "path", "text", "html", "url", "source", "title", "published",
                                      "cluster", "reference", "language"]
    assert from_dict(ReadResult, to_dict(result)) == result


def test_from_dict_ignores_unknown_keys() -> None:
    data = to_dict(_document())
    data["sentiment"] = "calm"
    data["removed"][0]["confidence"] = 0.9
    data["sentences"][0]["speaker"] = None
    assert from_dict(Document, data) == _document()
    corpus = {"schema_version": "1", "documents": [data], "rejected": [], "summary": {"words": 12}}
    assert from_dict(Corpus, corpus) == Corpus(documents=(_document(),))


def test_from_dict_fills_missing_optional_fields_with_defaults() -> None:
    doc = from_dict(Document, {"id": "a", "path": "a.txt", "text": "Body."})
    assert doc == Document(id="a", path="a.txt", text="Body.")
    assert doc.removed == () and doc.sentences == () and doc.title is None
    assert from_dict(Corpus, {}) == Corpus()


def test_from_dict_keeps_none_for_optional_fields() -> None:
    doc = from_dict(Document, {"id": "a", "path": "a.txt", "text": "x", "source": None, "url": None})
    assert doc.source is None and doc.url is None


def test_from_dict_missing_required_field_raises() -> None:
    with pytest.raises(TypeError):
        from_dict(Document, {"id": "a", "path": "a.txt"})


def test_model_objects_are_frozen() -> None:
    with pytest.raises(AttributeError):
        _document().text = "changed"  # type: ignore[misc]


# --- property: any Document / Corpus survives to_dict → JSON → from_dict ---------------------------------

_opt_text = st.none() | st.text(max_size=30)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(max_size=200))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    return Document(
        id=draw(st.text(min_size=1, max_size=20)), path=draw(st.text(min_size=1, max_size=40)), text=text,
        source=draw(_opt_text), title=draw(_opt_text), published=draw(_opt_text), url=draw(_opt_text),
        cluster=draw(_opt_text),
        removed=tuple(draw(st.lists(st.builds(Removal, st.text(max_size=40), st.text(max_size=15)), max_size=5))),
        sentences=tuple(Sentence(a, b, text[a:b]) for a, b in pairs),
    )


@settings(max_examples=200)
@given(documents())
def test_document_round_trip_property(doc: Document) -> None:
    data = to_dict(doc)
    assert list(data) == DOCUMENT_KEYS
    assert from_dict(Document, data) == doc
    assert from_dict(Document, json.loads(json.dumps(data, ensure_ascii=False))) == doc


@settings(max_examples=100)
@given(st.lists(documents(), max_size=3),
       st.lists(st.builds(Rejection, st.text(min_size=1, max_size=30), st.text(max_size=30)), max_size=3))
def test_corpus_round_trip_property(docs: list[Document], rejected: list[Rejection]) -> None:
    corpus = Corpus(documents=tuple(docs), rejected=tuple(rejected))
    data = json.loads(json.dumps(to_dict(corpus)))
    assert list(data) == ["schema_version", "documents", "rejected", "notices"]
    assert from_dict(Corpus, data) == corpus


def test_two_articles_of_one_outlet_are_one_independent_outlet() -> None:
    docs = tuple(Document(id=i, path=f"{i}.txt", text="x", source=src)
                 for i, src in (("a1", "Harbourwatch"), ("a2", "Harbourwatch"), ("b", "Courier"), ("c", None)))
    analysis = Analysis(documents=docs, independent_groups=(("a1",), ("a2",), ("b",), ("c",)))
    assert analysis.independent_outlets == 3  # Harbourwatch twice is one; "c" names no outlet
    copied = Analysis(documents=docs, independent_groups=(("b", "a1"), ("a2",), ("c",)))
    assert copied.independent_outlets == 3  # a1 copies b: Harbourwatch still has a2 of its own
