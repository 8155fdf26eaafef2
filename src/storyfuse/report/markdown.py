"""The cleaned corpus as Markdown: each document's metadata, clean text and removed lines.

The clean text is printed whole (it is what the command is for), but escaped line by line, as
all article text is (:mod:`storyfuse.report.inline`); removed lines are shortened.
"""

from __future__ import annotations

from storyfuse.model import Corpus, Document
from storyfuse.report.inline import clip, code, md, md_clip, md_lines

# A removed line is shown to say what went, not to be read: one line's worth of it.
REMOVED_CHARS = 160


def corpus_markdown(corpus: Corpus) -> str:
    parts = [f"# Cleaned documents ({len(corpus.documents)})\n"]
    parts += [document_markdown(doc) for doc in corpus.documents]
    if corpus.rejected:
        parts.append(f"## Rejected inputs ({len(corpus.rejected)})\n")
        parts.append("\n".join(f"- {code(r.path)}: {md(r.reason)}" for r in corpus.rejected) + "\n")
    return "\n".join(parts)


def document_markdown(doc: Document) -> str:
    heading = md_clip(doc.title or doc.id)
    facts = [f"id {code(doc.id)}", f"outlet: {md_clip(doc.source or 'unknown')}"]
    if doc.published:
        facts.append(f"published: {md(doc.published)}")
    facts.append(f"{len(doc.sentences)} sentences")
    lines = [f"## {heading}", "", " · ".join(facts), "", md_lines(doc.text), ""]
    if doc.removed:
        lines += [f"<details><summary>Removed lines ({len(doc.removed)})</summary>", ""]
        lines += [f"- *{md(r.reason)}*: {_one_line(r.text)}" for r in doc.removed]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return md(clip(" ".join(text.split()), max_chars=REMOVED_CHARS))
