"""English outlet furniture: an outlet naming itself, and outlets known by name or house style."""

from __future__ import annotations

import re

from storyfuse.lang.profile import OutletRules

_I = re.IGNORECASE

# The outlet speaking about itself in page furniture.
SELF_REFERENCE = (
    re.compile(r"^support (?P<name>(the )?[A-Z][\w.&' ]+?)\s*!", _I),
    re.compile(r"^(the )?(?P<name>[\w&/.' -]{2,40}?) navigation\W*$", _I),
    re.compile(r"^(the )?(?P<name>[A-Z][\w&/.' -]+?) is not responsible for the content", _I),
    re.compile(r"(copyright|©)\s*(©\s*)?(\d{4}\s*)?(?P<name>[A-Z][\w&/.' -]+?)\s*(\.|,|$|all rights)", _I),
    re.compile(r"journalists of (?P<name>(the )?[A-Z][\w&.' ]+?)[,.]", _I),
    re.compile(r"^(?P<name>[A-Z][\w&/.' -]+?) content may be", _I),
)
# Outlets recognised by name or house style anywhere in the furniture.
KNOWN_OUTLETS = (
    (re.compile(r"\(\s*(editing|reporting|writing) by\b|\bReuters\b", _I), "Reuters"),
    (re.compile(r"\bRFE/RL\b|Radio Free Europe"), "RFE/RL"),
    (re.compile(r"\bBBC\b"), "BBC News"),
    (re.compile(r"\bAssociated Press\b|\(AP\)"), "Associated Press"),
    (re.compile(r"\bAFP\b|Agence France-Presse"), "AFP"),
    (re.compile(r"\bXinhua\b"), "Xinhua"),
    (re.compile(r"\bThe Moscow Times\b"), "The Moscow Times"),
)
ALIASES = {"bbc": "BBC News", "the bbc": "BBC News", "ap": "Associated Press", "rfe/rl": "RFE/RL"}

RULES = OutletRules(self_reference=SELF_REFERENCE, known=KNOWN_OUTLETS, aliases=ALIASES)
