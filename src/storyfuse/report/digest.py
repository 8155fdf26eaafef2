"""The digest as Markdown: the brief a reader reads instead of five articles.

Article text goes through :mod:`storyfuse.report.inline`: escaped, so that a Markdown renderer
shows it as text, and, where a section quotes it, shortened (the summary is not: the word
budget bounds it, and it is what the reader asked for).
"""

from __future__ import annotations

from storyfuse.model import Brief, BriefSource, Digest, Quote
from storyfuse.report.inline import md, md_clip

TOP_DISCREPANCIES = 8


def digest_markdown(digest: Digest) -> str:
    brief = digest.brief or Brief(headline="")
    numbers = {source.document: source.number for source in brief.sources}
    sections = [
        f"# {md_clip(brief.headline)}\n",
        _summary(digest, numbers),
        _evidence(digest, brief, numbers),
        _quotes(brief.key_quotes, numbers),
        _additions(digest, brief, numbers),
        _disagreements(digest, brief, numbers),
        _sources(brief.sources),
    ]
    return "\n".join(section for section in sections if section)


def cite(documents: tuple[str, ...] | list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[d] for d in documents if d in numbers}))


def _summary(digest: Digest, numbers: dict[str, int]) -> str:
    if not digest.summary:
        return "_No summary: no usable article text._\n"
    return " ".join(f"{md(s.text)} {cite(s.citations, numbers)}" for s in digest.summary) + "\n"


def _evidence(digest: Digest, brief: Brief, numbers: dict[str, int]) -> str:
    """Under each summary sentence that other outlets are cited for, the sentence of each that
    was verified to state it, with the verifier's score."""
    outlets = {source.document: source.outlet for source in brief.sources}
    lines = []
    for k, sentence in enumerate(digest.summary, 1):
        others = [e for e in sentence.support if e.document != sentence.origin.document]
        if not others:
            continue
        lines.append(f"{k}. {md(sentence.text)} {cite([sentence.origin.document], numbers)}")
        lines += [f"   - {cite([e.document], numbers)} {md_clip(outlets.get(e.document, e.document))} "
                  f"(verified, {e.score:.2f}): “{md_clip(e.text)}”" for e in others]
    return "\n".join(["## Evidence", "", *lines]) + "\n" if lines else ""


def _quotes(quotes: tuple[Quote, ...], numbers: dict[str, int]) -> str:
    if not quotes:
        return ""
    lines = ["## Key quotes", ""]
    for quote in quotes:
        documents = [o.document for o in quote.occurrences]
        speaker = md_clip(quote.speaker or "")
        lines.append(f"> “{md_clip(quote.text)}”  \n> — **{speaker}** {cite(documents, numbers)}")
        wordings: dict[str, list[str]] = {}
        for occurrence in quote.occurrences:
            wordings.setdefault(occurrence.text.rstrip(".,"), []).append(occurrence.document)
        if len(wordings) > 1:
            lines += [f">  - {cite(docs, numbers)} “{md_clip(text)}”" for text, docs in wordings.items()]
        lines.append("")
    return "\n".join(lines)


def _additions(digest: Digest, brief: Brief, numbers: dict[str, int]) -> str:
    if not brief.additions:
        return ""
    outlets = {source.document: source.outlet for source in brief.sources}
    lines = ["## What each outlet adds", ""]
    for addition in brief.additions:
        # Each sentence is shortened on its own: one run-on must not crowd out the next.
        text = " ".join(md_clip(ref.text) for ref in addition.sentences)
        lines.append(f"- **{md_clip(outlets.get(addition.document, addition.document))}** "
                     f"{cite([addition.document], numbers)}: {text}")
    return "\n".join(lines) + "\n"


def _disagreements(digest: Digest, brief: Brief, numbers: dict[str, int]) -> str:
    found = [d for d in digest.analysis.discrepancies if d.kind != "single-source"][:TOP_DISCREPANCIES]
    single = [s for s in digest.summary if s.single_source]
    if not found and not single:
        return ""
    lines = ["## Discrepancies and single-source claims", ""]
    for discrepancy in found:
        sides = "; ".join(f"{md_clip(s.value)} {cite(s.documents, numbers)}" for s in discrepancy.sides)
        lines.append(f"- **{md(discrepancy.kind)}**: {sides}")
    for sentence in single:
        lines.append(f"- **single source** {cite(sentence.citations, numbers)}: {md(sentence.text)}")
    return "\n".join(lines) + "\n"


def _sources(sources: tuple[BriefSource, ...]) -> str:
    lines = ["## Sources", ""]
    for source in sources:
        parts = [f"{source.number}. **{md_clip(source.outlet)}**"]
        if source.title:
            parts.append(f"“{md_clip(source.title)}”")
        if source.published:
            parts.append(md(source.published[:10]))
        line = " — ".join(parts)
        if source.note:
            line += f" ({md_clip(source.note)})"
        lines.append(line)
    return "\n".join(lines) + "\n"
