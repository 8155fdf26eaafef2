"""Language profiles and detection: lookup, story language, a document's language end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse import Article, ConfigError, RunConfig, Runner, get_language
from storyfuse.lang import available, language_or, story_language
from storyfuse.lang.detect import detect_language

# Invented text (a French and a German report of a made-up event).
FRENCH = (
    "Le conseil municipal de Valmerie a voté lundi soir la reconstruction du vieux pont de pierre "
    "qui relie les deux rives de la rivière. Les travaux commenceront au printemps et dureront "
    "environ dix-huit mois, selon un communiqué publié par la mairie mardi matin. Les habitants "
    "réclamaient un nouveau passage depuis la fermeture du pont après les inondations de l'hiver."
)
GERMAN = (
    "Der Stadtrat von Kellbach hat am Montagabend beschlossen, die alte Steinbrücke über den Fluss "
    "neu zu bauen. Die Arbeiten sollen im Frühjahr beginnen und etwa achtzehn Monate dauern, teilte "
    "die Stadtverwaltung am Dienstag mit. Anwohner hatten seit der Sperrung der Brücke nach dem "
    "Hochwasser im Winter eine neue Verbindung gefordert."
)
ENGLISH = (
    "The town council of Valmerie voted on Monday evening to rebuild the old stone bridge that links "
    "the two banks of the river. Work will begin in the spring and take about eighteen months, the "
    "town hall said in a statement on Tuesday morning. Residents had asked for a new crossing since "
    "the bridge was closed after the winter floods."
)


def test_profiles_are_looked_up_by_code() -> None:
    assert get_language("en-GB").code == get_language("EN").code == "en"
    assert "en" in available()
    with pytest.raises(ConfigError, match="no language profile for 'fr'"):
        get_language("fr")
    assert language_or("fr", "en").code == "en"
    assert language_or(None).code == "en"


def test_a_story_takes_its_documents_most_common_supported_language() -> None:
    assert story_language(["fr", "en", None, "de"]).code == "en"
    assert story_language([]).code == "en"


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de"), (ENGLISH, "en")])
def test_the_language_of_a_text_is_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_short_text_gets_no_guess() -> None:
    assert detect_language("Le pont est fermé.") is None
    assert detect_language("") is None


def test_documents_carry_the_stated_or_detected_language() -> None:
    articles = [Article("stated", "a.txt", text=ENGLISH, language="en-GB"),
                Article("french", "b.txt", text=FRENCH), Article("english", "c.txt", text=ENGLISH),
                Article("mislabelled", "d.txt", text=FRENCH, language="de")]
    corpus = Runner().clean_articles(articles)
    languages = {doc.id: doc.language for doc in corpus.documents}
    assert languages == {"stated": "en", "french": "fr", "english": "en", "mislabelled": "de"}
    french = next(doc for doc in corpus.documents if doc.id == "french")
    assert len(french.sentences) == 3  # read with the run's profile: no French one exists yet


def test_detection_can_be_turned_off() -> None:
    corpus = Runner(RunConfig(detect_language=False)).clean_articles([Article("french", "b.txt", text=FRENCH)])
    assert corpus.documents[0].language == "en"


def test_a_jsonl_record_states_its_language(tmp_path: Path) -> None:
    source = tmp_path / "wire.jsonl"
    source.write_text(json.dumps({"id": "w1", "text": FRENCH, "language": "fr"}) + "\n", encoding="utf-8")
    result = Runner().read([source])
    assert result.articles[0].language == "fr"


def test_a_stated_language_that_is_no_code_is_treated_as_unstated() -> None:
    articles = [Article("number", "a.txt", text=FRENCH, language="123"), Article("blank", "b.txt", text=FRENCH,
                                                                              language="  ")]
    assert {doc.language for doc in Runner().clean_articles(articles).documents} == {"fr"}
