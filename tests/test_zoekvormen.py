"""Dutch word forms added to the search index (the browser tests prove the effect on real queries)."""

from __future__ import annotations

import pytest

from generator.zoekvormen import add_forms, forms_of, search_forms


@pytest.mark.parametrize(
    ("typed", "in_text"),
    [
        ("veiligheidsplannen", "veiligheidsplan"),
        ("veiligheidsplan", "veiligheidsplannen"),
        ("overdrachten", "overdracht"),
        ("afspraken", "afspraak"),
        ("gezinnen", "gezin"),
        ("gemeenten", "gemeente"),
        ("mogelijkheden", "mogelijkheid"),
        ("indicatoren", "indicator"),
        ("kindchecks", "kindcheck"),
        ("lijnen", "lijn"),
        ("zelfredzaamheidsmatrix", "zelfredzaamheidmatrix"),
        ("zelfredzaamheidmatrix", "zelfredzaamheidsmatrix"),
    ],
)
def test_a_form_typed_by_a_reader_is_among_the_forms_of_the_word_in_the_text(typed: str, in_text: str) -> None:
    """The last search word is matched as a prefix without stemming: the index must hold it."""
    assert typed in forms_of(in_text) | {in_text}


def test_search_forms_leaves_out_words_already_in_the_text() -> None:
    forms = search_forms("Het veiligheidsplan en de overdracht").split()
    assert "veiligheidsplannen" in forms and "overdrachten" in forms
    assert "veiligheidsplan" not in forms and "het" not in forms


def test_a_search_entry_gets_a_forms_field_and_keeps_everything_else() -> None:
    doc = {"location": "a/", "title": "Veiligheidsplan", "text": "<p>Korte <b>lijnen</b></p>"}
    add_forms(doc)
    assert doc["location"] == "a/" and doc["title"] == "Veiligheidsplan" and doc["text"] == "<p>Korte <b>lijnen</b></p>"
    assert {"veiligheidsplannen", "korten"} <= set(doc["vormen"].split())
    # "lijn" is a prefix of "lijnen": search finds it already, so it is not added
    assert "lijn" not in doc["vormen"].split()
    # words already in the text are not repeated
    assert not {"korte", "lijnen"} & set(doc["vormen"].split())
