"""What a language profile holds: the words and rules each stage reads, grouped by stage.

Only the shape is here; the words are in one module per language (:mod:`storyfuse.lang.en`).
Patterns that are built from the words are compiled once, when the profile is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# --- analysis areas (quotes, names, align, figures): classes go here ---


@dataclass(frozen=True, slots=True)
class QuoteRules:
    """Quotes and their speakers (:mod:`storyfuse.analysis.quotes` and its ``speakers``).

    Words, lower case: ``honorifics`` ("ms"), ``titles`` (capitalised before a name:
    "minister"), ``role_nouns`` (heads of person descriptions: "chief"), ``org_words`` (last
    words of organisations and places), ``leading_stop`` (sentence openers that start no name),
    ``description_stop`` (dropped from descriptions), ``synonyms`` (description word → words),
    ``former`` (the word marking a past role), ``function_words`` (not content when comparing
    wordings); ``contractions``: (pattern, expansion) applied to lower-cased wordings.

    Patterns: ``name_sequence`` (a capitalised name-like word sequence), ``pronoun`` (a
    pronoun speaker), ``article`` (a description's opening article), ``lower_article``
    (pattern, replacement) for a description returned as written; ``role_before`` and
    ``appositive`` (role words before or after a name); ``speech_after`` / ``speech_before``
    (a speech verb right after / before a name), ``speech_word`` (any speech word); the
    attributions, each with a ``speaker`` group: ``after_speaker_verb`` / ``after_verb_speaker``
    (after a quote), ``before_speaker_verb`` (before it), ``tail_speaker_verb`` (with a
    ``rest`` group) / ``tail_verb_speaker`` (ending an unmarked sentence); ``complement``: a
    word opening what was said ("said that"), which makes a tail no attribution.
    """

    honorifics: frozenset[str]
    titles: frozenset[str]
    role_nouns: frozenset[str]
    org_words: frozenset[str]
    leading_stop: frozenset[str]
    description_stop: frozenset[str]
    synonyms: Mapping[str, tuple[str, ...]] = field(hash=False)
    former: str
    function_words: frozenset[str]
    contractions: tuple[tuple[re.Pattern[str], str], ...]
    name_sequence: re.Pattern[str]
    pronoun: re.Pattern[str]
    article: re.Pattern[str]
    lower_article: tuple[re.Pattern[str], str]
    role_before: re.Pattern[str]
    appositive: re.Pattern[str]
    speech_after: re.Pattern[str]
    speech_before: re.Pattern[str]
    speech_word: re.Pattern[str]
    after_speaker_verb: re.Pattern[str]
    after_verb_speaker: re.Pattern[str]
    before_speaker_verb: re.Pattern[str]
    tail_speaker_verb: re.Pattern[str]
    tail_verb_speaker: re.Pattern[str]
    complement: re.Pattern[str]
    # A possessive ending, taken off a name ("Rasmussen's").
    possessive: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class NameRules:
    """Entity names (:mod:`storyfuse.analysis.entities` and its ``names``).

    ``honorifics`` as written ("Ms"), ``honorific_before`` (one ending the text before a name),
    ``index_honorifics`` (those a surname is indexed under, dotted forms included);
    ``title_words`` (case-folded job titles and ranks stripped before a person's name),
    ``particles`` (lower-case words inside names: "von"), ``minor_words`` (skipped in
    acronyms), ``articles``; ``dotted``: an ending whose final dot belongs to the name ("Jr.");
    ``pronoun_starts``: capitalised word starts that are never names ("I'm").
    """

    honorifics: tuple[str, ...]
    honorific_before: re.Pattern[str]
    index_honorifics: tuple[str, ...]
    title_words: frozenset[str]
    particles: frozenset[str]
    minor_words: frozenset[str]
    articles: frozenset[str]
    dotted: re.Pattern[str]
    pronoun_starts: tuple[str, ...]
    # A possessive ending, taken off a name ("Rasmussen's").
    possessive: re.Pattern[str]
    # A word without its possessive "'s", as the model's sampling compares name-like words.
    base_form: Callable[[str], str]


@dataclass(frozen=True, slots=True)
class FigureRules:
    """Figures and times (:mod:`storyfuse.analysis.discrepancies`).

    ``filler_units``: words after a number that are not what it counts; ``counted_before``: the
    counted word before the number (groups ``unit``, ``value``); ``time``: a clock time (group
    ``value``); ``clock``: a time taken apart (hours, minutes, half of day); ``half_day``: how
    the half of day is written back (a format with one field).
    """

    filler_units: frozenset[str]
    counted_before: re.Pattern[str]
    time: re.Pattern[str]
    clock: re.Pattern[str]
    half_day: str
    # A counted word's singular, so "180 metres" and "190 metre" are one unit.
    singular: Callable[[str], str]


@dataclass(frozen=True, slots=True)
class VerifyRules:
    """Claim verification (:mod:`storyfuse.analysis.verify`).

    ``negations``: lower-case words that turn a statement round ("not", "never"): a claim and
    its evidence must agree on them; ``quoted``: a quoted passage (group ``text``), whose words
    a citation must carry.
    """

    negations: frozenset[str]
    quoted: re.Pattern[str]


# --- text areas (clean, dates, summary): classes go here ---


@dataclass(frozen=True, slots=True)
class CleanRules:
    """Page furniture, for line cleaning (:mod:`storyfuse.clean.furniture`).

    Strong evidence (furniture wherever it stands): ``navigation`` (a whole line that is a link
    or button: "Sign in"), ``site_navigation`` ("Gullcombe Post navigation"), ``credit``
    ("(Reporting by …)"), ``byline`` ("By Ana Lind, Staff Reporter"), ``appeal`` (appeals for
    money), ``call_to_action`` ("Click here …"), ``browser_notice``, ``related_link`` ("12 Jan
    24 | Politics", "3 hrs ago"), ``legal_notice`` (copyright), ``policy_link`` ("Privacy
    policy"), ``caption`` ("(left)", "Photo: …"), ``picture_credit`` ("AP Photo").
    Weak evidence: ``legalish`` (legal words), ``weak_appeal`` next to ``reader`` (an appeal to
    "you"). ``function_words``: small words that a row of section names never has.
    """

    navigation: re.Pattern[str]
    site_navigation: re.Pattern[str]
    credit: re.Pattern[str]
    byline: re.Pattern[str]
    appeal: re.Pattern[str]
    call_to_action: re.Pattern[str]
    browser_notice: re.Pattern[str]
    related_link: re.Pattern[str]
    legal_notice: re.Pattern[str]
    policy_link: re.Pattern[str]
    caption: re.Pattern[str]
    picture_credit: re.Pattern[str]
    legalish: re.Pattern[str]
    weak_appeal: re.Pattern[str]
    reader: re.Pattern[str]
    function_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class DateRules:
    """Dates and datelines (:mod:`storyfuse.clean.metadata`, fact keys, summary text).

    ``published_line``: a page's date line ("Last updated at …", group ``date``); ``has_date``:
    text that names a month or writes a date; ``date_word``: a word a date or time is written
    with (month, weekday, "pm", "GMT"); ``utc``: zone names read as UTC; ``zones``: other zone
    abbreviations → offset in seconds. Datelines, three variants (why: in the language's
    module): ``article_dateline`` (an article's first line, groups ``place``, ``date``,
    ``agency``), ``fact_dateline`` (dropped before fact alignment's keys), ``summary_dateline``
    (dropped from summary text). ``sentence_joins``: (end of a piece, start of the next) pairs
    across which the sentence splitter was wrong to split ("at 5 p.m." | "Sunday, police said").
    """

    published_line: re.Pattern[str]
    has_date: re.Pattern[str]
    date_word: re.Pattern[str]
    utc: re.Pattern[str]
    zones: Mapping[str, int] = field(hash=False)
    article_dateline: re.Pattern[str]
    fact_dateline: re.Pattern[str]
    summary_dateline: re.Pattern[str]
    sentence_joins: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()


@dataclass(frozen=True, slots=True)
class OutletRules:
    """Outlets named in page furniture (:mod:`storyfuse.clean.metadata`).

    ``self_reference``: an outlet speaking about itself ("Support X!", group ``name``);
    ``known``: (pattern, outlet) for outlets known by name or house style; ``aliases``: lower-case
    name → canonical outlet name.
    """

    self_reference: tuple[re.Pattern[str], ...]
    known: tuple[tuple[re.Pattern[str], str], ...]
    aliases: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True, slots=True)
class SummaryRules:
    """What may not stand in a summary, and what leans on context (:mod:`storyfuse.summarize.candidates`).

    ``byline`` and ``credits`` (substrings, lower case); contact lines start with one of
    ``contact_start`` and hold one of ``contact_clue``; captions hold one of ``captions`` or start
    with one of ``caption_start`` or match ``caption_date`` (a wire caption's dateline); ``web``: what
    pages say about themselves; ``reader``: the
    second person; ``leaning_start``: first words that lean on the sentence before;
    ``pronoun_speaker``: a quotation attributed only to a pronoun.
    """

    byline: re.Pattern[str]
    credits: tuple[str, ...]
    contact_start: tuple[str, ...]
    contact_clue: tuple[str, ...]
    captions: tuple[str, ...]
    caption_start: tuple[str, ...]
    caption_date: re.Pattern[str]
    web: tuple[str, ...]
    reader: re.Pattern[str]
    leaning_start: frozenset[str]
    pronoun_speaker: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Language:
    """One language's profile.

    ``segmenter``: the pysbd language code; ``spacy_models``: spaCy pipelines to try in order;
    ``stop_words``: function words that carry no content (syndication shingles, figures);
    ``fact_stop_words``: the words that say nothing about *which* fact a sentence reports
    (function words and reporting words: "said", "according"), for fact alignment and the
    summariser's sentence vectors.
    """

    code: str
    name: str
    segmenter: str
    spacy_models: tuple[str, ...]
    stop_words: frozenset[str]
    fact_stop_words: frozenset[str]
    # stem(word, length): a word's key for matching inflections ("helicopters" ~ "helicopter");
    # base_form(word): the word without inflection that changes no meaning (a possessive).
    stem: Callable[[str, int], str]
    base_form: Callable[[str], str]
    # --- analysis area fields ---
    quotes: QuoteRules
    names: NameRules
    figures: FigureRules
    verify: VerifyRules
    # --- text area fields ---
    clean: CleanRules
    dates: DateRules
    outlets: OutletRules
    summary: SummaryRules
