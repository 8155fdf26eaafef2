"""An analysis as Markdown: sources and copies, corroborated facts, quotes, disagreements.

Article text is escaped and shortened as in the brief (:mod:`storyfuse.report.inline`).
"""

from __future__ import annotations

from storyfuse.model import Analysis, Document, Fact, Quote
from storyfuse.report.inline import code, md, md_clip

# How much of each section a terminal reader wants; the JSON has everything.
TOP_FACTS = 12
TOP_ENTITIES = 15


def analysis_markdown(analysis: Analysis) -> str:
    sections = [
        _sources(analysis),
        _facts(analysis),
        _quotes(analysis),
        _entities(analysis),
        _discrepancies(analysis),
        _rejected(analysis),
    ]
    return "\n".join(section for section in sections if section)


def _sources(analysis: Analysis) -> str:
    lines = [(f"# Analysis of {len(analysis.documents)} reports "
             f"({len(analysis.independent_groups)} independent sources)"), "", "## Sources", ""]
    group_of = {doc: n for n, group in enumerate(analysis.independent_groups, 1) for doc in group}
    for doc in analysis.documents:
        published = f" · {md(doc.published)}" if doc.published else ""
        lines.append(f"- **{_outlet(doc)}** {code(doc.id)} — {md_clip(doc.title or 'untitled')}"
                     f"{published} · source group {group_of.get(doc.id)}")
    for pair in analysis.syndication:
        a, b = pair.documents
        origin = f"; origin {code(pair.origin)}" if pair.origin else ""
        lines.append(f"- copies: {code(a)} ({pair.copied[a]:.0%} copied) and {code(b)} "
                     f"({pair.copied[b]:.0%} copied){origin}")
    return "\n".join(lines) + "\n"


def _facts(analysis: Analysis) -> str:
    shared = [fact for fact in analysis.facts if fact.independent_sources >= 2]
    lines = [f"## Facts confirmed by several independent sources ({len(shared)})", ""]
    names = _names(analysis)
    lines += [_fact_line(fact, names) for fact in shared[:TOP_FACTS]]
    single = sum(fact.single_source for fact in analysis.facts)
    lines += ["", f"{single} further facts come from a single independent source (see the JSON)."]
    return "\n".join(lines) + "\n"


def _fact_line(fact: Fact, names: dict[str, str]) -> str:
    outlets = sorted({names.get(ref.document, ref.document) for ref in fact.support})
    return f"- {md_clip(fact.text)} — *{fact.independent_sources} independent: {', '.join(outlets)}*"


def _quotes(analysis: Analysis) -> str:
    if not analysis.quotes:
        return ""
    lines = [f"## Quotes ({len(analysis.quotes)})", ""]
    names = _names(analysis)
    for quote in analysis.quotes:
        lines += _quote_lines(quote, names)
    return "\n".join(lines) + "\n"


def _quote_lines(quote: Quote, names: dict[str, str]) -> list[str]:
    outlets = sorted({names.get(o.document, o.document) for o in quote.occurrences})
    speaker = md_clip(quote.speaker or "unattributed")
    lines = [f"- **{speaker}**: “{md_clip(quote.text)}” — *{', '.join(outlets)}*"]
    wordings = {o.text for o in quote.occurrences}
    if len(wordings) > 1:
        lines += [f"    - {names.get(o.document, o.document)}: “{md_clip(o.text)}”"
                  f"{' (reported, no quotation marks)' if o.reported else ''}" for o in quote.occurrences]
    return lines


def _entities(analysis: Analysis) -> str:
    if not analysis.entities:
        return ""
    lines = ["## Who and what", ""]
    for entity in analysis.entities[:TOP_ENTITIES]:
        total = sum(entity.mentions.values())
        lines.append(f"- {md_clip(entity.name)} ({md(entity.label)}): {total} mentions in "
                     f"{len(entity.mentions)} reports")
    return "\n".join(lines) + "\n"


def _discrepancies(analysis: Analysis) -> str:
    if not analysis.discrepancies:
        return ""
    lines = [f"## Discrepancies and single-source figures ({len(analysis.discrepancies)})", ""]
    lines += [f"- *{md(d.kind)}*: {md_clip(d.description)}" for d in analysis.discrepancies]
    return "\n".join(lines) + "\n"


def _rejected(analysis: Analysis) -> str:
    if not analysis.rejected:
        return ""
    lines = [f"## Rejected inputs ({len(analysis.rejected)})", ""]
    lines += [f"- {code(r.path)}: {md(r.reason)}" for r in analysis.rejected]
    return "\n".join(lines) + "\n"


def _outlet(doc: Document) -> str:
    """The outlet's name, escaped and shortened for Markdown."""
    return md_clip(doc.source or doc.id)


def _names(analysis: Analysis) -> dict[str, str]:
    return {doc.id: _outlet(doc) for doc in analysis.documents}
