"""English words for claim verification: negation, and what a quoted passage looks like."""

from __future__ import annotations

import re

from storyfuse.lang.profile import VerifyRules

RULES = VerifyRules(
    # Words that turn a statement round: "the crew was not injured" does not state "the crew
    # was injured". Matched as whole runs of letters, so the contracted forms are listed without
    # their "'t": "didn't" matches "didn".
    negations=frozenset({
        "not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "without",
        "denied", "denies", "deny", "refused", "refuses", "rejected", "rejects",
        "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "won", "wouldn", "couldn",
        "shouldn", "hasn", "haven", "hadn", "cannot",
    }),
    # A passage in straight or curly double quotes, at least one word long.
    quoted=re.compile(r"[\"\u201c\u201d](?P<text>[^\"\u201c\u201d]{3,}?)[\"\u201c\u201d]"),
)
