"""The grouper's state as stores before the rows kept it (version 1: the whole index as one
JSON value), written from an index for the tests that read such stores."""

from __future__ import annotations

import json

from storyfuse.stories import StoryIndex


def version_1_state(index: StoryIndex) -> str:
    """Reads the index's stories from its rows, so call it before :meth:`StoryIndex.changes` is
    taken for anything else (or after :meth:`StoryIndex.mark_all_changed`)."""
    index.mark_all_changed()
    stories = {s.id: [dict(s.vector), s.size, s.first and s.first.isoformat(), s.last and s.last.isoformat()]
               for s in index.changes().stories}
    return json.dumps({"version": 1, "documents": index.documents, "counter": index.counter,
                       "frequency": index.frequency, "postings": index.postings, "stories": stories})
