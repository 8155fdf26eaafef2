"""Reduce: the same quote from several outlets as one :class:`~storyfuse.model.Quote`.

Wordings are compared by word overlap (containment of the shorter in the longer, with a floor
of shared content words), each outlet's wording is kept, and a reported (unmarked) candidate
joins only a quote that some outlet marked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from storyfuse.analysis.quotes.config import FoundQuote, QuoteConfig
from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import QuoteRules
from storyfuse.model import Quote, QuoteOccurrence
from storyfuse.text import UnionFind

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str, rules: QuoteRules | None = None) -> frozenset[str]:
    """Lowercased word tokens, contractions expanded and possessives dropped, so that
    "we won't" and "we will not", "Russia's" and "Russia" compare equal."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    for pattern, replacement in (rules or get_language().quotes).contractions:
        lowered = pattern.sub(replacement, lowered)
    return frozenset(_TOKEN.findall(lowered))


def similarity(
    a: frozenset[str], b: frozenset[str], config: QuoteConfig = QuoteConfig(), rules: QuoteRules | None = None
) -> float:
    """Share of the shorter wording's tokens found in the other; 0 when they share fewer
    content words (outside the language's function words) than ``min_shared_content`` (or
    than the shorter one has)."""
    if not a or not b:
        return 0.0
    function_words = (rules or get_language().quotes).function_words
    shared = a & b
    content = min(len(a - function_words), len(b - function_words))
    if len(shared - function_words) < max(1, min(config.min_shared_content, content)):
        return 0.0
    return len(shared) / min(len(a), len(b))


def group_quotes(
    found: Iterable[FoundQuote], config: QuoteConfig = QuoteConfig(), *, lang: Language | None = None
) -> tuple[Quote, ...]:
    """One :class:`Quote` per quotation, across documents; order independent of input order."""
    return _group(found, config, (lang or get_language()).quotes)


def _group(found: Iterable[FoundQuote], config: QuoteConfig, rules: QuoteRules) -> tuple[Quote, ...]:
    items = sorted(set(found), key=_order)
    bags = {q: tokens(q.text, rules) for q in items}
    groups = _cluster([q for q in items if not q.reported], bags, config, rules)
    for candidate in (q for q in items if q.reported):
        _attach(candidate, groups, bags, config, rules)
    built = [_build(group, bags, config, rules) for group in groups]
    return tuple(sorted(built, key=_rank))


def _order(quote: FoundQuote) -> tuple[str, int, bool, str]:
    return quote.document, quote.sentence, quote.reported, quote.text


def _cluster(
    direct: list[FoundQuote],
    bags: Mapping[FoundQuote, frozenset[str]],
    config: QuoteConfig,
    rules: QuoteRules,
) -> list[list[FoundQuote]]:
    """Connected components of the "same quote" relation (a later quote joins an earlier one)."""
    found = UnionFind(range(len(direct)))
    for i in range(len(direct)):
        for j in range(i + 1, len(direct)):
            if similarity(bags[direct[i]], bags[direct[j]], config, rules) >= config.min_containment:
                found.attach(j, i)
    groups = [[direct[i] for i in members] for members in found.groups().values()]
    return sorted(groups, key=lambda g: _order(g[0]))


def _attach(
    candidate: FoundQuote,
    groups: list[list[FoundQuote]],
    bags: dict[FoundQuote, frozenset[str]],
    config: QuoteConfig,
    rules: QuoteRules,
) -> None:
    """Add a reported candidate to the marked quote it matches best, if any."""
    bag = bags[candidate]
    scores = [max(similarity(bag, bags[q], config, rules) for q in group) for group in groups]
    best = max(range(len(groups)), key=lambda i: (scores[i], -i), default=None)
    if best is None or scores[best] < config.min_containment:
        return
    marked = frozenset().union(*(bags[q] for q in groups[best]))
    text = _trim(candidate.text, marked, config, rules)
    trimmed = FoundQuote(candidate.document, candidate.sentence, text, candidate.speaker, True)
    bags[trimmed] = tokens(text, rules)
    groups[best].append(trimmed)


def _trim(text: str, marked: frozenset[str], config: QuoteConfig, rules: QuoteRules) -> str:
    """Drop leading sentences of a reported candidate that are not part of the quote."""
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    while len(pieces) > 1:
        bag = tokens(pieces[0], rules)
        bag = bag - rules.function_words or bag  # judged on content words where it has any
        if bag and len(bag & marked) / len(bag) >= config.min_trim_overlap:
            break
        pieces.pop(0)
    return " ".join(pieces)


def _build(
    group: list[FoundQuote], bags: Mapping[FoundQuote, frozenset[str]], config: QuoteConfig, rules: QuoteRules
) -> Quote:
    group = sorted(group, key=_order)
    occurrences = tuple(QuoteOccurrence(q.document, q.sentence, q.text, q.reported) for q in group)
    canonical = _canonical(group, bags, config, rules)
    return Quote(majority_speaker([q.speaker for q in group]), canonical.text, occurrences)


def _canonical(
    group: list[FoundQuote], bags: Mapping[FoundQuote, frozenset[str]], config: QuoteConfig, rules: QuoteRules
) -> FoundQuote:
    """The most complete marked wording: among those nearly as long as the longest, the one
    most occurrences give (near) word for word, then the longest, then the first."""
    direct = [q for q in group if not q.reported]
    longest = max(len(bags[q]) for q in direct)
    complete = [q for q in direct if len(bags[q]) >= config.complete_share * longest]

    def agreement(quote: FoundQuote) -> int:
        return sum(similarity(bags[quote], bags[o], config, rules) >= config.same_wording for o in group)

    return max(complete, key=lambda q: (agreement(q), len(bags[q]), -group.index(q)))


def majority_speaker(speakers: Iterable[str | None]) -> str | None:
    """The most frequent speaker, shorter forms counted for the fullest form among them
    ("Rasmussen" votes for "Anders Fogh Rasmussen"); ties go to the fuller name."""
    names = [s for s in speakers if s]
    full = {s: max((n for n in names if n == s or n.endswith(" " + s)), key=len) for s in names}
    votes = Counter(full[s] for s in names)
    return max(votes, key=lambda n: (votes[n], len(n.split()), n), default=None)


def _rank(quote: Quote) -> tuple[int, str, int, str]:
    first = quote.occurrences[0]
    return -len({o.document for o in quote.occurrences}), first.document, first.sentence, quote.text
