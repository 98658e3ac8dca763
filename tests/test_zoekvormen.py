"""Dutch word forms added to the pages for search (the browser tests prove the effect on real queries)."""

from __future__ import annotations

import pytest

from generator.zoekvormen import forms_of, pagefind_forms


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
    """What a reader types is among the forms built from the word in the text."""
    assert typed in forms_of(in_text) | {in_text}


@pytest.mark.parametrize(
    ("in_text", "needed", "found_anyway"),
    [
        # Pagefind stems "veiligheidsplannen" to "veiligheidsplann": not a prefix of "veiligheidsplan"
        ("veiligheidsplan", "veiligheidsplannen", "veiligheidsplan"),
        ("gezin", "gezinnen", "gezin"),
        ("zelfredzaamheidsmatrix", "zelfredzaamheidmatrix", "zelfredzaamheidsmatrix"),
        # the stem of "overdrachten" is "overdracht": Pagefind finds it without help
        ("overdracht", None, "overdrachten"),
        ("afspraak", None, "afspraken"),
    ],
)
def test_pagefind_forms_are_only_the_forms_its_stemmer_misses(in_text: str, needed: str | None, found_anyway: str) -> None:
    forms = pagefind_forms(in_text)
    if needed:
        assert needed in forms
    assert found_anyway not in forms
    assert in_text not in forms
