"""Cleaning whole articles: zones, captions, repetition across documents, HTML, metadata."""

from __future__ import annotations

from storyfuse import Article, clean, segment
from storyfuse.clean import CleanConfig
from storyfuse.clean.lines import blank_separated, split_lines
from storyfuse.clean.metadata import parse_date, published_from_line
from storyfuse.model import Document, Rejection

BODY = [
    "The river council voted on Monday to rebuild the old stone footbridge at Marrow Lane.",
    "Work will start in May and take about eighteen months, the council said in a statement.",
    "Residents had campaigned for a new crossing since the bridge was closed after floods.",
    "\"This is the day we have been waiting for,\" said Petra Olsen, who led the campaign.",
    "The cost is estimated at 4.2 million crowns, shared between the town and the region.",
]


def article(text: str, article_id: str = "a") -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text=text)


def clean_one(text: str) -> Document:
    documents, rejected = clean([article(text)])
    assert rejected == ()
    return documents[0]


def test_head_and_tail_furniture_go_body_stays() -> None:
    page = "\n\n".join(["Skip to content", "Footbridge To Be Rebuilt After Long Campaign", *BODY,
                        "Related stories", "Flood barriers tested", "Copyright 2024 River Post"])
    document = clean_one(page)
    assert document.title == "Footbridge To Be Rebuilt After Long Campaign"
    assert document.text == "\n\n".join(BODY)
    assert [r.reason for r in document.removed] == [
        "navigation", "headline", "navigation", "not a sentence", "legal notice",
    ]
    assert document.source == "River Post"


def test_short_unpunctuated_line_between_paragraphs_is_a_subheading() -> None:
    page = "\n\n".join([*BODY[:2], "What happens next", *BODY[2:]])
    document = clean_one(page)
    assert [(r.text, r.reason) for r in document.removed] == [("What happens next", "subheading")]


def test_short_sentence_between_paragraphs_is_kept() -> None:
    page = "\n\n".join([*BODY[:2], "Nobody was hurt.", *BODY[2:]])
    assert "Nobody was hurt." in clean_one(page).text.split("\n\n")


def test_caption_glued_on_top_of_a_paragraph() -> None:
    long_paragraph = f"{BODY[2]} {BODY[3]}"
    paragraphs = [*BODY[:2], "Petra Olsen outside the town hall.\n" + long_paragraph, BODY[4]]
    document = clean_one("\n\n".join(paragraphs))
    assert [(r.text, r.reason) for r in document.removed] == [
        ("Petra Olsen outside the town hall.", "photo caption")
    ]
    assert long_paragraph in document.text


def test_text_without_blank_lines_has_no_glued_captions() -> None:
    lines = split_lines("\n".join(BODY))
    assert not blank_separated(lines)
    assert clean_one("\n".join(BODY)).text == "\n\n".join(BODY)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = ("The river council voted on Monday to rebuild the old stone\n"
               "footbridge at Marrow Lane, after residents had campaigned for\n"
               "a new crossing since the bridge was closed after the floods\n"
               "of last winter.")
    assert clean_one(wrapped).text == " ".join(wrapped.split("\n"))


def test_lines_recurring_in_many_documents_are_furniture_but_shared_sentences_are_not() -> None:
    shared_sentence = "The regional government said it would pay half of the cost of the project."
    texts = [
        "\n\n".join([BODY[i], shared_sentence, BODY[(i + 1) % 5], "More from the River Post team"])
        for i in range(3)
    ]
    documents, _ = clean([article(text, f"d{n}") for n, text in enumerate(texts)])
    for document in documents:
        assert shared_sentence in document.text
        assert "More from the River Post team" not in document.text


def test_all_furniture_page_is_rejected_with_reason() -> None:
    documents, rejected = clean([article("Sign in\n\nMenu\n\nCopyright 2024 River Post")])
    assert documents == ()
    assert rejected == (Rejection("a.txt", "no article text left after removing page furniture"),)


def test_html_page_uses_trafilatura_metadata() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    html = (
        "<html><head><title>Footbridge to be rebuilt | River Post</title>"
        '<meta property="og:site_name" content="River Post">'
        '<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>'
        "<body><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        f"<article><h1>Footbridge to be rebuilt</h1>{paragraphs}</article>"
        "<footer>Copyright 2024 River Post</footer></body></html>"
    )
    documents, rejected = clean([Article(id="p", path="p.html", html=html)])
    assert rejected == ()
    document = documents[0]
    assert document.source == "River Post"
    assert document.published == "2024-05-02"
    assert document.title.startswith("Footbridge to be rebuilt")
    for sentence in BODY:
        assert sentence in document.text
    assert "Home" not in document.text


def test_metadata_given_by_the_reader_wins() -> None:
    given = Article(id="a", path="a.jsonl:1", text="\n\n".join(BODY), source="Given Outlet",
                    title="Given title", published="2024-01-01")
    document = clean([given])[0][0]
    assert (document.source, document.title, document.published) == ("Given Outlet", "Given title",
                                                                       "2024-01-01")


def test_dates() -> None:
    assert published_from_line("Published: 3 March 2026") == "2026-03-03"
    assert published_from_line("Updated 14:05 BST, Friday, 8 November 2024") == "2024-11-08T14:05:00+01:00"
    assert published_from_line("March 4, 2026") == "2026-03-04"
    assert published_from_line("The council met on 4 March 2026 to vote.") is None
    assert parse_date("no date here") is None


def test_config_thresholds_are_respected() -> None:
    page = "\n\n".join([*BODY[:2], "What happens next", *BODY[2:]])
    documents, _ = clean([article(page)], CleanConfig(subheading_max_words=2))
    assert "What happens next" in documents[0].text


def test_weak_lines_at_the_edges_stay_unless_beside_strong_furniture() -> None:
    last = "Tickets on sale from Friday"
    document = clean_one("\n\n".join([*BODY, last]))
    assert document.text.endswith(last)
    document = clean_one("\n\n".join([*BODY, last, "Sign in"]))
    assert [r.reason for r in document.removed] == ["not a sentence", "navigation"]


def test_weak_evidence_alone_never_empties_a_page() -> None:
    lines = ["Harbour ferry timetable", "Monday to Friday", "Weekend service", "Night crossings"]
    document = clean_one("\n".join(lines))
    assert document.title == lines[0]
    assert document.text.split("\n\n") == lines[1:]


def test_lists_between_paragraphs_are_not_subheadings() -> None:
    titles = ["The Tide Clock", "Salt and Rope", "Northern Lights Over Gullcombe"]
    document = clean_one("\n\n".join([BODY[0], *titles, BODY[1]]))
    assert all(title in document.text for title in titles)


def test_unspaced_scripts_are_judged_as_sentences() -> None:
    japanese = ["港の入り口で貨物船が座礁し、夜間の運航が停止された。", "乗組員二十一人は全員無事だった。"]
    document = clean_one("\n\n".join(japanese))
    assert document.text == "\n\n".join(japanese)
    assert [s.text for s in segment(document.text)] == japanese


def test_an_article_over_the_limit_is_analysed_to_a_paragraph_break_and_the_rest_kept() -> None:
    from storyfuse.clean import TRUNCATED, capped

    text = "\n\n".join(f"Paragraph {n} says the ferry ran." for n in range(100))
    head, rest = capped(text, 1000)
    assert len(head) <= 1000 and head.endswith("ran.") and text.startswith(head)
    assert rest[0].reason.startswith(TRUNCATED) and f"{len(text):,}" in rest[0].reason
    assert text == head + "\n\n" + rest[0].text
    assert capped("short", 1000) == ("short", ())
    assert capped("y" * 3000, 1000)[0] == "y" * 1000  # no break anywhere: cut at the limit
    (doc,), _ = clean([Article(id="a", path="a.txt", text=text)], CleanConfig(max_chars=1000))
    assert isinstance(doc, Document) and len(doc.text) <= 1000 and doc.removed[-1].reason.startswith(TRUNCATED)
