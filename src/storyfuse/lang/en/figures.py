"""English figures: words after a number that are not what it counts, and how times are written.

Read by :mod:`storyfuse.analysis.discrepancies`.
"""

from __future__ import annotations

import re

from storyfuse.lang.en.stemming import singular
from storyfuse.lang.en.words import STOP_WORDS
from storyfuse.lang.profile import FigureRules

# Words after a number that are not what it counts ("21 was", "3 of").
FILLER_UNITS = STOP_WORDS | {"percent", "cent", "year", "years", "old", "said", "says"}

RULES = FigureRules(
    filler_units=FILLER_UNITS,
    # "the crew of 21": the counted word stands before "of".
    counted_before=re.compile(r"(?P<unit>[a-z]+) of (?P<value>\d[\d,.]*)\b", re.IGNORECASE),
    # "2.40am", "4:10 p.m.", "14:05".
    time=re.compile(r"\b(?P<value>\d{1,2}[:.]\d{2}\s?(?:a\.?m\.?|p\.?m\.?)?)", re.IGNORECASE),
    # A time found above, taken apart: hours, minutes, "a"/"p" of a.m./p.m.
    clock=re.compile(r"(\d{1,2})[:.](\d{2})\s?([ap])?"),
    half_day=" {}.m.",
    singular=singular,
)
