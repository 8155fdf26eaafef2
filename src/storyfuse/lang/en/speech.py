"""English quotes and speakers: speech verbs, titles, role nouns, and the attribution patterns.

Read by :mod:`storyfuse.analysis.quotes` (grouping wordings) and
:mod:`storyfuse.analysis.quotes.speakers` (people named in a text, speaker phrases).
"""

from __future__ import annotations

import re

from storyfuse.lang.en.stemming import POSSESSIVE
from storyfuse.lang.profile import QuoteRules

# --- people and speaker descriptions ------------------------------------------------------

# Honorifics: evidence of a person, but not a role to match descriptions against.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})
# Capitalised words that, before a name, are its title ("Russian Foreign Minister …").
TITLES = HONORIFICS | frozenset({
    "president", "vice", "prime", "minister", "secretary", "secretary-general", "general",
    "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "senator", "sen",
    "governor", "gov", "mayor", "judge", "justice", "chief", "director", "chairman",
    "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
    "commissioner", "captain", "capt", "colonel", "col", "lieutenant", "lt", "sergeant", "sgt",
    "admiral", "marshal", "deputy", "foreign", "defence", "defense", "interior", "finance",
    "transport", "health", "attorney", "rev", "reverend", "sheikh", "editor", "commander",
    "professor", "representative", "rep", "master",
})
# Lowercase nouns that describe what a person does; the head of a speaker description
# ("the NATO chief") must be one of these for it to name a person rather than a body.
ROLE_NOUNS = frozenset({
    "chief", "minister", "secretary", "secretary-general", "general", "president", "premier",
    "master", "spokesperson", "spokesman", "spokeswoman", "analyst", "editor", "director",
    "head", "representative", "ambassador", "envoy", "official", "leader", "chairman",
    "chairwoman", "chair", "commander", "governor", "mayor", "officer", "manager", "executive",
    "professor", "researcher", "expert", "adviser", "advisor", "correspondent", "economist",
    "lawyer", "attorney", "judge", "senator", "lawmaker", "deputy", "captain", "founder",
    "negotiator", "diplomat", "coordinator", "commissioner", "chancellor", "king", "queen",
    "prince", "princess", "pope", "chairperson", "boss", "operator", "pilot", "specialist",
    "scientist", "historian", "campaigner", "activist", "prosecutor", "candidate",
})
# Last words that make a capitalised sequence an organisation or a place, not a person.
ORG_WORDS = frozenset({
    "authority", "lines", "line", "union", "council", "ministry", "office", "agency", "institute",
    "center", "centre", "times", "news", "party", "group", "company", "corporation", "corp", "inc",
    "ltd", "bank", "committee", "commission", "court", "police", "service", "services",
    "government", "department", "association", "organization", "organisation", "alliance",
    "network", "station", "radio", "university", "college", "school", "guard", "kremlin", "act",
    "treaty", "affairs", "studies", "relations", "assembly", "parliament", "congress", "senate",
    "forces", "army", "navy", "airlines", "airways", "post", "press", "daily", "herald",
    "gazette", "ledger", "broadcasting", "television", "foundation", "fund", "federation",
    "republic", "states", "kingdom", "nations", "asia", "europe", "africa", "america", "sea",
    "ocean", "river", "street", "square", "house", "hall", "port", "harbour", "harbor", "quay",
    "moorings", "beach", "war", "summit", "conference", "league", "club", "programme", "program",
    "project", "moscow", "russia", "afghanistan", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "christmas", "easter",
})
# Capitalised words that start sentences or clauses but never a name.
LEADING_STOP = frozenset({
    "the", "a", "an", "but", "and", "or", "so", "still", "however", "meanwhile", "in", "on", "at",
    "by", "for", "from", "with", "without", "to", "of", "as", "after", "before", "during",
    "since", "while", "when", "if", "though", "although", "earlier", "later", "yet", "then",
    "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "it",
    "he", "she", "they", "we", "i", "you", "there", "here", "what", "why", "how", "who",
    "where", "speaking", "asked", "according", "under", "over", "like", "unlike", "despite",
    "even", "now", "today", "yesterday", "also", "both", "all", "some", "many", "most", "no",
    "not", "only", "just", "because", "until", "once", "whether", "former", "new",
})
# Lower-case words allowed inside a name ("Jaap de Hoop Scheffer").
NAME_PARTICLES = ("de", "del", "della", "van", "von", "der", "den", "da", "di", "du", "le", "la", "al", "bin",
                  "ibn", "ter", "ten")
DESCRIPTION_STOP = frozenset({"the", "a", "an", "of", "in", "for", "at", "and", "on", "to", "its"})
# Synonyms applied to descriptions before matching ("the premier" = "the prime minister").
SYNONYMS = {"premier": ("prime", "minister"), "secretary-general": ("secretary", "general")}
# The word that marks a past role ("the former Danish prime minister").
FORMER = "former"

# --- attribution patterns (regular-expression sources) -------------------------------------

SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|noted|notes|stressed|stresses|insisted|insists|"
    r"explained|explains|argued|argues|warned|warns|declared|declares|continued|replied|"
    r"acknowledged|admitted|admits|recalled|concluded|wrote|writes|announced|remarked|observed|"
    r"commented|emphasised|emphasized|confirmed|urged|cautioned|was quoted as saying)"
)
# Little words allowed between a speaker and the verb ("Rasmussen also said", "has said").
ADVERBS = r"(?:(?:also|later|then|simply|has|had|have|once|again|further|previously|earlier)\s+){0,2}"
PRONOUN = r"\b(?:[Hh]e|[Ss]he)\b"
DESCRIPTION = r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'’.-]+\s+){0,5}?[\w'’.-]+"
_CAP = r"(?:[A-Z]\.){2,}|[A-Z][\w'’-]*"
# A capitalised word sequence, name particles allowed inside ("Jaap de Hoop Scheffer").
CAPSEQ = rf"(?<![\w'’-])(?:{_CAP})(?: (?:(?:{'|'.join(NAME_PARTICLES)}) )*(?:{_CAP}))*"
# A speaker phrase: a pronoun, a description ("the Danish NATO chief") or a name.
SPEAKER = rf"(?P<speaker>{PRONOUN}|{DESCRIPTION}|{CAPSEQ})"
_ROLE_ALT = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_CLAUSE = r"(?:^|[,;]|--|—)\s*"

# --- grouping wordings ------------------------------------------------------------------

CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"), (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"n't\b"), " not"), (re.compile(r"'re\b"), " are"), (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"), (re.compile(r"'m\b"), " am"), (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with",
    "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those",
    "we", "i", "you", "he", "she", "they", "our", "my", "your", "his", "her", "their", "us", "me",
    "them", "there", "here", "so", "if", "then", "than", "have", "has", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "not", "no",
})

RULES = QuoteRules(
    honorifics=HONORIFICS,
    titles=TITLES,
    role_nouns=ROLE_NOUNS,
    org_words=ORG_WORDS,
    leading_stop=LEADING_STOP,
    description_stop=DESCRIPTION_STOP,
    synonyms=SYNONYMS,
    former=FORMER,
    function_words=FUNCTION_WORDS,
    contractions=CONTRACTIONS,
    name_sequence=re.compile(CAPSEQ),
    pronoun=re.compile(PRONOUN),
    article=re.compile(r"(?:the|an?)\s", re.IGNORECASE),
    lower_article=(re.compile(r"^The\s"), "the "),
    # "Harbour master Ilse Marrow", "former Kremlin chief Vladimir Putin": role words before a name.
    role_before=re.compile(rf"((?:[\w'’-]+ ){{0,2}}(?:{_ROLE_ALT})) $", re.IGNORECASE),
    # "Fyodor Lukyanov, the editor in chief of …,": a role appositive after a name.
    appositive=re.compile(rf"^, ((?:the|an?|{FORMER}|{_ROLE_ALT}) [^,;()]{{1,120}})"),
    speech_after=re.compile(rf"(?:['’]s)?\s+{ADVERBS}{SPEECH_VERB}\b"),
    speech_before=re.compile(rf"\b{SPEECH_VERB} $"),
    speech_word=re.compile(rf"\b(?:{SPEECH_VERB}|saying|adding|telling)\b"),
    # "…," Rasmussen said / "…," including …, Medvedev said: a speaker and verb after a comma.
    after_speaker_verb=re.compile(rf"{_CLAUSE}{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b"),
    # "…," said Rasmussen / "…," says Odile Farrant, a maritime safety analyst …
    after_verb_speaker=re.compile(rf"{_CLAUSE}{SPEECH_VERB}\s+{SPEAKER}(?=\s*(?:[,.;:!?]|$))"),
    # Rasmussen said: "…" / Mr Lavrov said that … "…": the last speaker and verb before a quote.
    before_speaker_verb=re.compile(rf"{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b"),
    # Reported speech: the tail of a sentence after its last fitting comma.
    tail_speaker_verb=re.compile(rf"{SPEAKER}\s+{ADVERBS}{SPEECH_VERB}\b(?P<rest>[^,;]*)"),
    tail_verb_speaker=re.compile(rf"{SPEECH_VERB}\s+{SPEAKER}(?:,[^;]*)?"),
    # "…, X said that …": a tail with a that-clause is what was said, not an attribution.
    complement=re.compile(r"\bthat\b"),
    possessive=POSSESSIVE,
)
