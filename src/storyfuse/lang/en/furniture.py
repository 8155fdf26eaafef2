"""English page furniture: the links, notices, appeals, credits and captions of news sites.

Each pattern is named by what :mod:`storyfuse.clean.furniture` records as the removed line's
reason; what counts as strong or weak evidence, and on how long a line, is decided there.
"""

from __future__ import annotations

import re

from storyfuse.lang.profile import CleanRules

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
# Small words that a row of section names ("News Sport Weather Business") never has.
FUNCTION_WORDS = frozenset([
    "a", "an", "the", "of", "for", "in", "to", "with", "on", "at", "by", "from", "as", "is", "are",
    "was", "were", "be", "after", "over", "into", "about", "and", "or", "but", "not", "this", "that",
    "its", "his", "her", "their",
])
# Appeals no article sentence makes, however long the paragraph around them.
APPEAL = re.compile(
    r"\bsupport (us|the [A-Z][\w.]*( [A-Z][\w.]*)*)\s*!"
    r"|please support (us|our|the)\b|support us (monthly|today|now)\b"
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
BROWSER_NOTICE = re.compile(
    r"best viewed (in|with)|style sheets|enable javascript|upgrade your browser"
    # What a web archive or a video player shows where the article should be: scrapes taken
    # through the Wayback Machine keep the archive's notes (16 "articles" of the shared
    # Multi-News stream are this note, in 16 different stories).
    r"|^(these crawls are part of an effort to archive|starting in \d{4}, alexa internet has been donating"
    r"|this crawl was run at a level|the warc files associated with this crawl|this is a set of web collections"
    r" curated by|the interactive transcript could not be loaded|rating is available when the video has been"
    r" rented|this feature is not available right now|dow jones reprints: this copy is for your personal)",
    _I,
)
# Weak cues.
LEGALISH = re.compile(
    r"undesirable organi[sz]ation|foreign agent|fines or imprisonment|republish|reused? under"
    r"|privacy notice|your data|our terms|\bcookies?\b|\blegal\b",
    _I,
)
WEAK_APPEAL = re.compile(r"\bsupport\b|donat|subscri|membership|newsletter|\bapp\b|paywall", _I)
READER = re.compile(r"\byou(r|rs|'re|'ll)?\b", _I)

RULES = CleanRules(
    navigation=NAVIGATION,
    site_navigation=SITE_NAVIGATION,
    credit=CREDIT,
    byline=BYLINE,
    appeal=APPEAL,
    call_to_action=CALL_TO_ACTION,
    browser_notice=BROWSER_NOTICE,
    related_link=RELATED_LINK,
    legal_notice=LEGAL_NOTICE,
    policy_link=POLICY_LINK,
    caption=CAPTION,
    picture_credit=PICTURE_CREDIT,
    legalish=LEGALISH,
    weak_appeal=WEAK_APPEAL,
    reader=READER,
    function_words=FUNCTION_WORDS,
)
