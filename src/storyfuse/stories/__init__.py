"""Stories from a stream: each arriving article joins the story it is about, or starts one.

Online, single pass, in arrival order (``StoryIndex.add``). An article is a TF-IDF vector over
its terms (:mod:`.terms`; IDF from the document frequencies seen so far, so nothing has to be
known in advance). A story is the sum of its articles' vectors, pruned to its strongest
terms. Candidates come from an inverted index over those terms (each term keeps the stories
it was last strong in, a bounded list), so the cost per article does not grow with the
number of stories; the best candidate by cosine is joined when it reaches ``threshold``,
and only when both articles' publication times (when known) lie within ``window_days``.

The index is pure state (no I/O): :meth:`StoryIndex.to_json` and :meth:`StoryIndex.from_json`
carry it to and from a store. Story ids never change once given: ``s000001`` onwards.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from storyfuse.stories.terms import article_terms

__all__ = ["Arrival", "StoryConfig", "StoryIndex", "article_terms"]


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Thresholds of the online grouping; each was chosen by ``benchmarks/story_grouping.py``
    (cross-validated on the shared Multi-News stream) unless said otherwise."""

    # Chosen by 5-fold CV on the shared Multi-News stream (every fold chose 0.175 or 0.2).
    threshold: float = 0.2
    # The article's strongest terms that look up candidate stories in the inverted index.
    query_terms: int = 12
    # Candidates scored in full (ranked by how many of the query terms they share).
    candidates: int = 16
    # Terms kept per article vector and per story (the rest carry a few percent of the weight).
    article_terms: int = 120
    story_terms: int = 300
    # Stories remembered per term in the inverted index: the most recent ones.
    postings: int = 64
    # A story stops taking articles published this long after its last one (news cycles).
    window_days: float = 7.0


@dataclass(frozen=True, slots=True)
class Arrival:
    """One article to place: its id, its term counts and when it was published (if known)."""

    document: str
    terms: Counter[str]
    published: datetime | None = None


@dataclass(slots=True)
class _Story:
    vector: dict[str, float]
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None
    norm: float = 0.0  # of ``vector``, kept as it changes: scoring reads it for every candidate


@dataclass(slots=True)
class StoryIndex:
    """The stories so far and what finds them; :meth:`add` places articles one by one."""

    config: StoryConfig = field(default_factory=StoryConfig)
    documents: int = 0
    frequency: Counter[str] = field(default_factory=Counter)
    stories: dict[str, _Story] = field(default_factory=dict)
    postings: dict[str, list[str]] = field(default_factory=dict)
    counter: int = 0

    def add(self, arrivals: Iterable[Arrival]) -> list[tuple[str, str]]:
        """(document, story) for each arrival, in order; a document starting a story is its first."""
        return [(a.document, self.place(a)) for a in arrivals]

    def place(self, arrival: Arrival) -> str:
        vector = self._vector(arrival.terms)
        best, score = self._best(vector, arrival.published)
        if best is None or score < self.config.threshold:
            self.counter += 1
            best = f"s{self.counter:06d}"
            self.stories[best] = _Story({})
        self._join(best, vector, arrival.published)
        return best

    # ---- vectors --------------------------------------------------------------------------

    def _vector(self, terms: Counter[str]) -> dict[str, float]:
        """The article's TF-IDF vector (sublinear tf), L2-normalised, its strongest terms only;
        the document frequencies count it first, so a term new to the stream has finite idf."""
        self.documents += 1
        self.frequency.update(terms.keys())
        n = self.documents
        weights = {t: (1.0 + math.log(c)) * math.log((n + 1) / (self.frequency[t] + 0.5)) for t, c in terms.items()}
        top = sorted(weights.items(), key=lambda kv: -kv[1])[: self.config.article_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top if w > 0}

    # ---- candidates and scores --------------------------------------------------------------

    def _best(self, vector: dict[str, float], when: datetime | None) -> tuple[str | None, float]:
        shared: Counter[str] = Counter()
        # The strongest terms that some story has: the strongest of all are often new to the
        # stream (highest idf) and find nothing.
        known = [t for t, _ in sorted(vector.items(), key=lambda kv: -kv[1]) if t in self.postings]
        for term in known[: self.config.query_terms]:
            shared.update(self.postings[term])
        best, top = None, 0.0
        for story_id, _ in shared.most_common(self.config.candidates):
            story = self.stories[story_id]
            if not self._in_window(story, when):
                continue
            score = _cosine(vector, story)
            if score > top:
                best, top = story_id, score
        return best, top

    def _in_window(self, story: _Story, when: datetime | None) -> bool:
        if when is None or story.last is None or story.first is None:
            return True
        limit = self.config.window_days * 86400
        return (when - story.last).total_seconds() <= limit and (story.first - when).total_seconds() <= limit

    # ---- joining ----------------------------------------------------------------------------

    def _join(self, story_id: str, vector: dict[str, float], when: datetime | None) -> None:
        story = self.stories[story_id]
        for term, weight in vector.items():
            story.vector[term] = story.vector.get(term, 0.0) + weight
        if len(story.vector) > self.config.story_terms:
            kept = sorted(story.vector.items(), key=lambda kv: -kv[1])[: self.config.story_terms]
            story.vector = dict(kept)
        story.norm = math.sqrt(sum(w * w for w in story.vector.values()))
        story.size += 1
        if when is not None:
            story.first = when if story.first is None else min(story.first, when)
            story.last = when if story.last is None else max(story.last, when)
        for term, _ in sorted(vector.items(), key=lambda kv: -kv[1])[: self.config.query_terms]:
            self._post(term, story_id)

    # ---- state ------------------------------------------------------------------------------

    def to_json(self) -> str:
        """Everything but the config, as JSON (times as ISO 8601)."""
        stories = {sid: [s.vector, s.size, _iso(s.first), _iso(s.last)] for sid, s in self.stories.items()}
        return json.dumps({"version": STATE_VERSION, "documents": self.documents, "counter": self.counter,
                           "frequency": self.frequency, "stories": stories, "postings": self.postings})

    @classmethod
    def from_json(cls, text: str, config: StoryConfig | None = None) -> StoryIndex:
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"story index state version {data.get('version')!r}, expected {STATE_VERSION}")
        stories = {sid: _Story(v, size, _time(first), _time(last), math.sqrt(sum(w * w for w in v.values())))
                   for sid, (v, size, first, last) in data["stories"].items()}
        return cls(config or StoryConfig(), data["documents"], Counter(data["frequency"]), stories,
                   data["postings"], data["counter"])

    def _post(self, term: str, story_id: str) -> None:
        posted = self.postings.setdefault(term, [])
        if story_id in posted:
            posted.remove(story_id)
        posted.append(story_id)  # most recent last
        if len(posted) > self.config.postings:
            del posted[0]


STATE_VERSION = 1


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _cosine(vector: dict[str, float], story: _Story) -> float:
    """Cosine of a unit article vector and a story's summed vector."""
    weights = story.vector
    dot = sum(w * weights.get(t, 0.0) for t, w in vector.items())
    return dot / story.norm if dot > 0 and story.norm else 0.0
