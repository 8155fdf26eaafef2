"""The cleaned corpus as Markdown: each document's metadata, clean text and removed lines."""

from __future__ import annotations

from storyfuse.model import Corpus, Document


def corpus_markdown(corpus: Corpus) -> str:
    parts = [f"# Cleaned documents ({len(corpus.documents)})\n"]
    parts += [document_markdown(doc) for doc in corpus.documents]
    if corpus.rejected:
        parts.append(f"## Rejected inputs ({len(corpus.rejected)})\n")
        parts.append("\n".join(f"- `{r.path}`: {r.reason}" for r in corpus.rejected) + "\n")
    return "\n".join(parts)


def document_markdown(doc: Document) -> str:
    heading = doc.title or doc.id
    facts = [f"id `{doc.id}`", f"outlet: {doc.source or 'unknown'}"]
    if doc.published:
        facts.append(f"published: {doc.published}")
    facts.append(f"{len(doc.sentences)} sentences")
    lines = [f"## {heading}", "", " · ".join(facts), "", doc.text, ""]
    if doc.removed:
        lines += [f"<details><summary>Removed lines ({len(doc.removed)})</summary>", ""]
        lines += [f"- *{r.reason}*: {_one_line(r.text)}" for r in doc.removed]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
