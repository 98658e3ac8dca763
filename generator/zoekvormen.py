"""Dutch word forms for search, so a plural finds its singular and back.

Pagefind stems Dutch words (the classic Snowball stemmer) and matches every
query word as a prefix of an indexed stem. That still misses forms whose stem
differs: ``veiligheidsplannen`` stems to ``veiligheidsplann``, which is not a
prefix of ``veiligheidsplan``. For every word of a page we build the regular
Dutch inflections of its stem (plural -en and -s with consonant doubling,
-heid/-heden, -f/-ven, -s/-zen, adjective -e, the linking s of compounds) and
keep those that search would not find from the word itself
(``pagefind_forms``); ``generator.zoeken`` adds them to the page as hidden,
lower-weighted text. Over-generation is harmless: a form that does not exist
in Dutch is never typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Words of 4 to 40 letters; a longer run of letters is no Dutch word (and would make the forms quadratic).
MAX_WORD = 40
WORD = re.compile(r"(?<![a-zà-ÿ])[a-zà-ÿ]{4,40}(?![a-zà-ÿ])")
# The classic Dutch Porter stemmer (as lunr.nl); "dutch" in snowball 3 also strips ge- prefixes.
_STEMMER = snowballstemmer.stemmer("dutch_porter")
VOWELS = "aeiouy"


@lru_cache(maxsize=65536)
def forms_of(word: str) -> frozenset[str]:
    """The stem of one lowercase word and the inflections built on it."""
    stem = _STEMMER.stemWord(word)
    found = {stem, *_inflections(stem)}
    if word.endswith("heden"):
        found.add(word[:-5] + "heid")
    if word.endswith("heid"):
        found.add(word[:-4] + "heden")  # the stemmer drops -heid, so build the plural from the word
    found |= _linking_s(word)
    return frozenset(found)


LINKED = re.compile(r"(heid|ing|teit|schap)(s?)(?=[a-z]{4})")


def _linking_s(word: str) -> set[str]:
    """Compounds written with and without the linking s: zelfredzaamheid(s)matrix, veiligheid(s)plan."""
    variants = set()
    for match in LINKED.finditer(word):
        other = "" if match.group(2) else "s"
        variants.add(word[: match.start(2)] + other + word[match.end(2) :])
    return variants


def _inflections(stem: str) -> set[str]:
    forms = {stem + "en", stem + "s", stem + "e"}
    if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS and stem[-1] not in "wxy":
        forms |= {stem + stem[-1] + "en", stem + stem[-1] + "e"}  # plan → plannen, kort → (no), pak → pakken
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        single = stem[:-1]  # veiligheidsplann → veiligheidsplan, gezinn → gezin
        forms |= {single, single + "s"}
    if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] in "aeou" and stem[-3] not in VOWELS:
        forms.add(stem[:-1] + stem[-2] + stem[-1])  # afsprak → afspraak, indicator stays
    if len(stem) >= 4 and stem[-1] not in VOWELS and stem[-2] == stem[-3] and stem[-2] in VOWELS:
        single = stem[:-3] + stem[-2] + stem[-1]  # afspraak → afspraken, regel → regels
        forms |= {single + "en", single + "e"}
    if stem.endswith("heid"):
        forms.add(stem[:-4] + "heden")
    if stem.endswith("f"):
        forms |= {stem[:-1] + "ven", stem[:-1] + "ve"}
    if stem.endswith("s"):
        forms |= {stem[:-1] + "zen", stem[:-1] + "ze"}
    return forms


@lru_cache(maxsize=65536)
def pagefind_forms(word: str) -> tuple[str, ...]:
    """The forms of a lowercase word that Pagefind would not find from the word itself.

    Pagefind finds an indexed word when the stem of what the reader typed is a
    prefix of the word's stem; only the other forms need to be in the page.
    """
    if len(word) > MAX_WORD:  # the stemmer is quadratic in the word's length; no Dutch word is this long
        return ()
    stem = _STEMMER.stemWord(word)
    return tuple(sorted(form for form in forms_of(word) if not stem.startswith(_STEMMER.stemWord(form))))
