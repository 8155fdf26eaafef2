"""Line-level evidence that a line is page furniture rather than article text.

Evidence is *strong* (the line is furniture wherever it stands: "Sign in", a copyright
notice, "2 hrs ago") or *weak* (it looks like furniture — a short line with no full stop,
a line addressed to "you" — but only counts next to other furniture, at the head or tail
of a page). The patterns come from the page clutter of news sites; each group is named
by the reason recorded with the removed line.
"""

from __future__ import annotations

import re

from storyfuse.clean.lines import Line

_I = re.IGNORECASE

_NAV_WORDS = (
    r"sign (in|up|out)|log ?(in|out)|register|menu|home|search|skip to (main )?content"
    r"|accessibility( links)?|breaking news|share( this( article| story| page)?)?"
    r"|share (on|via) \w+|tweet|e-?mail|print( this( article| page)?)?|print sponsor"
    r"|comments?|\d+ comments?|leave a comment|advertisement|advertising|sponsored( content)?"
    r"|related( stories| articles| content| topics| links| coverage)?|more on this story"
    r"|trending( now)?|most (read|popular|viewed|shared)|top stories|back to top"
    r"|you (may|might) also like|recommended( for you)?|read more|read next|see also"
    r"|watch( now| live)?|listen( now| live)?|video|photos?|image|gallery|close|next|previous"
    r"|loading|article excerpt|continue reading|show more|load more|open in app"
    r"|accept( all( cookies)?)?|manage (settings|preferences|cookies)|follow us"
    r"|story continues below( advertisement)?|skip (ad|advertisement)"
)
NAVIGATION = re.compile(rf"^(?:{_NAV_WORDS})\W*$", _I)
SITE_NAVIGATION = re.compile(r"^[\w&/.' -]{1,40} navigation\W*$", _I)
_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "for", "in", "to", "with", "on", "at", "by", "from", "as", "is", "are", "was", "were", "be", "after", "over", "into", "about", "and", "or", "but", "not", "this", "that", "its", "his", "her", "their"]
)
# Appeals no article sentence makes, however long the paragraph around them.
APPEAL = re.compile(
    r"\bsupport (us|the [A-Z][\w.]*( [A-Z][\w.]*)*)\s*!|please support (us|our|the)\b|support us (monthly|today|now)\b"
    r"|\bwe need your (help|support)\b|small favou?r to ask|remind me later"
    r"|not ready to (support|donate|subscribe|give)|become a (member|subscriber|patron)\b"
    r"|\b(make|give) a (donation|contribution)\b|\bdonate (now|today|to us)\b",
    _I,
)
# Calls to action that are furniture on a short line ("Click here to subscribe"), but can be
# part of a long paragraph of a how-to article.
CALL_TO_ACTION = re.compile(
    r"\bclick here\b|\bsubscribe (now|today|to (our|the) \w+)|sign up (for|to) (our|the) "
    r"|\bpai?ment methods?\b|download (our|the) app|follow us on\b|^read more\b|^share (this|on)\b",
    _I,
)
LEGAL_NOTICE = re.compile(
    r"©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved|not responsible for the content of external", _I
)
# Link-like policy lines: furniture when short, news when a sentence is about a policy.
POLICY_LINK = re.compile(
    r"(^|\| ?)terms of (use|service)\b|\bprivacy policy\b|cookie (policy|settings)|we use cookies"
    r"|use of cookies",
    _I,
)
RELATED_LINK = re.compile(
    r"^\d{1,2} [A-Z][a-z]{2} \d{2,4}\s*\||\b\d+ (hrs?|hours?|mins?|minutes?|days?|weeks?) ago\b"
    r"|^(updated|published|posted) \d+ (hours?|minutes?|days?) ago",
    _I,
)
CAPTION = re.compile(
    r"\((left|right|centre|center|top|bottom|above|below|pictured|file( photo)?|second left"
    r"|second right|front|back)\)|^(photo|image|picture|caption|credit|pictured)s?\s*:"
    r"|\b(photo|image|picture)s?: \w",
    _I,
)
# Agency picture credits, case-sensitive ("EPA" is an agency, "ePA" is not).
PICTURE_CREDIT = re.compile(r"\bAP Photo\b|Getty Images|Reuters/|AFP/|/AFP\b|\bEPA\b")
CREDIT = re.compile(
    r"^\(?\s*(additional )?(editing|reporting|writing|compiled|compiling|contributing|research)"
    r"( by|:)\b",
    _I,
)
# A byline names a person in capitals: "By Ana Lind, Staff Reporter" (not "By most accounts").
BYLINE = re.compile(r"^(By|BY) [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}\s*(,|$|·|\|)")
BROWSER_NOTICE = re.compile(r"best viewed (in|with)|style sheets|enable javascript|upgrade your browser", _I)
# Weak cues.
_LEGALISH = re.compile(
    r"undesirable organi[sz]ation|foreign agent|fines or imprisonment|republish|reused? under"
    r"|privacy notice|your data|our terms|\bcookies?\b|\blegal\b",
    _I,
)
_APPEAL = re.compile(r"\bsupport\b|donat|subscri|membership|newsletter|\bapp\b|paywall", _I)
_READER = re.compile(r"\byou(r|rs|'re|'ll)?\b", _I)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|‘[^’]*’(?!\w)")
_LIST_MARK = re.compile(r"^([•·▪◦*–—-]|\d{1,2}[.)])\s")

# A line of this many words or fewer, with no sentence ending, reads as a heading or link.
SHORT_LINE_WORDS = 12


# Patterns that are furniture wherever they stand, with the longest line each is trusted on:
# real furniture is short, and a 60-word paragraph that mentions "copyright" is about copyright.
# Whole-line and anchored patterns need no limit; none apply inside quotations.
_STRONG = (
    (NAVIGATION, "navigation", None),
    (SITE_NAVIGATION, "navigation", None),
    (CREDIT, "credit line", None),
    (BYLINE, "credit line", None),
    (APPEAL, "call to action", None),
    (CALL_TO_ACTION, "call to action", 25),
    (BROWSER_NOTICE, "legal notice", None),
    (RELATED_LINK, "related links", 40),
    (LEGAL_NOTICE, "legal notice", 40),
    (POLICY_LINK, "legal notice", 12),
    (CAPTION, "photo caption", 40),
    (PICTURE_CREDIT, "photo caption", 40),
)


def strong_reason(text: str) -> str | None:
    """The reason this line is furniture wherever it stands, or None."""
    unquoted = _QUOTED.sub(" ", text)
    words = len(text.split())
    for pattern, reason, max_words in _STRONG:
        if (max_words is None or words <= max_words) and pattern.search(unquoted):
            return reason
    return "navigation" if menu_like(text) else None


def weak_reason(line: Line) -> str | None:
    """The reason this line looks like furniture, when it stands among furniture."""
    text = line.text
    unquoted = _QUOTED.sub("", text)
    if _LEGALISH.search(text):
        return "notice"
    if _APPEAL.search(unquoted) and _READER.search(unquoted):
        return "call to action"
    if line.words <= 10 and text.endswith("?") and not _QUOTED.search(text):
        return "headline"
    if not line.sentence_shaped and line.words <= SHORT_LINE_WORDS and not _LIST_MARK.match(text):
        return "not a sentence"
    return None


def menu_like(text: str) -> bool:
    """A row of capitalised section names: "News Sport Weather Business Culture"."""
    words = text.split()
    if len(words) < 5 or re.search(r"[.,;:!?\"“”()]", text):
        return False
    if any(word.lower() in _FUNCTION_WORDS for word in words):
        return False
    return all(word[0].isupper() or word == "&" for word in words)


def is_list_item(text: str) -> bool:
    return bool(_LIST_MARK.match(text))
