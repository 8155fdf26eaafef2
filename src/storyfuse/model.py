"""The one data model: frozen, slotted dataclasses and their (de)serialisation.

Every stage takes and returns these types; ``to_dict``/``from_dict`` are the only
place where they become JSON-ready dictionaries (the JSON contract, ``schema_version``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

SCHEMA_VERSION = "1"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from the input, before cleaning.

    Exactly one of ``text`` (a plain-text scrape) or ``html`` (a web page) is set.
    ``cluster`` groups articles that a reader knows belong to one story (Multi-News
    rows); ``reference`` carries a human summary when the input has one.
    """

    id: str
    path: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    cluster: str | None = None
    reference: str | None = None
    # ISO 639-1 code when the input states it; cleaning settles it (see Document.language).
    language: str | None = None

    @property
    def where(self) -> str:
        """Where the article came from, for messages: the path, plus its id inside a cluster."""
        return self.path if self.cluster is None else f"{self.path} [{self.id}]"


@dataclass(frozen=True, slots=True)
class Removal:
    """A line taken out of an article, kept with the reason so nothing is lost."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a cleaned text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned, segmented article."""

    id: str
    path: str
    text: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    cluster: str | None = None
    # ISO 639-1 code: the one the input states, else the one detected in the text, else the
    # run's. The stages read the profile for it (storyfuse.lang), or the run's when there is
    # none for this language.
    language: str = "en"
    removed: tuple[Removal, ...] = ()
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, with a one-line reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """What a user should know about an input that was used, but not quite as it came (read in
    a legacy encoding, renamed to keep ids distinct, read as HTML)."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What the readers produced: usable articles, rejected inputs, notices about used ones."""

    articles: tuple[Article, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """Cleaned documents plus everything that was rejected on the way."""

    documents: tuple[Document, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    schema_version: str = SCHEMA_VERSION
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence of a document: ``document`` id, ``sentence`` index, and its text."""

    document: str
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class Syndication:
    """Two documents sharing copied text; ``copied[id]`` is the share of that document's
    sentences copied (verbatim or lightly edited) from the other."""

    documents: tuple[str, str]
    copied: dict[str, float]
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """Sentences from different documents that report the same thing.

    ``support``: the sentences fact alignment put together; ``verified``: the documents (one per
    independent group) verified to state ``text`` (:mod:`storyfuse.analysis.verify`), whose
    count is ``independent_sources``; empty when the fact was not verified (one group only, or
    an analysis made before verification), and ``independent_sources`` then counts the groups
    of ``support``. ``single_source``: verification found nothing near it elsewhere.
    """

    id: str
    text: str
    support: tuple[SentenceRef, ...]
    independent_sources: int
    single_source: bool = False
    verified: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteOccurrence:
    """One outlet's wording of a quote; ``reported`` when it carries no quotation marks."""

    document: str
    sentence: int
    text: str
    reported: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation with its speaker and every outlet's wording of it."""

    speaker: str | None
    text: str
    occurrences: tuple[QuoteOccurrence, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place under one canonical name, counted per document."""

    name: str
    label: str
    mentions: dict[str, int]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """One value in a disagreement and the documents that give it."""

    value: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Outlets disagreeing on a number, date, name or wording."""

    kind: str
    description: str
    sides: tuple[Side, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A cleaned corpus plus what reading the documents side by side shows."""

    documents: tuple[Document, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    syndication: tuple[Syndication, ...] = ()
    independent_groups: tuple[tuple[str, ...], ...] = ()
    facts: tuple[Fact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    schema_version: str = SCHEMA_VERSION

    @property
    def independent_outlets(self) -> int:
        """Outlets with reports of their own: the independent groups counted by the outlet of
        each group's first document, so that two articles of one paper (a story followed up)
        are one outlet; a document naming no source is an outlet of its own."""
        outlet = {d.id: d.source or d.id for d in self.documents}
        return len({outlet.get(group[0], group[0]) for group in self.independent_groups if group})


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence of a cited document that states a claim, and the verifier's score for it
    (the probability that the sentence states everything the claim says; 1 for the claim's
    own sentence)."""

    document: str
    sentence: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary: where it came from and every independent outlet it cites.

    ``citations`` holds one document id per independent group verified to state the sentence
    (:mod:`storyfuse.analysis.verify`); ``support`` the evidence for each, in the same order;
    ``single_source``: verification failed against every other independent group (nothing there
    comes near stating it); a sentence cited to its own outlet alone but not single-source is
    unconfirmed: something elsewhere resembles it, but not closely enough to cite.
    ``origin`` is serialised as ``"from"``.
    """

    text: str
    citations: tuple[str, ...]
    origin: SentenceRef
    support: tuple[Evidence, ...] = ()
    single_source: bool = False


@dataclass(frozen=True, slots=True)
class BriefSource:
    """A numbered entry of the brief's source list."""

    number: int
    document: str
    outlet: str
    title: str | None = None
    published: str | None = None
    copies_of: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Addition:
    """What one outlet reports that no other independent outlet does."""

    document: str
    sentences: tuple[SentenceRef, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """The reader-facing sections around the summary."""

    headline: str
    sources: tuple[BriefSource, ...] = ()
    key_quotes: tuple[Quote, ...] = ()
    additions: tuple[Addition, ...] = ()
    single_source: tuple[SentenceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """The brief: the analysis (flattened into the same JSON object), the summary, the sections."""

    analysis: Analysis = field(default_factory=Analysis, metadata={"flatten": True})
    summary: tuple[SummarySentence, ...] = ()
    brief: Brief | None = None


# Python names that the JSON contract spells differently.
_JSON_NAMES: dict[tuple[type, str], str] = {(SummarySentence, "origin"): "from"}

# Key order of the JSON contract; fields not listed keep their declaration order after these.
_CONTRACT_ORDER: dict[type, tuple[str, ...]] = {
    Corpus: ("schema_version", "documents", "rejected", "notices"),
    Analysis: ("schema_version", "documents", "rejected"),
    Document: (
        "id", "path", "source", "title", "published", "url", "cluster", "language", "text", "removed",
        "sentences",
    ),
}


def to_dict(obj: Any) -> Any:
    """Turn a model object (or a tuple of them) into JSON-ready data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name: f for f in dataclasses.fields(obj)}
        order = _CONTRACT_ORDER.get(type(obj), ())
        names = [n for n in order if n in fields] + [n for n in fields if n not in order]
        out: dict[str, Any] = {}
        for name in names:
            value = to_dict(getattr(obj, name))
            if fields[name].metadata.get("flatten"):
                out.update(value)
            else:
                out[_JSON_NAMES.get((type(obj), name), name)] = value
        return out
    if isinstance(obj, (tuple, list)):
        return [to_dict(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_dict(value) for key, value in obj.items()}
    return obj


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a model object of type ``cls`` from :func:`to_dict` output.

    Unknown keys are ignored so that later stages can add keys to the contract.
    """
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = _JSON_NAMES.get((cls, item.name), item.name)
        if item.metadata.get("flatten"):
            kwargs[item.name] = _convert(hints[item.name], data)
        elif key in data:
            kwargs[item.name] = _convert(hints[item.name], data[key])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        return tuple(_convert(item_type, item) for item in value)
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        return {_convert(key_type, k): _convert(value_type, v) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value)  # type: ignore[arg-type]
    return value
