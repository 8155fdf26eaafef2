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

It also holds the attribution patterns: a speaker phrase and a speech verb after a quote
("…," X said / said X), before it in the same sentence (X said: "…"), and at the end of an
unmarked sentence (reported speech: "…, X told Y.").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

# --- word lists -------------------------------------------------------------------------

# Honorifics: evidence of a person, but not a role to match descriptions against.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})
# Capitalised words that, before a name, are its title ("Russian Foreign Minister …").
_TITLES = HONORIFICS | frozenset({
    "president", "vice", "prime", "minister", "secretary", "secretary-general", "general",
    "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "senator", "sen",
    "governor", "gov", "mayor", "judge", "justice", "chief", "director", "chairman",
    "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
    "commissioner", "captain", "capt", "colonel", "col", "lieutenant", "lt", "sergeant", "sgt",
    "admiral", "marshal", "deputy", "foreign", "defence", "defense", "interior", "finance",
    "transport", "health", "attorney", "rev", "reverend", "sheikh", "editor", "commander",
    "professor", "representative", "rep", "master",
})
# Lowercase nouns that describe what a person does; the head of a speaker description
# ("the NATO chief") must be one of these for it to name a person rather than a body.
ROLE_NOUNS = frozenset({
    "chief", "minister", "secretary", "secretary-general", "general", "president", "premier",
    "master", "spokesperson", "spokesman", "spokeswoman", "analyst", "editor", "director",
    "head", "representative", "ambassador", "envoy", "official", "leader", "chairman",
    "chairwoman", "chair", "commander", "governor", "mayor", "officer", "manager", "executive",
    "professor", "researcher", "expert", "adviser", "advisor", "correspondent", "economist",
    "lawyer", "attorney", "judge", "senator", "lawmaker", "deputy", "captain", "founder",
    "negotiator", "diplomat", "coordinator", "commissioner", "chancellor", "king", "queen",
    "prince", "princess", "pope", "chairperson", "boss", "operator", "pilot", "specialist",
    "scientist", "historian", "campaigner", "activist", "prosecutor", "candidate",
})
# Last words that make a capitalised sequence an organisation or a place, not a person.
_ORG_WORDS = frozenset({
    "authority", "lines", "line", "union", "council", "ministry", "office", "agency", "institute",
    "center", "centre", "times", "news", "party", "group", "company", "corporation", "corp", "inc",
    "ltd", "bank", "committee", "commission", "court", "police", "service", "services",
    "government", "department", "association", "organization", "organisation", "alliance",
    "network", "station", "radio", "university", "college", "school", "guard", "kremlin", "act",
    "treaty", "affairs", "studies", "relations", "assembly", "parliament", "congress", "senate",
    "forces", "army", "navy", "airlines", "airways", "post", "press", "daily", "herald",
    "gazette", "ledger", "broadcasting", "television", "foundation", "fund", "federation",
    "republic", "states", "kingdom", "nations", "asia", "europe", "africa", "america", "sea",
    "ocean", "river", "street", "square", "house", "hall", "port", "harbour", "harbor", "quay",
    "moorings", "beach", "war", "summit", "conference", "league", "club", "programme", "program",
    "project", "moscow", "russia", "afghanistan", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "christmas", "easter",
})
# Capitalised words that start sentences or clauses but never a name.
_LEADING_STOP = frozenset({
    "the", "a", "an", "but", "and", "or", "so", "still", "however", "meanwhile", "in", "on", "at",
    "by", "for", "from", "with", "without", "to", "of", "as", "after", "before", "during",
    "since", "while", "when", "if", "though", "although", "earlier", "later", "yet", "then",
    "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "it",
    "he", "she", "they", "we", "i", "you", "there", "here", "what", "why", "how", "who",
    "where", "speaking", "asked", "according", "under", "over", "like", "unlike", "despite",
    "even", "now", "today", "yesterday", "also", "both", "all", "some", "many", "most", "no",
    "not", "only", "just", "because", "until", "once", "whether", "former", "new",
})
_NAME_PARTICLES = "de|del|della|van|von|der|den|da|di|du|le|la|al|bin|ibn|ter|ten"
_DESCRIPTION_STOP = frozenset({"the", "a", "an", "of", "in", "for", "at", "and", "on", "to", "its"})
# Synonyms applied to descriptions before matching ("the premier" = "the prime minister").
_SYNONYMS = {"premier": ("prime", "minister"), "secretary-general": ("secretary", "general")}

# --- regular expressions ----------------------------------------------------------------

_CAP = r"(?:[A-Z]\.){2,}|[A-Z][\w'’-]*"
# A capitalised word sequence, name particles allowed inside ("Jaap de Hoop Scheffer").
CAPSEQ = rf"(?<![\w'’-])(?:{_CAP})(?: (?:(?:{_NAME_PARTICLES}) )*(?:{_CAP}))*"
_CAPSEQ_RE = re.compile(CAPSEQ)
SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|noted|notes|stressed|stresses|insisted|insists|"
    r"explained|explains|argued|argues|warned|warns|declared|declares|continued|replied|"
    r"acknowledged|admitted|admits|recalled|concluded|wrote|writes|announced|remarked|observed|"
    r"commented|emphasised|emphasized|confirmed|urged|cautioned|was quoted as saying)"
)
# Little words allowed between a speaker and the verb ("Rasmussen also said", "has said").
ADVERBS = r"(?:(?:also|later|then|simply|has|had|have|once|again|further|previously|earlier)\s+){0,2}"
PRONOUN = r"\b(?:[Hh]e|[Ss]he)\b"
DESCRIPTION = r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'’.-]+\s+){0,5}?[\w'’.-]+"
# A speaker phrase: a pronoun, a description ("the Danish NATO chief") or a name.
SPEAKER = rf"(?P<speaker>{PRONOUN}|{DESCRIPTION}|{CAPSEQ})"
_ROLE_ALT = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
# "Harbour master Ilse Marrow", "former Kremlin chief Vladimir Putin": role words before a name.
_ROLE_BEFORE = re.compile(rf"((?:[\w'’-]+ ){{0,2}}(?:{_ROLE_ALT})) $", re.IGNORECASE)
# "Fyodor Lukyanov, the editor in chief of …,": a role appositive after a name.
_APPOSITIVE = re.compile(rf"^, ((?:the|an?|former|{_ROLE_ALT}) [^,;()]{{1,120}})")
_SPEECH_AFTER = re.compile(rf"(?:['’]s)?\s+{ADVERBS}{SPEECH_VERB}\b")
_SPEECH_BEFORE = re.compile(rf"\b{SPEECH_VERB} $")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


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


def find_people(text: str) -> tuple[Person, ...]:
    """The people a document names, shorter forms merged into the fullest name."""
    lowered = _lowercase_words(text)
    every = list(_mentions(text, lowered))
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


def _mentions(text: str, lowered: frozenset[str]) -> Iterator[_Mention]:
    for match in _CAPSEQ_RE.finditer(text):
        mention = _split(match.group(), match.start(), text, lowered)
        if mention is not None:
            yield mention


def _split(surface: str, start: int, text: str, lowered: frozenset[str]) -> _Mention | None:
    """Split a capitalised sequence into leading title words and name words."""
    spans = [(m.start(), m.group()) for m in re.finditer(r"\S+", surface)]
    words = [w for _, w in spans]
    words[-1] = _POSSESSIVE.sub("", words[-1])
    skip = _leading_skip(words, _sentence_start(text, start), lowered)
    last_title = max((i for i, w in enumerate(words) if i >= skip and _is_title(w)), default=skip - 1)
    title, name = words[skip : last_title + 1], words[last_title + 1 :]
    if not name or not _name_like(name):
        return None
    begin, end = start + spans[last_title + 1][0], start + len(surface)
    roles = _roles(title, text, begin, end)
    honorific = any(w.rstrip(".").lower() in HONORIFICS for w in title)
    evidence = bool(title) or bool(roles) or _speech_beside(text, begin, end)
    return _Mention(begin, tuple(name), roles, honorific, evidence)


def _is_title(word: str) -> bool:
    return word.rstrip(".").lower() in _TITLES


def _leading_skip(words: list[str], at_sentence_start: bool, lowered: frozenset[str]) -> int:
    """How many leading words are sentence openers rather than part of a name."""
    skip = 0
    while skip < len(words) and (
        words[skip].lower() in _LEADING_STOP or (skip == 0 and at_sentence_start and words[0].lower() in lowered)
    ):
        skip += 1
    return skip


def _name_like(name: list[str]) -> bool:
    """Name words: no all-capitals acronym (NATO, MV) and no organisation or place ending."""
    if any(len(w) > 1 and w.isupper() for w in name):
        return False
    return name[-1].lower() not in _ORG_WORDS and name[-1].lower() not in _LEADING_STOP


def _roles(title: list[str], text: str, start: int, end: int) -> tuple[tuple[str, ...], ...]:
    """Descriptions of the person: title words, a role phrase before, a role appositive after."""
    found: list[tuple[str, ...]] = []
    title_words = description_words(" ".join(w for w in title if w.rstrip(".").lower() not in HONORIFICS))
    if title_words:
        found.append(title_words)
    before = None if title_words or not _role_word_before(text, start) else _ROLE_BEFORE.search(
        text, max(0, start - 60), start)
    if before:
        found.append(description_words(before.group(1)))
    after = _APPOSITIVE.match(text[end : end + 130])
    if after:
        words = description_words(after.group(1))
        heads = [i for i, w in enumerate(words) if w in ROLE_NOUNS]
        if heads:
            found.append(words[: heads[-1] + 1])
    return tuple(found)


def _role_word_before(text: str, start: int) -> bool:
    previous = text[max(0, start - 30) : start].split()
    return bool(previous) and previous[-1].lower() in ROLE_NOUNS


def _speech_beside(text: str, start: int, end: int) -> bool:
    return bool(_SPEECH_AFTER.match(text, end)) or bool(_SPEECH_BEFORE.search(text, max(0, start - 20), start))


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
    return _WORD.findall(text)


def description_words(phrase: str) -> tuple[str, ...]:
    """Lowercased content words of a description, articles and possessives dropped."""
    words: list[str] = []
    for word in re.split(r"[\s-]+", phrase.lower()):
        word = _POSSESSIVE.sub("", word.strip(".,;:\"“”'’()"))
        if word and word not in _DESCRIPTION_STOP:
            words.extend(_SYNONYMS.get(word, (word,)))
    return tuple(words)


# --- attributions ---------------------------------------------------------------------

# "…," Rasmussen said / "…," including …, Medvedev said: a speaker and verb after a comma.
_AFTER_SV = re.compile(rf"(?:^|[,;]|--|—)\s*{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b")
# "…," said Rasmussen / "…," says Odile Farrant, a maritime safety analyst …
_AFTER_VS = re.compile(rf"(?:^|[,;]|--|—)\s*{SPEECH_VERB}\s+{SPEAKER}(?=\s*(?:[,.;:!?]|$))")
# Rasmussen said: "…" / Mr Lavrov said that … "…": the last speaker and verb before a quote.
_BEFORE_SV = re.compile(rf"{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b")
SPEECH_WORD = re.compile(rf"\b(?:{SPEECH_VERB}|saying|adding|telling)\b")
# Reported speech: the tail of a sentence after its last fitting comma.
_TAIL_SV = re.compile(rf"{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b(?P<rest>[^,;]*)")
_TAIL_VS = re.compile(rf"{SPEECH_VERB}\s+{SPEAKER}(?:,[^;]*)?")


def attribution_after(window: str) -> str | None:
    """The speaker phrase attributed right after a quote, if any."""
    verb_first = _AFTER_VS.search(window)
    if verb_first and not plausible_after_verb(verb_first.group("speaker")):
        verb_first = None
    matches = [m for m in (_AFTER_SV.search(window), verb_first) if m]
    return min(matches, key=lambda m: m.start()).group("speaker") if matches else None


def attribution_before(window: str) -> str | None:
    """The last speaker phrase with a speech verb before a quote in its sentence."""
    last = None
    for last in _BEFORE_SV.finditer(window):
        pass
    return last.group("speaker") if last else None


def reported_tail(sentence: str, max_tail_words: int) -> tuple[int, str] | None:
    """(end of the reported clause, speaker phrase) when the sentence ends "…, X said …"."""
    for comma in reversed(list(re.finditer(r",\s+", sentence))):
        suffix = sentence[comma.end() :].rstrip(".!? ")
        match = _TAIL_SV.fullmatch(suffix) or _TAIL_VS.fullmatch(suffix)
        if match is None or not plausible_after_verb(match.group("speaker")):
            continue
        rest = match.groupdict().get("rest") or ""
        if len(words(rest)) <= max_tail_words and not re.search(r"\bthat\b", rest):
            return comma.start(), match.group("speaker")
        return None
    return None


# --- resolving speaker phrases ----------------------------------------------------------


def resolve(phrase: str, cast: Cast, focus: str | None) -> str | None:
    """The canonical speaker for a phrase found next to a quote.

    ``focus`` is the person the text is currently about (the previous speaker, or the first
    person named in the previous sentence); a pronoun refers to it.
    """
    phrase = phrase.strip()
    if phrase in cast.people or phrase.lower() in cast.people:  # NER may map "the NATO chief"
        return cast.people.get(phrase) or cast.people[phrase.lower()]
    if re.fullmatch(PRONOUN, phrase):
        return focus
    if re.match(r"(?:the|an?)\s", phrase, re.IGNORECASE):
        # "the BBC's Rupert Wingfield-Hayes", "the Calderhaven Port Authority": a name at the end.
        tail = _trailing_name(phrase)
        return canonical(tail, cast) if tail else describe(phrase, cast)
    return canonical(phrase, cast)


def _trailing_name(phrase: str) -> str | None:
    words = phrase.split()[1:]
    tail: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or _POSSESSIVE.search(word):
            break
        tail.insert(0, word)
    return " ".join(tail) or None


def plausible_after_verb(phrase: str) -> bool:
    """Whether a phrase after a speech verb is a speaker ("said the NATO chief", "says
    Farrant") rather than what was said ("says a deal is likely")."""
    if not re.match(r"(?:the|an?)\s", phrase, re.IGNORECASE):
        return True
    last = phrase.split()[-1]
    return last[:1].isupper() or last.lower() in ROLE_NOUNS or last.lower() in _ORG_WORDS


def canonical(surface: str, cast: Cast) -> str:
    """A name as the cast knows it: the explicit mapping first, then the fullest name of
    this document ending with it, then of the other documents, else the name itself."""
    if surface in cast.people:
        return cast.people[surface]
    words = surface.split()
    words[-1] = _POSSESSIVE.sub("", words[-1])
    skip = _leading_skip(words, False, frozenset())
    words = words[skip:]
    last_title = max((i for i, w in enumerate(words) if _is_title(w)), default=-1)
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


def describe(phrase: str, cast: Cast) -> str | None:
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
    words = description_words(phrase)
    if not words:
        return None
    for persons in (cast.persons, cast.wider):
        matched = _matching(words, persons)
        if matched:
            return matched
    if words[-1] not in ROLE_NOUNS:
        return re.sub(r"^The\s", "the ", phrase)
    return _salient(words, cast.persons)


def _matching(words: tuple[str, ...], persons: Sequence[Person]) -> str | None:
    head, former = words[-1], "former" in words
    scored = []
    for person in persons:
        for role in person.roles:
            if head in role and ("former" in role) == former:
                cover = sum(w in role for w in words) / len(words)
                if cover > 0.5:
                    scored.append((cover, person.mentions, person.name))
    return max(scored)[2] if scored else None


def _salient(words: tuple[str, ...], persons: Sequence[Person]) -> str | None:
    head = words[-1]
    fits = [p for p in persons if not p.roles or any(head in role for role in p.roles)]
    if "former" in words or not fits:
        fits = list(persons)
    best = max(fits, key=lambda p: (p.mentions, bool(p.roles), len(p.name.split()), p.name), default=None)
    return best.name if best else None


def person_mentions(text: str, start: int, end: int, cast: Cast, names: frozenset[str]) -> Iterator[str]:
    """Canonical names of the people (``names``) mentioned in ``text[start:end]``, in order."""
    for match in _CAPSEQ_RE.finditer(text, start, end):
        name = canonical(match.group(), cast)
        if name in names:
            yield name
