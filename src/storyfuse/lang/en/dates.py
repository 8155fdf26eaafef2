"""English dates and datelines: month and day names, date filler words, time zones, datelines."""

from __future__ import annotations

import re

from storyfuse.lang.profile import DateRules

_I = re.IGNORECASE

# A page's own date line: "Page last updated at 14:02 GMT, 12 May 2009", "Published: …".
PUBLISHED_LINE = re.compile(
    r"^(page )?(last )?(first )?(updated|published|posted|modified)( on| at)?\s*:?\s*(?P<date>.+)$", _I
)
MONTH = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?"
         r"|oct(ober)?|nov(ember)?|dec(ember)?")
HAS_DATE = re.compile(rf"\b({MONTH})\b\.?|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", _I)
# Words a date or time is written with besides its numbers ("on", "pm", "GMT", "3rd").
DATE_FILLER = r"(on|at|am|pm|a|p|m|gmt|utc|bst|cet|cest|est|edt|pst|pdt|msk|st|nd|rd|th|t|z)"
DATE_WORD = re.compile(rf"^({MONTH}|mon|tue|wed|thu|fri|sat|sun)\w*$|^{DATE_FILLER}$", _I)
# Zone names dateutil reads as UTC.
UTC = re.compile(r"\b(GMT|UTC)\b")
# Zone abbreviations news pages print; dateutil knows only UTC/GMT by itself.
ZONES = {"BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800,
         "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000, "PST": -28800, "PDT": -25200}

# Datelines. Three variants, built from shared parts, because their users need different
# things and merging them would change what each one strips or finds:
# * ARTICLE: the first line of an article, "CAIRO, Dec 16 (Reuters) -" / "MOSCOW (AP) —": the
#   agency in brackets is required and named, as are place and date (cleaning lifts the outlet
#   and the publication date from it);
# * FACT: any sentence's leading dateline or label ("CALDERHAVEN, March 3 (Northwire) -",
#   "DENVER (AP) -", "UPDATE:"), dropped before fact alignment's keys: where and who filed it,
#   not what happened;
# * SUMMARY: wider, for the summary text, which drops where and who filed (a cited brief shows
#   it): also "WASHINGTON, D.C. -", one-letter places and a bare "(CNN) —"; it must be followed
#   by text (the summariser also checks that what is left starts with a capital).
# A date as wires print it after the place: "Dec 16", "March 3, 2024".
_WIRE_DATE = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
# Who filed it, in brackets: "(Reuters)", "(AP)".
_FILED_BY = r"\s*(?:\([^)\n]{1,40}\))?"
_DASH = r"\s*(?:--?|–|—|:)\s+"
ARTICLE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40})(, (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(, \d{4})?))?"
    r"\s*\((?P<agency>[A-Z][\w&/. -]{1,30})\)\s*[-–—]+\s*"
)
FACT_DATELINE = re.compile(rf"^[A-Z][A-Z.'’ -]+[A-Z.](?:,\s*{_WIRE_DATE})?{_FILED_BY}{_DASH}")
SUMMARY_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*(?:[A-Z][A-Za-z.]+\s*)+)?(?:,\s*{_WIRE_DATE})?{_FILED_BY}"
    rf"|\([A-Za-z .&]{{2,30}}\)){_DASH}(?=\S)"
)

# pysbd ends a sentence at "p.m." even when the day follows: "at 5 p.m. Sunday, police said" is
# one sentence, not "at 5 p.m." and "Sunday, police said". Joined when the piece ends with a
# clock time in a.m./p.m. and the next starts with a weekday (not "Monday's", which can open a
# sentence), "today"/"tonight"/"tomorrow"/"yesterday", or a lower-case word.
CLOCK_END = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s?[ap]\.m\.$", re.IGNORECASE)
CLOCK_CONTINUES = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!['’]s)\b"
    r"|(?:today|tonight|tomorrow|yesterday)\b|[a-z(,;–—-])"
)

RULES = DateRules(
    published_line=PUBLISHED_LINE,
    has_date=HAS_DATE,
    date_word=DATE_WORD,
    utc=UTC,
    zones=ZONES,
    article_dateline=ARTICLE_DATELINE,
    fact_dateline=FACT_DATELINE,
    summary_dateline=SUMMARY_DATELINE,
    sentence_joins=((CLOCK_END, CLOCK_CONTINUES),),
)
