"""Disagreements between outlets: figures, times and quote wordings that differ.

Works on what alignment and quote grouping produced: inside one fact, independent groups
that state different numbers for the same thing ("180-metre" vs "190-metre"); inside one
quote group, different wordings. Figures that only one independent source gives, inside
facts others confirm, are listed as single-source.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import FigureRules
from storyfuse.model import Discrepancy, Fact, Quote, SentenceRef, Side
from storyfuse.text import words

# A figure: digits (with separators and decimals), then the word it counts. Number words
# are left out: "one day", "two sides" are idiom far more often than figures. What is no
# counted word ("21 was"), the counted word before "of" ("the crew of 21") and how times are
# written are the language profile's (:class:`~storyfuse.lang.profile.FigureRules`).
_FIGURE = re.compile(
    r"(?<![\w.:])(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[- ](?P<unit>[a-z]+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DiscrepancyConfig:
    # Wordings of one quote count as different when fewer than this share of their words
    # agree; below it, the difference is a real rewording ("strengthen Russia's" vs "step up its").
    quote_same_words: float = 0.98
    list_single_source_figures: bool = True


def find_discrepancies(
    facts: Sequence[Fact], quotes: Sequence[Quote], groups: Sequence[Sequence[str]],
    config: DiscrepancyConfig = DiscrepancyConfig(), names: Mapping[str, str] | None = None,
    *, lang: Language | None = None,
) -> tuple[Discrepancy, ...]:
    """Disagreements and single-source figures; ``names`` (document id → outlet) words the
    descriptions for readers, the sides always carry document ids; figures are read with
    ``lang``'s rules (default: English)."""
    rules = (lang or get_language()).figures
    names = names or {}
    group_of = {doc: n for n, members in enumerate(groups) for doc in members}
    story = _values((ref for fact in facts for ref in fact.support), rules)
    within = [found for fact in facts if fact.independent_sources >= 2
              for found in _fact_findings(fact, group_of, config, rules, names, story)]
    covered = {unit for unit, d in within if d.kind == "number"}
    across = _across_findings(facts, group_of, rules, names)
    found = [d for _, d in within] + [d for unit, d in across if unit not in covered]
    for quote in quotes:
        found += wording_differences(quote, config, names)
    return tuple(found)


def _outlets(documents: Iterable[str], names: Mapping[str, str]) -> str:
    """The outlets of a side, for a description. Names are looked up, never substituted into
    text: an id such as "1" is also a digit of "180 metre"."""
    return ", ".join(names.get(doc, doc) for doc in documents)


def _listing(sides: Sequence[Side], names: Mapping[str, str], quoted: bool = False) -> str:
    """'180 metre (Northwire) vs 190 metre (Valley Broadcasting)', built from the sides."""
    return " vs ".join(f"{_shown(side.value, quoted)} ({_outlets(side.documents, names)})" for side in sides)


def _shown(value: str, quoted: bool) -> str:
    return f"“{_short(value)}”" if quoted else value


def figures(sentence: str, rules: FigureRules | None = None) -> dict[str, str]:
    """The figures a sentence states, as {counted word: value}: {"metre": "180", "crew": "21"}."""
    rules = rules or get_language().figures
    found: dict[str, str] = {}
    for match in rules.counted_before.finditer(sentence):
        found.setdefault(match.group("unit").lower(), _normal(match.group("value")))
    for match in _FIGURE.finditer(sentence):
        unit = (match.group("unit") or "").lower()
        if unit and unit not in rules.filler_units:
            found.setdefault(rules.singular(unit), _normal(match.group("value")))
    for match in rules.time.finditer(sentence):
        found.setdefault("time", _normal_time(match.group("value"), rules))
    return found


def figure_disagreements(
    fact: Fact, group_of: dict[str, int], config: DiscrepancyConfig, rules: FigureRules | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Discrepancy]:
    """Within one fact: the same counted thing given different values by different sources."""
    rules = rules or get_language().figures
    return [d for _, d in _fact_findings(fact, group_of, config, rules, names or {})]


def _fact_findings(
    fact: Fact, group_of: dict[str, int], config: DiscrepancyConfig, rules: FigureRules,
    names: Mapping[str, str], story: Mapping[str, Mapping[str, set[str]]] | None = None,
) -> list[tuple[str, Discrepancy]]:
    """:func:`figure_disagreements`, each with the counted word it is about. ``story``: every
    figure of the story ({counted word: {value: documents}}); a figure another independent
    source gives anywhere in it ("the crew of 21" in another fact) is not single-source."""
    values = _values(fact.support, rules)
    found: list[tuple[str, Discrepancy | None]] = []
    for unit, by_value in sorted(values.items()):
        if len(by_value) > 1:
            found.append((unit, _disagreement(unit, by_value, fact, names)))
        elif config.list_single_source_figures and _groups(by_value, group_of) == 1:
            [(value, _)] = by_value.items()
            elsewhere = {value: set((story or values).get(unit, {}).get(value, ()))}
            if _groups(elsewhere, group_of) <= 1:
                found.append((unit, _single_source(unit, by_value, fact, group_of, names, rules)))
    return [(unit, d) for unit, d in found if d is not None]


def _values(refs: Iterable[SentenceRef], rules: FigureRules) -> dict[str, dict[str, set[str]]]:
    """{counted word: {value: documents}} over the sentences."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ref in refs:
        for unit, value in figures(ref.text, rules).items():
            values[unit][value].add(ref.document)
    return values


def _figure(value: str, unit: str) -> str:
    return value if unit == "time" else f"{value} {unit}"


def cross_report_disagreements(
    facts: Sequence[Fact], group_of: dict[str, int], rules: FigureRules | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Discrepancy]:
    """Across the whole story: a counted thing each independent source gives one value for,
    on which the sources disagree ("the crew of 21" vs "all 23 crew members") even when the
    sentences were worded too differently to align. Times are left out: a story has many."""
    rules = rules or get_language().figures
    return [d for _, d in _across_findings(facts, group_of, rules, names or {})]


def _across_findings(
    facts: Sequence[Fact], group_of: dict[str, int], rules: FigureRules, names: Mapping[str, str]
) -> list[tuple[str, Discrepancy]]:
    values = _values((ref for fact in facts for ref in fact.support), rules)
    found = []
    for unit, by_value in sorted(values.items()):
        per_group: dict[int | str, set[str]] = defaultdict(set)
        for value, docs in by_value.items():
            for doc in docs:
                per_group[group_of.get(doc, doc)].add(value)
        consistent = all(len(v) == 1 for v in per_group.values())
        if unit != "time" and len(by_value) > 1 and len(per_group) > 1 and consistent:
            sides = _sides(unit, by_value)
            description = f"Sources disagree on the {unit}: {_listing(sides, names)}"
            found.append((unit, Discrepancy("number", description, sides)))
    return found


def _sides(unit: str, by_value: dict[str, set[str]]) -> tuple[Side, ...]:
    return tuple(Side(_figure(value, unit), tuple(sorted(docs))) for value, docs in sorted(by_value.items()))


def _disagreement(unit: str, by_value: dict[str, set[str]], fact: Fact,
                  names: Mapping[str, str]) -> Discrepancy:
    sides = _sides(unit, by_value)
    description = f"Sources disagree on the {unit}: {_listing(sides, names)} — in \"{_short(fact.text)}\""
    return Discrepancy("number", description, sides)


def _single_source(unit: str, by_value: dict[str, set[str]], fact: Fact, group_of: dict[str, int],
                   names: Mapping[str, str], rules: FigureRules) -> Discrepancy | None:
    """The figure, its outlets and the sentence of theirs that gives it (the fact's text may be
    another outlet's sentence, which does not)."""
    [(value, docs)] = by_value.items()
    reporting = {group_of.get(ref.document, ref.document) for ref in fact.support}
    if len(reporting) < 2:
        return None
    side = Side(_figure(value, unit), tuple(sorted(docs)))
    giving = next(ref.text for ref in fact.support
                  if ref.document in docs and figures(ref.text, rules).get(unit) == value)
    verb = "gives" if len(side.documents) == 1 else "give"
    description = f"Only {_outlets(side.documents, names)} {verb} the figure {side.value}: \"{_short(giving)}\""
    return Discrepancy("single-source", description, (side,))


def wording_differences(quote: Quote, config: DiscrepancyConfig,
                        names: Mapping[str, str] | None = None) -> list[Discrepancy]:
    """One quote, several wordings: each wording with the outlets that print it (in full on the
    sides; shortened in the description, as the fact's text is)."""
    wordings: dict[tuple[str, ...], list[str]] = {}
    texts: dict[tuple[str, ...], str] = {}
    for occurrence in quote.occurrences:
        key = tuple(words(occurrence.text))
        wordings.setdefault(key, []).append(occurrence.document)
        texts.setdefault(key, occurrence.text)
    distinct = _distinct_wordings(list(wordings), config)
    if len(distinct) < 2:
        return []
    sides = tuple(Side(texts[key], tuple(sorted(set(wordings[key])))) for key in distinct)
    who = quote.speaker or "an unnamed speaker"
    listing = _listing(sides, names or {}, quoted=True)
    return [Discrepancy("quote wording", f"Outlets word {who}'s quote differently: {listing}", sides)]


def _distinct_wordings(keys: list[tuple[str, ...]], config: DiscrepancyConfig) -> list[tuple[str, ...]]:
    """Wordings that differ from every earlier one by more than punctuation and a word or two."""
    distinct: list[tuple[str, ...]] = []
    for key in sorted(keys, key=len, reverse=True):
        if all(_agreement(key, other) < config.quote_same_words and not _part_of(key, other)
               for other in distinct):
            distinct.append(key)
    return distinct


def _part_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """A partial quote ("until we are certain it is safe") is the same words, not a rewording."""
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def _agreement(a: Iterable[str], b: Iterable[str]) -> float:
    set_a, set_b = set(a), set(b)
    return len(set_a & set_b) / max(1, len(set_a | set_b))


def _groups(by_value: dict[str, set[str]], group_of: dict[str, int]) -> int:
    return len({group_of.get(doc, doc) for docs in by_value.values() for doc in docs})


def _normal(value: str) -> str:
    return value.replace(",", "")


def _normal_time(value: str, rules: FigureRules) -> str:
    match = rules.clock.match(value.lower())
    if match is None:
        return value
    hours, minutes, half = match.groups()
    return f"{int(hours)}:{minutes}" + (rules.half_day.format(half) if half else "")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
