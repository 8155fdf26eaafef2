"""Cleaning: from raw articles (scrapes or HTML) to clean documents, nothing lost silently.

Map: each article is extracted (HTML) and split into lines. Group/reduce: lines that
recur across many documents are counted. Map again: each line is judged on its own
evidence, its layout and its position (page head, body, page tail). Every removed line is
kept in ``Document.removed`` with its reason; headline, date and outlet are lifted into
metadata.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyfuse.clean import metadata
from storyfuse.clean.furniture import SHORT_LINE_WORDS, is_list_item, menu_like, strong_reason, weak_reason
from storyfuse.clean.html import HtmlConfig, extract_html
from storyfuse.clean.lines import Line, blank_separated, split_lines
from storyfuse.clean.repetition import count_documents, line_key, recurring
from storyfuse.lang import DEFAULT_LANGUAGE, Language, get_language, language_code, language_or
from storyfuse.lang.detect import SAMPLE_CHARS, detect_language
from storyfuse.model import Article, Document, Rejection, Removal

# Characters that mark a line as code or markup rather than a heading.
_CODE = re.compile(r"[{}<>=;]|//|\(\)")


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Thresholds for line cleaning; each default is explained where it is used."""

    html: HtmlConfig = field(default_factory=HtmlConfig)
    # A non-sentence line found in this many documents is furniture ("a line that recurs in
    # many documents"); 3 because two documents sharing lines are more often syndicated copies.
    repeated_min_documents: int = 3
    # A short line glued on top of a paragraph in a blank-line-separated page is a caption.
    caption_max_words: int = 20
    # A line this short with no sentence ending, between paragraphs, is a section subheading
    # (the seeds' and the example's subheadings have 2-5 words).
    subheading_max_words: int = 6
    # Consecutive identical lines this short are a caption shown twice (image alt + caption).
    repeated_caption_max_words: int = 30
    # Characters of one article that are analysed; the rest is kept in ``removed`` (see
    # :func:`capped`). The longest article of the shared Multi-News set has 64,487; every stage
    # after this one is bounded by it (a 1 MB article took 37 s and 2.5 GB to brief).
    max_chars: int = 200_000


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article after extraction and line splitting, before judging its lines."""

    article: Article
    lines: tuple[Line, ...]
    title: str | None
    published: str | None
    source: str | None
    url: str | None


def prepare(article: Article, config: CleanConfig = CleanConfig()) -> Prepared:
    """Extract the text of an HTML article (trafilatura) and split the text into lines."""
    title, published, source, url = article.title, article.published, article.source, article.url
    text = article.text or ""
    if article.text is None and article.html is not None:
        extraction = extract_html(article.html, article.url, config.html)
        text = extraction.text
        title = title or extraction.title
        published = published or extraction.published
        source = source or extraction.source
        url = url or extraction.url
    return Prepared(article, tuple(split_lines(text)), title, published, source, url)


def clean(
    articles: Iterable[Article], config: CleanConfig = CleanConfig(), *, lang: Language | None = None
) -> tuple[tuple[Document, ...], tuple[Rejection, ...]]:
    """Clean a batch of articles together (repetition across them is evidence): each in its own
    language's words (stated, else detected, else English), or all in ``lang``'s when given."""
    prepared = [prepare(article, config) for article in articles]
    keys = recurring_lines(prepared, config)
    documents: list[Document] = []
    rejected: list[Rejection] = []
    for item in prepared:
        result = clean_article(item, keys, config, lang=lang)
        (documents if isinstance(result, Document) else rejected).append(result)  # type: ignore[arg-type]
    return tuple(documents), tuple(rejected)


def clean_article(
    item: Prepared, recurring_keys: frozenset[str], config: CleanConfig = CleanConfig(), *,
    lang: Language | None = None, default_language: str = DEFAULT_LANGUAGE, detect: bool = True,
) -> Document | Rejection:
    """:func:`clean_prepared` with the article's language settled and recorded on the document:
    ``lang`` when given, else the stated or detected language (``default_language`` when there
    is neither), read with its profile or, when storyfuse has none for it, the default's."""
    language = lang.code if lang else article_language(item.article, item.lines, default_language, detect)
    result = clean_prepared(item, recurring_keys, config, lang=lang or language_or(language, default_language))
    return result if isinstance(result, Rejection) else dataclasses.replace(result, language=language)


def article_language(article: Article, lines: Sequence[Line], default: str = DEFAULT_LANGUAGE,
                     detect: bool = True) -> str:
    """The language the article states, else the one detected in its opening lines, else ``default``."""
    stated = language_code(article.language)
    if stated:
        return stated
    detected = detect_language(_opening(lines)) if detect else None
    return detected or get_language(default).code


def _opening(lines: Sequence[Line]) -> str:
    """The first lines, up to what detection reads."""
    taken: list[str] = []
    size = 0
    for line in lines:
        if size >= SAMPLE_CHARS:
            break
        taken.append(line.text)
        size += len(line.text) + 1
    return "\n".join(taken)


def recurring_lines(prepared: Iterable[Prepared], config: CleanConfig = CleanConfig()) -> frozenset[str]:
    """Keys of the non-sentence lines found in ``config.repeated_min_documents`` or more articles."""
    counts = count_documents((line.text for line in p.lines) for p in prepared)
    return recurring(counts, config.repeated_min_documents)


def clean_prepared(
    item: Prepared, recurring_keys: frozenset[str] = frozenset(), config: CleanConfig = CleanConfig(),
    *, lang: Language | None = None,
) -> Document | Rejection:
    """Judge every line of one prepared article and build the clean document."""
    lang = lang or get_language()
    lines = list(item.lines)
    reasons, title_index = judge_lines(lines, recurring_keys, item.title, config, lang=lang)
    kept = [line.text for line, reason in zip(lines, reasons, strict=True) if reason is None]
    if not kept:
        why = "no article text left after removing page furniture" if lines else "no article text found"
        return Rejection(item.article.where, why)
    removed = tuple(Removal(line.text, reason) for line, reason in zip(lines, reasons, strict=True) if reason)
    removed_texts = [r.text for r in removed]
    text, beyond = capped("\n\n".join(kept), config.max_chars)
    return Document(
        id=item.article.id,
        path=item.article.path,
        text=text,
        source=item.source or _lifted_source(kept[0], removed_texts, lang),
        title=item.title or (lines[title_index].text if title_index is not None else None),
        published=item.published or _lifted_date(lines, reasons, lang)
        or metadata.published_from_dateline(kept[0], lang=lang),
        url=item.url,
        cluster=item.article.cluster,
        removed=removed + beyond,
    )


TRUNCATED = "beyond the per-article limit"


def capped(text: str, limit: int) -> tuple[str, tuple[Removal, ...]]:
    """``text`` cut to at most ``limit`` characters, at the last paragraph break, else sentence
    end, else space in its second half; the rest as a removal, so that nothing is lost."""
    if len(text) <= limit:
        return text, ()
    head = text[:limit]
    ends = (head.rfind("\n\n"), head.rfind(". ") + 1, head.rfind(" "))
    cut = next((at for at in ends if at >= limit // 2), limit)
    reason = f"{TRUNCATED} of {limit:,} characters (the article has {len(text):,})"
    return text[:cut].rstrip(), (Removal(text[cut:].strip(), reason),)


def judge_lines(
    lines: Sequence[Line], recurring_keys: frozenset[str], known_title: str | None, config: CleanConfig,
    *, lang: Language | None = None,
) -> tuple[list[str | None], int | None]:
    """A removal reason (or None to keep) for each line, and the index of a lifted headline."""
    lang = lang or get_language()
    glued_captions = blank_separated(list(lines))
    strong = [_strong(lines, i, recurring_keys, known_title, glued_captions, config, lang)
              for i in range(len(lines))]
    _extend_related_links(lines, strong)
    weak = [weak_reason(line, lang=lang) for line in lines]
    title_index = None if known_title else _title_index(lines, strong, weak, lang)
    if title_index is not None:
        strong[title_index] = "headline"
    reasons = list(strong)
    _sweep(range(len(lines)), strong, weak, reasons)
    _sweep(range(len(lines) - 1, -1, -1), strong, weak, reasons)
    for i in range(len(lines)):
        if reasons[i] is None and _subheading(lines, i, strong, weak, config):
            reasons[i] = "subheading"
    if all(reasons):
        # Only weak evidence left nothing standing: weak evidence alone never empties a page.
        reasons = list(strong)
    return reasons, title_index


def _sweep(order: Iterable[int], strong: list[str | None], weak: list[str | None],
           reasons: list[str | None]) -> None:
    """From one edge of the page inwards, weak furniture goes once strong furniture was met.

    Furniture gathers at the head and tail of a page: a short unpunctuated line beside
    "Sign in" is a link, but the same line alone at the end of an article is its last line.
    """
    seen_strong = False
    for i in order:
        if strong[i]:
            seen_strong = True
        elif weak[i] and seen_strong:
            reasons[i] = weak[i]
        else:
            return


def _strong(
    lines: Sequence[Line], i: int, recurring_keys: frozenset[str], known_title: str | None,
    glued_captions: bool, config: CleanConfig, lang: Language,
) -> str | None:
    line = lines[i]
    if known_title and line_key(line.text) == line_key(known_title):
        return "headline"
    reason = strong_reason(line.text, lang=lang)
    if reason:
        return reason
    if metadata.published_from_line(line.text, lang=lang):
        return "publication date"
    return (_duplicate(lines, i, config)
            or (glued_captions and _glued_caption(lines, i, config))
            or _recurring(line, recurring_keys, lang)
            or None)


def _extend_related_links(lines: Sequence[Line], strong: list[str | None]) -> None:
    """A headline glued to a "12 May 09 | Europe" line belongs to the same link list."""
    for i, line in enumerate(lines):
        if strong[i] or line.words > SHORT_LINE_WORDS:
            continue
        above = line.glued_prev and strong[i - 1] == "related links"
        below = line.glued_next and strong[i + 1] == "related links"
        if above or below:
            strong[i] = "related links"


def _duplicate(lines: Sequence[Line], i: int, config: CleanConfig) -> str | None:
    text = lines[i].text
    beside = (i > 0 and lines[i - 1].text == text) or (i + 1 < len(lines) and lines[i + 1].text == text)
    if beside and lines[i].words <= config.repeated_caption_max_words:
        return "repeated caption"
    # A long paragraph printed twice in a row is a scraping glitch; copies further apart
    # can be real (an interview asking several people the same question).
    if i > 0 and lines[i - 1].text == text:
        return "duplicate paragraph"
    return None


def _glued_caption(lines: Sequence[Line], i: int, config: CleanConfig) -> str | None:
    """A short line stuck directly on top of a much longer paragraph: a photo caption."""
    line = lines[i]
    if not line.glued_next or line.glued_prev or line.words > config.caption_max_words:
        return None
    below = lines[i + 1]
    # 1.5x and 15 words: the paragraph below must clearly be body text, not another caption.
    if below.words >= max(15, 1.5 * line.words) and not is_list_item(line.text):
        return "photo caption"
    return None


def _recurring(line: Line, recurring_keys: frozenset[str], lang: Language) -> str | None:
    if line_key(line.text) not in recurring_keys or _CODE.search(line.text):
        return None
    # A full sentence shared by several documents is more likely syndicated copy than furniture.
    if line.sentence_shaped and weak_reason(line, lang=lang) is None:
        return None
    return "repeated across documents"


def _title_index(
    lines: Sequence[Line], strong: list[str | None], weak: list[str | None], lang: Language
) -> int | None:
    """The first headline-shaped line before the body starts."""
    for i, line in enumerate(lines):
        # A Title Case headline with no small words reads like a menu row; it may still lead.
        if strong[i] and not menu_like(line.text, lang=lang):
            continue
        if _title_like(line):
            return i
        if weak[i] is None:
            return None
    return None


def _title_like(line: Line) -> bool:
    # 3-25 words: shorter is a section label ("World"), longer is a paragraph.
    shaped = not line.sentence_shaped or line.text.endswith(("?", "!"))
    return shaped and 3 <= line.words <= 25 and not is_list_item(line.text)


def _subheading(lines: Sequence[Line], i: int, strong: list[str | None], weak: list[str | None],
                config: CleanConfig) -> bool:
    """A short unpunctuated line standing alone between two body paragraphs.

    Runs of such lines are lists (titles, schedules, code) and stay.
    """
    line = lines[i]
    if weak[i] != "not a sentence" or line.words > config.subheading_max_words:
        return False
    if not line.text[0].isupper() or _CODE.search(line.text):
        return False
    body = [j for j in (i - 1, i + 1) if 0 <= j < len(lines) and not strong[j] and not weak[j]]
    return len(body) == 2


def _lifted_source(first_line: str, removed: Sequence[str], lang: Language) -> str | None:
    """The outlet named in the removed furniture, the dateline or the house style."""
    return (metadata.outlet_naming_itself(removed, lang=lang)
            or metadata.outlet_from_dateline(first_line, lang=lang)
            or metadata.known_outlet(removed, lang=lang))


def _lifted_date(lines: Sequence[Line], reasons: list[str | None], lang: Language) -> str | None:
    for line, reason in zip(lines, reasons, strict=True):
        if reason == "publication date":
            return metadata.published_from_line(line.text, lang=lang)
    return None


__all__ = ["CleanConfig", "Prepared", "clean", "clean_prepared", "judge_lines", "prepare"]
