"""English entity-name rules: honorifics, job titles, name particles, articles.

Read by :mod:`storyfuse.analysis.entities` and :mod:`storyfuse.analysis.entities.names`.
"""

from __future__ import annotations

import re

from storyfuse.lang.en.stemming import POSSESSIVE, without_possessive
from storyfuse.lang.profile import NameRules


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Courtesy titles: "Ms Marrow" is a person whatever spaCy says, and "Ms Marrow" is worth
# keeping as an alias because reporters and quote attributions use exactly that form.
HONORIFICS: tuple[str, ...] = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady")
# The honorifics a person's surname is indexed under ("Ms Marrow", "Ms. Marrow").
INDEX_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.")

# Job titles and ranks that precede names in news copy ("Foreign Minister Sergei Lavrov",
# "NATO Secretary-General ...", "Gen. ...", "Sen. ..."); stripped from the front of a person's name.
# Royal and papal titles are not here: "Prince Harry" and "Pope Francis" are those people's names.
TITLE_WORDS = frozenset(h.casefold() for h in HONORIFICS) | _word_set("""
    president vice prime minister foreign defence defense interior home finance transport health
    trade justice education energy environment culture secretary secretary-general general gen
    attorney sen senator rep representative congressman congresswoman gov governor mayor
    chancellor premier sheikh cardinal archbishop bishop
    rev reverend father judge chief executive ceo chairman chairwoman chair spokesman spokeswoman
    spokesperson ambassador envoy commissioner inspector detective officer constable sgt sergeant
    capt captain col colonel lt lieutenant maj major adm admiral brig cmdr commander marshal
    supreme leader deputy former late acting interim ayatollah imam rabbi mullah
""")

# Lower-case words that belong inside names ("Jaap de Hoop Scheffer", "Ursula von der Leyen").
PARTICLES = _word_set("de da di du del della der den des van von bin ibn al el la le ter ten dos das y")
# Words skipped when spelling an acronym ("Institute for Coastal Transport" → ICT).
MINOR_WORDS = _word_set("of the and for in on at to de des du la le &")
ARTICLES = frozenset({"the", "a", "an"})
# Abbreviations whose final dot is part of the name.
DOTTED_ENDINGS = ("Jr", "Sr", "Co", "Inc", "Ltd", "Corp", "Bros", "St")
# Capitalised words that open a sentence and are never names: "I'm", "I’ll".
PRONOUN_STARTS = ("I'", "I’")

RULES = NameRules(
    honorifics=HONORIFICS,
    honorific_before=re.compile(r"\b(?:" + "|".join(HONORIFICS) + r")\.?\s+$"),
    index_honorifics=INDEX_HONORIFICS,
    title_words=TITLE_WORDS,
    particles=PARTICLES,
    minor_words=MINOR_WORDS,
    articles=ARTICLES,
    dotted=re.compile(r"(?:\b[A-Za-z]\.|\b(?:" + "|".join(DOTTED_ENDINGS) + r"))$"),
    pronoun_starts=PRONOUN_STARTS,
    possessive=POSSESSIVE,
    base_form=without_possessive,
)
