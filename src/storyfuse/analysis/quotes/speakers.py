"""Who is speaking: people named in a document, and speaker phrases resolved to them.

The quotations stage (:mod:`storyfuse.analysis.quotes`) finds a speaker *phrase* next to a quote
("Rasmussen", "Mr Rasmussen", "he", "the former Danish prime minister"); this module turns
it into a canonical full name. It works without named-entity recognition, from capitalised
word sequences and the evidence around them, so that it stays fast (no spaCy here) and
usable when the NER stage has not run; an NER-supplied ``people`` mapping takes precedence.

A capitalised sequence is a *person* when there is evidence that it names one: a title or
honorific before it ("NATO Secretary-General …", "Ms …"), a role noun before it ("Harbour
master …"), a role appositive after it ("…, the editor in chief of …,"), or a speech verb
beside it ("… said", "said …"); and it has at least two name words, or an honorific.
Organisation-like and all-capitals words rule a sequence out ("Port Authority", "NATO").

It also applies the attribution patterns: a speaker phrase and a speech verb after a quote
("…," X said / said X), before it in the same sentence (X said: "…"), and at the end of an
unmarked sentence (reported speech: "…, X told Y.").

Every word list and word pattern comes from the language profile
(:class:`~storyfuse.lang.profile.QuoteRules`, English in :mod:`storyfuse.lang.en.speech`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from storyfuse.lang import get_language
from storyfuse.lang.profile import QuoteRules
from storyfuse.text import ALNUM_WORDS, SPACED

# A possessive ending ("Rasmussen's", "Reuters'"), dropped from names. A function given no
# ``rules`` reads the default language's.


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the documents: canonical name, the descriptions given of them
    (each a tuple of lowercased words, e.g. ``("nato", "secretary", "general")``) and how
    often their surname occurs."""

    name: str
    roles: frozenset[tuple[str, ...]]
    mentions: int


@dataclass(frozen=True, slots=True)
class Cast:
    """The people a speaker phrase can resolve to: those of the document itself, those of
    the other documents of the cluster (``wider``), and an explicit surface → name mapping."""

    persons: tuple[Person, ...] = ()
    wider: tuple[Person, ...] = ()
    people: Mapping[str, str] = field(default_factory=dict)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.persons + self.wider) | frozenset(self.people.values())


@dataclass(frozen=True, slots=True)
class _Mention:
    """A capitalised sequence split into title words and name words, with person evidence."""

    start: int
    name: tuple[str, ...]
    roles: tuple[tuple[str, ...], ...]
    honorific: bool
    evidence: bool


# --- finding people ---------------------------------------------------------------------


def find_people(text: str, rules: QuoteRules | None = None) -> tuple[Person, ...]:
    """The people a document names, shorter forms merged into the fullest name."""
    rules = rules or get_language().quotes
    lowered = _lowercase_words(text)
    every = list(_mentions(text, lowered, rules))
    # A full name with no evidence of its own counts when its surname alone is evidently a
    # person's elsewhere ("Anders Fogh Rasmussen, speaking …" … "Rasmussen said").
    surnames = {m.name[-1] for m in every if m.evidence and len(m.name) == 1}
    mentions = sorted(
        (m for m in every if m.evidence or (len(m.name) > 1 and m.name[-1] in surnames)),
        key=lambda m: (-len(m.name), m.start),
    )
    full: dict[str, set[tuple[str, ...]]] = {}
    for mention in mentions:
        name = _fullest(" ".join(mention.name), full)
        if name is None and (len(mention.name) > 1 or mention.honorific or mention.roles):
            # A bare surname beside a speech verb makes no person ("Russia says"); with an
            # honorific or a role it does ("Ms Marrow", "Rasmussen, the NATO chief,").
            name = " ".join(mention.name)
        if name is not None:
            full.setdefault(name, set()).update(mention.roles)
    return tuple(
        Person(name, frozenset(roles), _count(text, name.split()[-1])) for name, roles in sorted(full.items())
    )


def merge_people(groups: Iterable[Sequence[Person]]) -> tuple[Person, ...]:
    """People of several documents under one name each (roles united, mentions added)."""
    merged: dict[str, Person] = {}
    for person in sorted((p for group in groups for p in group), key=lambda p: (-len(p.name), p.name)):
        name = _fullest(person.name, merged) or person.name
        old = merged.get(name, Person(name, frozenset(), 0))
        merged[name] = Person(name, old.roles | person.roles, old.mentions + person.mentions)
    return tuple(merged[name] for name in sorted(merged))


def _mentions(text: str, lowered: frozenset[str], rules: QuoteRules) -> Iterator[_Mention]:
    for match in rules.name_sequence.finditer(text):
        mention = _split(match.group(), match.start(), text, lowered, rules)
        if mention is not None:
            yield mention


def _split(
    surface: str, start: int, text: str, lowered: frozenset[str], rules: QuoteRules
) -> _Mention | None:
    """Split a capitalised sequence into leading title words and name words."""
    spans = [(m.start(), m.group()) for m in SPACED.finditer(surface)]
    words = [w for _, w in spans]
    words[-1] = rules.possessive.sub("", words[-1])
    skip = _leading_skip(words, _sentence_start(text, start), lowered, rules)
    last_title = max((i for i, w in enumerate(words) if i >= skip and _is_title(w, rules)), default=skip - 1)
    title, name = words[skip : last_title + 1], words[last_title + 1 :]
    if not name or not _name_like(name, rules):
        return None
    begin, end = start + spans[last_title + 1][0], start + len(surface)
    roles = _roles(title, text, begin, end, rules)
    honorific = any(w.rstrip(".").lower() in rules.honorifics for w in title)
    evidence = bool(title) or bool(roles) or _speech_beside(text, begin, end, rules)
    return _Mention(begin, tuple(name), roles, honorific, evidence)


def _is_title(word: str, rules: QuoteRules) -> bool:
    return word.rstrip(".").lower() in rules.titles


def _leading_skip(
    words: list[str], at_sentence_start: bool, lowered: frozenset[str], rules: QuoteRules
) -> int:
    """How many leading words are sentence openers rather than part of a name."""
    skip = 0
    while skip < len(words) and (
        words[skip].lower() in rules.leading_stop
        or (skip == 0 and at_sentence_start and words[0].lower() in lowered)
    ):
        skip += 1
    return skip


def _name_like(name: list[str], rules: QuoteRules) -> bool:
    """Name words: no all-capitals acronym (NATO, MV) and no organisation or place ending."""
    if any(len(w) > 1 and w.isupper() for w in name):
        return False
    return name[-1].lower() not in rules.org_words and name[-1].lower() not in rules.leading_stop


def _roles(
    title: list[str], text: str, start: int, end: int, rules: QuoteRules
) -> tuple[tuple[str, ...], ...]:
    """Descriptions of the person: title words, a role phrase before, a role appositive after."""
    found: list[tuple[str, ...]] = []
    plain_title = " ".join(w for w in title if w.rstrip(".").lower() not in rules.honorifics)
    title_words = description_words(plain_title, rules)
    if title_words:
        found.append(title_words)
    if not title_words and _role_word_before(text, start, rules):
        before = rules.role_before.search(text, max(0, start - 60), start)
        if before:
            found.append(description_words(before.group(1), rules))
    after = rules.appositive.match(text[end : end + 130])
    if after:
        words = description_words(after.group(1), rules)
        heads = [i for i, w in enumerate(words) if w in rules.role_nouns]
        if heads:
            found.append(words[: heads[-1] + 1])
    return tuple(found)


def _role_word_before(text: str, start: int, rules: QuoteRules) -> bool:
    previous = text[max(0, start - 30) : start].split()
    return bool(previous) and previous[-1].lower() in rules.role_nouns


def _speech_beside(text: str, start: int, end: int, rules: QuoteRules) -> bool:
    if rules.speech_after.match(text, end):
        return True
    return bool(rules.speech_before.search(text, max(0, start - 20), start))


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].rstrip(" ")
    return not before or before[-1] in '\n.!?"“”‘:—-'


def _lowercase_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[a-z][\w'’-]*", text))


def _count(text: str, surname: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text))


def _fullest(name: str, known: Iterable[str]) -> str | None:
    """The longest known name that is ``name`` or ends with it ("Rasmussen" → "Anders Fogh …")."""
    fuller = [k for k in known if k == name or k.endswith(" " + name)]
    return max(fuller, key=lambda k: (len(k.split()), k), default=None)


def words(text: str) -> list[str]:
    """The words of a text (letters and digits, inner apostrophes kept)."""
    return ALNUM_WORDS.findall(text)


def description_words(phrase: str, rules: QuoteRules | None = None) -> tuple[str, ...]:
    """Lowercased content words of a description, articles and possessives dropped."""
    rules = rules or get_language().quotes
    words: list[str] = []
    for word in re.split(r"[\s-]+", phrase.lower()):
        word = rules.possessive.sub("", word.strip(".,;:\"“”'’()"))
        if word and word not in rules.description_stop:
            words.extend(rules.synonyms.get(word, (word,)))
    return tuple(words)


# --- attributions ---------------------------------------------------------------------


def attribution_after(window: str, rules: QuoteRules | None = None) -> str | None:
    """The speaker phrase attributed right after a quote, if any ("…," X said / said X)."""
    rules = rules or get_language().quotes
    verb_first = rules.after_verb_speaker.search(window)
    if verb_first and not plausible_after_verb(verb_first.group("speaker"), rules):
        verb_first = None
    matches = [m for m in (rules.after_speaker_verb.search(window), verb_first) if m]
    return min(matches, key=lambda m: m.start()).group("speaker") if matches else None


def attribution_before(window: str, rules: QuoteRules | None = None) -> str | None:
    """The last speaker phrase with a speech verb before a quote in its sentence (X said: "…")."""
    rules = rules or get_language().quotes
    found = [m.group("speaker") for m in rules.before_speaker_verb.finditer(window)]
    return found[-1] if found else None


def reported_tail(
    sentence: str, max_tail_words: int, rules: QuoteRules | None = None
) -> tuple[int, str] | None:
    """(end of the reported clause, speaker phrase) when the sentence ends "…, X said …"."""
    rules = rules or get_language().quotes
    for comma in reversed(list(re.finditer(r",\s+", sentence))):
        suffix = sentence[comma.end() :].rstrip(".!? ")
        match = rules.tail_speaker_verb.fullmatch(suffix) or rules.tail_verb_speaker.fullmatch(suffix)
        if match is None or not plausible_after_verb(match.group("speaker"), rules):
            continue
        rest = match.groupdict().get("rest") or ""
        if len(words(rest)) <= max_tail_words and not rules.complement.search(rest):
            return comma.start(), match.group("speaker")
        return None
    return None


# --- resolving speaker phrases ----------------------------------------------------------


def resolve(phrase: str, cast: Cast, focus: str | None, rules: QuoteRules | None = None) -> str | None:
    """The canonical speaker for a phrase found next to a quote.

    ``focus`` is the person the text is currently about (the previous speaker, or the first
    person named in the previous sentence); a pronoun refers to it.
    """
    rules = rules or get_language().quotes
    phrase = phrase.strip()
    if phrase in cast.people or phrase.lower() in cast.people:  # NER may map "the NATO chief"
        return cast.people.get(phrase) or cast.people[phrase.lower()]
    if rules.pronoun.fullmatch(phrase):
        return focus
    if rules.article.match(phrase):
        # "the BBC's Rupert Wingfield-Hayes", "the Calderhaven Port Authority": a name at the end.
        tail = _trailing_name(phrase, rules)
        return canonical(tail, cast, rules) if tail else describe(phrase, cast, rules)
    return canonical(phrase, cast, rules)


def _trailing_name(phrase: str, rules: QuoteRules) -> str | None:
    words = phrase.split()[1:]
    tail: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or rules.possessive.search(word):
            break
        tail.insert(0, word)
    return " ".join(tail) or None


def plausible_after_verb(phrase: str, rules: QuoteRules | None = None) -> bool:
    """Whether a phrase after a speech verb is a speaker ("said the NATO chief", "says
    Farrant") rather than what was said ("says a deal is likely")."""
    rules = rules or get_language().quotes
    if not rules.article.match(phrase):
        return True
    last = phrase.split()[-1]
    return last[:1].isupper() or last.lower() in rules.role_nouns or last.lower() in rules.org_words


def canonical(surface: str, cast: Cast, rules: QuoteRules | None = None) -> str:
    """A name as the cast knows it: the explicit mapping first, then the fullest name of
    this document ending with it, then of the other documents, else the name itself."""
    rules = rules or get_language().quotes
    if surface in cast.people:
        return cast.people[surface]
    words = surface.split()
    words[-1] = rules.possessive.sub("", words[-1])
    words = words[_leading_skip(words, False, frozenset(), rules) :]
    last_title = max((i for i, w in enumerate(words) if _is_title(w, rules)), default=-1)
    name = " ".join(words[last_title + 1 :]) or " ".join(words)
    if name in cast.people:
        return cast.people[name]
    for persons in (cast.persons, cast.wider):
        best = _best_named(name, persons)
        if best:
            return best
    return name


def _best_named(name: str, persons: Sequence[Person]) -> str | None:
    fuller = [p for p in persons if p.name == name or p.name.endswith(" " + name)]
    best = max(fuller, key=lambda p: (len(p.name.split()), p.mentions, p.name), default=None)
    return best.name if best else None


def describe(phrase: str, cast: Cast, rules: QuoteRules | None = None) -> str | None:
    """The person a description such as "the former Danish prime minister" refers to.

    1. A person one of whose own descriptions holds the description's head noun, agrees on
       "former", and covers more than half of its words ("the Danish NATO chief" ~ "NATO
       chief Rasmussen"; "the Russian president" ~ "Russian President Dmitry Medvedev", not
       "U.S. President …"): first among this document's people, then the cluster's.
    2. Otherwise, if the head is a role noun, news style is using an "elegant variation" for
       someone the story is about, often with a title the text never states (Reuters calls
       Rasmussen "the former Danish prime minister" and never says he was one): the
       document's most-mentioned person whose roles fit — holding the head noun, or with no
       recorded role — or, for a "former" role (past roles are seldom restated), or when no
       one fits, the most-mentioned person.
    3. A description whose head is no role ("the port authority") names a body: returned as
       written.
    """
    rules = rules or get_language().quotes
    words = description_words(phrase, rules)
    if not words:
        return None
    for persons in (cast.persons, cast.wider):
        matched = _matching(words, persons, rules.former)
        if matched:
            return matched
    if words[-1] not in rules.role_nouns:
        pattern, replacement = rules.lower_article
        return pattern.sub(replacement, phrase)
    return _salient(words, cast.persons, rules.former)


def _matching(words: tuple[str, ...], persons: Sequence[Person], former_word: str) -> str | None:
    head, former = words[-1], former_word in words
    scored = []
    for person in persons:
        for role in person.roles:
            if head in role and (former_word in role) == former:
                cover = sum(w in role for w in words) / len(words)
                if cover > 0.5:
                    scored.append((cover, person.mentions, person.name))
    return max(scored)[2] if scored else None


def _salient(words: tuple[str, ...], persons: Sequence[Person], former_word: str) -> str | None:
    head = words[-1]
    fits = [p for p in persons if not p.roles or any(head in role for role in p.roles)]
    if former_word in words or not fits:
        fits = list(persons)
    best = max(fits, key=lambda p: (p.mentions, bool(p.roles), len(p.name.split()), p.name), default=None)
    return best.name if best else None


def person_mentions(
    text: str, start: int, end: int, cast: Cast, names: frozenset[str], rules: QuoteRules | None = None
) -> Iterator[str]:
    """Canonical names of the people (``names``) mentioned in ``text[start:end]``, in order."""
    rules = rules or get_language().quotes
    for match in rules.name_sequence.finditer(text, start, end):
        name = canonical(match.group(), cast, rules)
        if name in names:
            yield name
