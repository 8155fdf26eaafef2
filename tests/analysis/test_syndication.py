"""Syndication: copies found by MinHash/LSH and confirmed sentence by sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import ProcessExecutor, process
from storyfuse.analysis.syndication import SyndicationConfig, copied_sentences, find_syndication, shingles
from storyfuse.model import Document, Sentence

WIRE = [
    "The river council voted on Monday to rebuild the old stone footbridge at Marrow Lane.",
    "Work will start in May and take about eighteen months, the council said in a statement.",
    "Residents had campaigned for a new crossing since the bridge was closed after the floods.",
    "The cost is estimated at 4.2 million crowns, shared between the town and the region.",
    "Opponents said the money would be better spent on the ferry service across the estuary.",
    "A temporary walkway will stay open while the work goes on, the council's engineer said.",
]
OWN = [
    "Gullcombe's new library opened its doors on Saturday after two years of building work.",
    "The mayor cut a ribbon in front of a crowd of several hundred people and a brass band.",
    "Children queued for the reading room, which has a view over the harbour and the lighthouse.",
    "The building cost less than planned, the town's finance office said on Friday afternoon.",
]


def document(doc_id: str, sentences: list[str], published: str | None = None, source: str | None = None) -> Document:
    spans, cursor = [], 0
    for text in sentences:
        spans.append(Sentence(cursor, cursor + len(text), text))
        cursor += len(text) + 2
    return Document(id=doc_id, path=doc_id, text="\n\n".join(sentences), sentences=tuple(spans),
                    published=published, source=source)


def lightly_edited(sentences: list[str]) -> list[str]:
    return [s.replace("rebuild", "restore").replace("Opponents", "Critics") for s in sentences[:-1]]


def test_a_lightly_edited_reprint_is_one_source_with_the_earlier_as_origin() -> None:
    docs = [document("wire", WIRE, "2026-03-01T08:00"), document("reprint", lightly_edited(WIRE), "2026-03-01T11:00"),
            document("own", OWN)]
    pairs, groups = find_syndication(docs)
    assert len(pairs) == 1
    assert pairs[0].documents == ("reprint", "wire")
    assert pairs[0].copied == {"reprint": 1.0, "wire": round(5 / 6, 3)}
    assert pairs[0].origin == "wire"
    assert groups == (("own",), ("reprint", "wire"))


def test_origin_from_a_wire_credit_in_the_dateline() -> None:
    reprint = ["GULLCOMBE, May 2 (Northwire) - " + WIRE[0], *WIRE[1:]]
    docs = [document("a", WIRE, source="Northwire"), document("b", reprint, source="The Ledger")]
    pairs, _ = find_syndication(docs)
    assert pairs[0].origin == "a"


def test_independent_reports_sharing_one_quote_are_not_copies() -> None:
    quote = "\"This is the day we have been waiting for,\" said Petra Olsen, who led the long campaign."
    docs = [document("a", [*WIRE, quote]), document("b", [*OWN, quote])]
    pairs, groups = find_syndication(docs)
    assert pairs == ()
    assert groups == (("a",), ("b",))


def test_short_sentences_must_match_exactly() -> None:
    a = document("a", ["Nobody was hurt.", *WIRE])
    b = document("b", ["Nobody was injured.", *OWN])
    assert copied_sentences(a, b, SyndicationConfig())[0] is False


def test_stop_word_shingles_are_ignored() -> None:
    assert shingles("one of the best", 3) == {"of the best"}


@settings(max_examples=25, deadline=None)
@given(st.permutations(["wire", "reprint", "own"]))
def test_result_does_not_depend_on_document_order(order: list[str]) -> None:
    by_id = {"wire": document("wire", WIRE), "reprint": document("reprint", lightly_edited(WIRE)),
             "own": document("own", OWN)}
    assert find_syndication([by_id[name] for name in order]) == find_syndication(list(by_id.values()))


LSH_ONLY = SyndicationConfig(exact_below=0)


def test_small_corpora_compare_shingle_sets_exactly_and_agree_with_lsh() -> None:
    docs = [document("wire", WIRE), document("reprint", lightly_edited(WIRE)), document("own", OWN),
            document("half", WIRE[:3] + OWN[:3])]
    exact = find_syndication(docs)
    assert exact == find_syndication(docs, LSH_ONLY)
    assert {p.documents for p in exact[0]} >= {("reprint", "wire"), ("half", "wire")}


def test_exact_pairs_use_the_jaccard_threshold() -> None:
    from storyfuse.analysis.syndication import exact_pairs

    docs = [document("wire", WIRE), document("reprint", lightly_edited(WIRE)), document("own", OWN)]
    assert exact_pairs(docs, SyndicationConfig()) == [("reprint", "wire")]
    assert exact_pairs(docs, SyndicationConfig(exact_jaccard=1.0)) == []


def test_seeds_and_example_give_the_same_groups_with_lsh(seeds_dir: Path, example_dir: Path) -> None:
    for folder in (seeds_dir, example_dir):
        documents = process([folder]).documents
        assert find_syndication(documents) == find_syndication(documents, LSH_ONLY)


def test_seeds_reuters_and_moscow_times_are_one_source(seeds_dir: Path) -> None:
    pairs, groups = find_syndication(process([seeds_dir]).documents)
    assert [p.documents for p in pairs] == [("000_4eff0fda7d4be9ff", "001_f6d4b04904632101")]
    assert len(groups) == 4
    assert ("000_4eff0fda7d4be9ff", "001_f6d4b04904632101") in groups


def test_example_reprint_credits_its_wire(example_dir: Path) -> None:
    pairs, groups = find_syndication(process([example_dir]).documents)
    assert [(p.documents, p.origin) for p in pairs] == [(("01_northwire", "02_coastal-ledger"), "01_northwire")]
    assert len(groups) == 4


@pytest.mark.slow
def test_the_maps_run_on_a_process_pool_with_the_same_result(seeds_dir: Path, example_dir: Path) -> None:
    """Signatures and pair checks through an executor's map (the seam a Dask executor uses)."""
    documents = process([seeds_dir, example_dir]).documents
    pool = ProcessExecutor(2, chunksize=2)
    try:
        assert find_syndication(documents, LSH_ONLY, map_items=pool.map) == find_syndication(documents, LSH_ONLY)
    finally:
        pool.close()
