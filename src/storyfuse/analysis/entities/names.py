"""Entity names: tidying spaCy's spans and deciding which surface forms name one entity.

Pure string logic, no spaCy: :mod:`storyfuse.analysis.entities` feeds it the forms the model found
(with a tally of the labels each form received) and gets back groups of forms, one group per
real-world entity, plus the rules for picking the canonical (fullest) name.

People are grouped by name structure: a form whose words end a longer name ("Rasmussen",
"Fogh Rasmussen") or give its first and last word ("Anders Rasmussen") belongs to that longer
name, but only when exactly one longer name fits; otherwise the short form stays on its own.
Other entities are grouped case-insensitively, without a leading "the" and without the dots
of abbreviations ("U.S." = "US"), and an upper-case acronym joins the one multi-word name whose
initials it spells ("US" → "United States").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storyfuse.lang import get_language
from storyfuse.lang.profile import NameRules
from storyfuse.text import UnionFind

# Honorifics, titles, particles and articles are the language profile's
# (:class:`~storyfuse.lang.profile.NameRules`); a function given no ``rules`` reads the default
# language's.

Key = tuple[str, ...]

_EDGE_JUNK = "\"'“”‘’«»()[]{}<>,;:!?*|"
_HYPHEN_PREFIX = re.compile(r"^[a-z]+-(?=\w)")  # "anti-Russian", "post-Soviet"
_HYPHEN_SUFFIX = re.compile(r"(?<=[\w.])-[a-z]+$")  # "U.S.-led", "Kremlin-backed"
# spaCy occasionally swallows a clause; real names are rarely longer than this.
_MAX_TOKENS, _MAX_CHARS = 8, 80


@dataclass(frozen=True, slots=True)
class NameGroup:
    """The forms that name one entity and every label the model gave them."""

    forms: frozenset[str]
    labels: Counter[str]

    @property
    def label(self) -> str:
        return majority(self.labels)


def majority(labels: Counter[str]) -> str:
    """The most frequent label; ties go to the alphabetically first, so results are stable."""
    return min(labels.items(), key=lambda item: (-item[1], item[0]))[0]


def clean_span(text: str, label: str, rules: NameRules | None = None) -> tuple[str, str] | None:
    """A model's span as a name form, and its label (PERSON when it starts with "Mr", "Ms"...).

    Strips quotes, possessive 's, hyphenated prefixes/suffixes ("anti-", "-led"), a leading
    article, and the job titles in front of a person's name. ``None`` when nothing name-like
    is left (only titles, no capital letter, a runaway span).
    """
    rules = rules or get_language().names
    tokens = _tidy(text, rules).split()
    if tokens and tokens[0].rstrip(".") in rules.honorifics and len(tokens) > 1:
        label = "PERSON"
    if tokens and tokens[0].casefold() in rules.articles:
        tokens = tokens[1:]
    if label == "PERSON":
        tokens = _strip_titles(tokens, rules)
    form = " ".join(tokens)
    if not tokens or len(tokens) > _MAX_TOKENS or len(form) > _MAX_CHARS:
        return None
    if not (form[0].isupper() or form[0].isdigit()) or not any(c.isalpha() for c in form):
        return None
    if label == "PERSON" and not _person_like(tokens, rules):
        return None
    return form, label


def _tidy(text: str, rules: NameRules) -> str:
    text = " ".join(text.split()).strip(_EDGE_JUNK + " ")
    text = rules.possessive.sub("", text)
    if text.endswith(".") and not rules.dotted.search(text):
        text = text[:-1]
    text = _HYPHEN_PREFIX.sub("", text)
    return _HYPHEN_SUFFIX.sub("", text).strip(_EDGE_JUNK + " ")


def _strip_titles(tokens: list[str], rules: NameRules) -> list[str]:
    # Every word a title ("Secretary-General", "President") is no name at all.
    if all(is_title(t, rules) for t in tokens):
        return []
    while len(tokens) > 1 and is_title(tokens[0], rules):
        tokens = tokens[1:]
    return tokens


def is_title(token: str, rules: NameRules | None = None) -> bool:
    """A job title, rank or honorific word ("Minister", "Gen.", "Ms")."""
    return token.casefold().rstrip(".") in (rules or get_language().names).title_words


def _person_like(tokens: list[str], rules: NameRules) -> bool:
    return all(t[0].isupper() or t in rules.particles for t in tokens) and not any(
        c.isdigit() for t in tokens for c in t
    )


def name_key(form: str) -> Key:
    """The comparison key of a form: case-folded words without abbreviation dots."""
    return tuple(w for w in (t.casefold().replace(".", "") for t in form.split()) if w)


def surname(form: str, rules: NameRules | None = None) -> str:
    """The family name: the last word with any particles before it ("von der Leyen")."""
    particles = (rules or get_language().names).particles
    tokens = form.split()
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in particles:
        start -= 1
    return " ".join(tokens[start:])


def is_acronym(form: str) -> bool:
    """An upper-case abbreviation such as "NATO", "US", "U.S." (2 to 6 letters)."""
    letters = form.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def initials(key: Key, rules: NameRules | None = None) -> str:
    minor = (rules or get_language().names).minor_words
    return "".join(word[0] for word in key if word not in minor)


def fullest(forms: Iterable[str], counts: Mapping[str, int]) -> str:
    """The canonical form: most words, then most mentions, then longest, then alphabetical."""
    return min(forms, key=lambda f: (-len(f.split()), -counts.get(f, 0), -len(f), f))


@dataclass(slots=True)
class _KeyInfo:
    forms: set[str]
    labels: Counter[str]


def group_names(tallies: Mapping[str, Counter[str]], rules: NameRules | None = None) -> list[NameGroup]:
    """Group name forms (each with its label tally) into one group per entity."""
    rules = rules or get_language().names
    keys = _by_key(tallies)
    found: UnionFind[Key] = UnionFind(keys)
    persons = sorted((k for k, info in keys.items() if majority(info.labels) == "PERSON"), key=_longest_first)
    others = sorted(set(keys) - set(persons), key=_longest_first)
    for key in persons:
        roots = _person_roots(key, persons, found)
        if len(roots) == 1:
            found.attach(key, roots.pop())
    for key in others:
        _attach_to_person(key, persons, keys, found)
    for key in others:
        _attach_acronym(key, others, keys, found, rules)
    return _collect(keys, found)


def _by_key(tallies: Mapping[str, Counter[str]]) -> dict[Key, _KeyInfo]:
    keys: dict[Key, _KeyInfo] = {}
    for form, labels in tallies.items():
        info = keys.setdefault(name_key(form), _KeyInfo(set(), Counter()))
        info.forms.add(form)
        info.labels.update(labels)
    keys.pop((), None)
    return keys


def _longest_first(key: Key) -> tuple[int, Key]:
    return -len(key), key


def _extends(longer: Key, key: Key) -> bool:
    """``key`` is a shorter way of writing the person name ``longer``: its last words
    ("Fogh Rasmussen"), first and last word ("Anders Rasmussen"), or first name alone ("Megyn",
    common in features once the full name has been given)."""
    if len(longer) <= len(key):
        return False
    if longer[-len(key):] == key:
        return True
    return key[0] == longer[0] and (len(key) == 1 or key[-1] == longer[-1])


def _person_roots(key: Key, persons: list[Key], found: UnionFind[Key]) -> set[Key]:
    return {found.find(p) for p in persons if _extends(p, key)}


def _attach_to_person(key: Key, persons: list[Key], keys: dict[Key, _KeyInfo], found: UnionFind[Key]) -> None:
    """A surname the model sometimes labels otherwise ("Marrow" as ORG) joins its person when
    one person fits and the person's PERSON votes outweigh the others (else "Washington" the
    city would join George Washington)."""
    roots = _person_roots(key, persons, found)
    if len(roots) != 1:
        return
    root = roots.pop()
    votes = sum((keys[k].labels for k in keys if found.find(k) == root), Counter()) + keys[key].labels
    if majority(votes) == "PERSON":
        found.attach(key, root)


def _attach_acronym(
    key: Key, others: list[Key], keys: dict[Key, _KeyInfo], found: UnionFind[Key], rules: NameRules
) -> None:
    if len(key) != 1 or found.find(key) != key or not any(is_acronym(f) for f in keys[key].forms):
        return
    targets = {found.find(k) for k in others if len(k) >= 2 and initials(k, rules) == key[0]}
    if len(targets) == 1:
        found.attach(key, targets.pop())


def _collect(keys: dict[Key, _KeyInfo], found: UnionFind[Key]) -> list[NameGroup]:
    forms: dict[Key, set[str]] = {}
    labels: dict[Key, Counter[str]] = {}
    for key, info in keys.items():
        root = found.find(key)
        forms.setdefault(root, set()).update(info.forms)
        labels.setdefault(root, Counter()).update(info.labels)
    return [NameGroup(frozenset(forms[root]), labels[root]) for root in sorted(forms)]


def derived_surnames(groups: list[NameGroup], rules: NameRules | None = None) -> dict[str, int]:
    """Surnames to count for people whose bare surname the model never saw ("Marrow told ...",
    sentence-initial, is never sampled): surname form → group index, only where one person
    has that surname and no group already owns the form."""
    owned = {name_key(f) for g in groups for f in g.forms}
    claims: dict[str, set[int]] = {}
    for index, group in enumerate(groups):
        if group.label != "PERSON":
            continue
        full = fullest(group.forms, {})
        if len(full.split()) >= 2:
            claims.setdefault(surname(full, rules), set()).add(index)
    return {
        form: next(iter(owners))
        for form, owners in sorted(claims.items())
        if len(owners) == 1 and name_key(form) not in owned
    }


def strip_honorific(form: str, rules: NameRules | None = None) -> str:
    """ "Mr Rasmussen" → "Rasmussen"; other forms unchanged."""
    head, _, rest = form.partition(" ")
    return rest if rest and head.rstrip(".") in (rules or get_language().names).honorifics else form
