"""English summary candidates: bylines, credits, captions, web prompts, the reader, leaning starts."""

from __future__ import annotations

import re

from storyfuse.lang.profile import SummaryRules

# Bylines and credits: "By JANE DOE Associated Press", "... contributed to this report".
BYLINE = re.compile(r"^By (?:[A-Z][\w.'’-]*,?\s*|(?:and|of|the|for|in|at)\s+){1,8}$")
CREDITS = ("contributed to this report", "contributed to this story", "contributed reporting",
           "associated press writer", "staff writer")
# Contact lines: "Follow her on Twitter @…", "Email him at …".
CONTACT_START = ("follow ", "contact ", "email ", "e-mail ", "reach ")
CONTACT_CLUE = ("@", "twitter", "facebook", ".com")
# Photo captions and credits: "(left)", "(AP Photo/…)", "Getty Images", "Photo: …".
# Multi-News keeps captions inline as sentences of their own, credited at the end: "(Photo: …)",
# "REUTERS/…", "Photograph: …", "Image copyright … Image caption …".
CAPTIONS = ("(left)", "(right)", "(center)", "(centre)", "(pictured)", "(top)", "(bottom)", "(above)",
            "(below)", "(file)", "(inset)", "ap photo", "afp photo", "reuters photo",
            "epa photo", "getty images", "(photo:", "(photo by", "photograph:", "image copyright",
            "image caption", "media caption", "reuters/", "/invision", "/ap)", "(associated press)")
CAPTION_START = ("photo:", "photos:", "image:", "picture:", "credit:", "caption:")
# A wire photo caption's dateline: "…, Saturday, Oct. 3, 2015, in Franklin, Tenn." (a weekday,
# then the full date with its year, inside the sentence: news text names the day or the date).
CAPTION_DATE = re.compile(
    r",\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s(?:Jan|Feb|March|April|May|June|"
    r"July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2},\s(?:19|20)\d\d\b")
# What web pages and archives say about themselves: sign-ups, links, crawl notices. Single
# words are avoided where news uses them too ("slowed to a crawl", "a copyright lawsuit").
WEB = ("http://", "https://", "www.", "pic.twitter.com", "click here", "sign up", "signed up",
       "log in", "download the app", "share this", "wayback machine", "internet archive", "this crawl",
       "crawl data", "crawls", "warc", "all rights reserved", "terms of use", "terms of service",
       "privacy policy")
# Second person addresses the reader ("You can add location information to your Tweets");
# news text uses it almost only inside quotations, which are blanked out before the check.
READER = re.compile(r"\byou(?:r|rs|'re|’re|'ll|’ll|'ve|’ve)?\b", re.IGNORECASE)
# First words that make a sentence depend on the one before it.
LEANING_START = frozenset((
    "he", "she", "it", "they", "his", "her", "its", "their", "them", "him", "this", "that",
    "these", "those", "but", "however", "and", "also", "still", "yet", "so", "instead",
    "meanwhile", "moreover", "furthermore", "additionally", "then", "thus", "therefore",
    "nevertheless", "besides", "likewise", "similarly", "otherwise",
))
# A quotation attributed only to a pronoun ("…, he said."): the speaker is in another sentence.
PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|added|told|explained|continued|noted|wrote)\b"
    r"|\b(?:said|says|added|told)\s+(?:he|she|they)\b",
    re.IGNORECASE,
)

RULES = SummaryRules(
    byline=BYLINE,
    credits=CREDITS,
    contact_start=CONTACT_START,
    contact_clue=CONTACT_CLUE,
    captions=CAPTIONS,
    caption_start=CAPTION_START,
    caption_date=CAPTION_DATE,
    web=WEB,
    reader=READER,
    leaning_start=LEANING_START,
    pronoun_speaker=PRONOUN_SPEAKER,
)
