"""Site search with Pagefind: the words a page adds for search, and the index over the built site.

Pagefind (https://pagefind.app) indexes the finished HTML after the build
(``index_site``) and the browser loads only the index chunks a query needs.
It stems Dutch words itself (``<html lang="nl">``). What it cannot know, each
page adds as hidden, lower-weighted text (``add_search_words``), per section so
that sub-results still jump to the right heading:

- Dutch word forms where stemming fails (``zoekvormen``): a reader who types
  ``veiligheidsplannen`` or ``huisverboden`` finds pages that say
  ``veiligheidsplan`` or ``huisverbod``;
- abbreviations and what they stand for, from the glossary: a section that says
  "Veilig Thuis" also answers "VT", and one that says "VT" answers
  "Veilig Thuis".

The hidden text sits in ``<div hidden>`` blocks: not shown, not read by screen
readers, but indexed by Pagefind, which does not look at styles. Its weight is
below 1 (Pagefind: 1 is normal text, headings 2-7), so a page that really says
the word ranks first. Pagefind keeps the hidden words in the text it makes
excerpts from; the markers around them let the search script cut them out, and
for a hit on hidden words only (recognised by their weight) it shows the
section's own opening words.

Pagefind also gets the site's vocabulary (``pagefind/woorden.json``, loaded by
the search script only when a query finds little or has a word unlike any it
found): the source of the "Bedoelde u …?" suggestions.
"""

from __future__ import annotations

import atexit
import bisect
import html as htmllib
import itertools
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import atomic
from .zoekvormen import pagefind_forms

# Weight of the hidden words (normal text 1, headings 2-7; Pagefind squares it: 0.5 counts a quarter).
HIDDEN_WEIGHT = "0.5"
VOCABULARY_FILE = "woorden.json"
# Around the hidden words, so the search script can cut them out of Pagefind's excerpts
# (punctuation: Pagefind keeps it in the text but indexes no word for it).
HIDDEN_START, HIDDEN_END = "⁂", "⁑"
# Elements whose content Pagefind skips: repeated item cards (the canonical hit is the report section).
IGNORED = re.compile(r"<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]*\bdata-pagefind-ignore\b[^<>]*>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADING = re.compile(r"<h[1-6]\b[^<>]*\bid=")
TAG = re.compile(r"<[^<>]*>")  # [^<>]: linear on a run of "<" (as every pattern here)
# Pagefind separates words only at whitespace and at "sentence" elements (p, div, li, headings …):
# <dt>Regio</dt><dd>Friesland</dd> would be indexed as "RegioFriesland".
GLUING_END_TAG = re.compile(r"</(?:dt|dd|th|caption|summary|figcaption|label|legend)>(?=<)")
# Words of 4 to 40 letters: longer "words" are no Dutch words, and stemming one costs time quadratic in its length.
VOCABULARY_WORD = re.compile(r"(?<!\w)[^\W\d_][^\W_]{3,39}(?!\w)")
ABBREVIATION_SPLIT = re.compile(r"[,;:(]|\.(?:\s|$)")

# Per built page (URL): its vocabulary, kept between the rebuilds of `mkdocs serve`,
# where a dirty build converts only the pages that changed.
_page_words: dict[str, Counter[str]] = {}


def page_words() -> dict[str, Counter[str]]:
    """The vocabulary noted per page so far (a build's second process hands its pages' words to the first)."""
    return _page_words


def add_search_words(html: str, url: str, glossary: Mapping[str, str]) -> str:
    """The page content with hidden search words after every section, and its words noted for the vocabulary."""
    html = GLUING_END_TAG.sub(r"\g<0> ", html).replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    ignored = _ignored_spans(html)
    starts, ends = [a for a, _ in ignored], [b for _, b in ignored]
    cuts = [m.start() for m in HEADING.finditer(html) if not _inside(m.start(), starts, ends)]
    bounds = [0, *cuts, len(html)]
    synonyms = _synonym_pairs(tuple(sorted(glossary.items())))
    out: list[str] = []
    vocabulary: Counter[str] = Counter()
    for start, end in itertools.pairwise(bounds):
        part = html[start:end]
        overlapping = ignored[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)]
        text = _text(part, [(max(a, start) - start, min(b, end) - start) for a, b in overlapping])
        found = VOCABULARY_WORD.findall(text)
        vocabulary.update(found)
        out.append(part)
        out.append(_hidden_words(text, {word.lower() for word in found}, synonyms))
    _page_words[url] = vocabulary
    return "".join(out)


def indexed_text(html: str) -> str:
    """The text of an HTML fragment that Pagefind indexes: without the elements it ignores (and without tags)."""
    return _text(html, _ignored_spans(html))


def _ignored_spans(html: str) -> list[tuple[int, int]]:
    """Start and end offsets of every element Pagefind ignores (nested ones inside the outer one)."""
    spans: list[tuple[int, int]] = []
    for match in IGNORED.finditer(html):
        if spans and match.start() < spans[-1][1]:
            continue
        tag = match.group("tag").lower()
        if tag in VOID or match.group(0).endswith("/>"):
            spans.append((match.start(), match.end()))
            continue
        depth, pos = 1, match.end()
        tags = re.compile(rf"<(/?){tag}\b[^<>]*>", re.IGNORECASE)
        while depth:
            found = tags.search(html, pos)
            if found is None:
                pos = len(html)
                break
            depth += -1 if found.group(1) else 1
            pos = found.end()
        spans.append((match.start(), pos))
    return spans


def _inside(offset: int, starts: list[int], ends: list[int]) -> bool:
    """Whether offset is in one of the (sorted, disjoint) spans given by their starts and ends."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


def _text(part: str, ignored: list[tuple[int, int]]) -> str:
    if ignored:
        keep, pos = [], 0
        for a, b in ignored:
            keep.append(part[pos:a])
            pos = b
        keep.append(part[pos:])
        part = " ".join(keep)
    return htmllib.unescape(TAG.sub(" ", part))


def _hidden_words(text: str, words: set[str], synonyms: Synonyms) -> str:
    forms: set[str] = set()
    for word in words:
        forms.update(pagefind_forms(word))
    forms -= words
    # an abbreviation also for the other forms of what it stands for ("zelfredzaamheidmatrix": ZRM)
    extra = synonyms.found_in(text + " " + " ".join(forms) if forms else text)
    blocks = []
    if forms:
        blocks.append(
            f'<div hidden data-pagefind-weight="{HIDDEN_WEIGHT}">{HIDDEN_START} {htmllib.escape(" ".join(sorted(forms)))} {HIDDEN_END}</div>'
        )
    if extra:
        blocks.append(
            f'<div hidden data-pagefind-weight="{HIDDEN_WEIGHT}">{HIDDEN_START} {htmllib.escape(" ".join(extra))} {HIDDEN_END}</div>'
        )
    return "".join(blocks)


class Synonyms:
    """Abbreviations and what they stand for, both directions, found in a text with two regular expressions.

    The expansion is the start of the glossary meaning ("VT": "Veilig Thuis, het
    Advies- en Meldpunt …"), taken only when the abbreviation's letters occur in
    it in order ("SMART": "Specifiek, Meetbaar, …" gives none). Abbreviations
    match in their own case ("VT", not "vt"), expansions in any case.
    """

    def __init__(self, glossary: tuple[tuple[str, str], ...]) -> None:
        self.expansions: dict[str, set[str]] = {}  # lowercase expansion -> abbreviations
        self.abbreviations: dict[str, str] = {}  # abbreviation -> expansion
        for abbreviation, meaning in glossary:
            expansion = expansion_of(abbreviation, meaning)
            if expansion is not None:
                self.expansions.setdefault(_normal(expansion), set()).add(abbreviation)
                self.abbreviations[abbreviation] = expansion
        self.expansion_pattern = _alternatives(self.expansions)  # matched in the lowercased text
        self.abbreviation_pattern = _alternatives(self.abbreviations)

    def found_in(self, text: str) -> list[str]:
        """The other forms of every abbreviation or expansion the text contains, sorted."""
        other: set[str] = set()
        if self.expansion_pattern is not None:
            for match in self.expansion_pattern.findall(text.lower()):
                other |= self.expansions[_normal(match)]
        if self.abbreviation_pattern is not None:
            other.update(self.abbreviations[match] for match in self.abbreviation_pattern.findall(text))
        return sorted(other)


def _normal(phrase: str) -> str:
    return " ".join(phrase.split()).lower()


def _alternatives(phrases: Mapping[str, object]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    longest_first = sorted(phrases, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in longest_first)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


_synonym_cache: dict[tuple[tuple[str, str], ...], Synonyms] = {}


def _synonym_pairs(glossary: tuple[tuple[str, str], ...]) -> Synonyms:
    if glossary not in _synonym_cache:
        _synonym_cache[glossary] = Synonyms(glossary)
    return _synonym_cache[glossary]


def expansion_of(abbreviation: str, meaning: str) -> str | None:
    """What an abbreviation stands for, from the first phrase of its glossary meaning; None if it does not match."""
    expansion = ABBREVIATION_SPLIT.split(meaning, maxsplit=1)[0].strip()
    letters = iter(expansion.lower())
    wanted = [c for c in abbreviation.lower() if c.isalnum()]
    if not expansion or not wanted or expansion.lower() == abbreviation.lower() or expansion[0].lower() != wanted[0]:
        return None
    if not all(c in letters for c in wanted):
        return None
    return expansion


def index_site(site_dir: Path, *, background: bool = False) -> None:
    """Run Pagefind over the built site and write the vocabulary beside its index (``site_dir/pagefind/``).

    Raises PluginError with Pagefind's own message if it fails or finds no page.
    The new index is written next to the site and replaces the old one in one
    step once it is complete, so a stopped or failed run leaves the old index.

    With ``background`` (``mkdocs serve``: the browser reloads as soon as the
    pages are written) Pagefind runs in a thread and search catches up a few
    seconds later; a failure is logged. site_dir must then be the folder that is
    served, not a temporary one. A rebuild stops an unfinished run first
    (``stop_background``): Pagefind would take both cores from it.
    """
    if not background:
        _index(site_dir, None)
        return
    global _wanted, _worker, _interrupted
    with _lock:
        _wanted, _interrupted = site_dir, None
        if _worker is None:
            _worker = threading.Thread(target=_index_in_background, name="pagefind", daemon=True)
            _worker.start()


def stop_background() -> None:
    """A ``mkdocs serve`` rebuild starts: stop the index run of the preview, if it is unfinished.

    The preview keeps its last complete index; the rebuild asks for a new one
    when it publishes, or ``resume_background`` when it fails.
    """
    global _generation, _wanted, _interrupted
    with _lock:
        _generation += 1
        _interrupted = _wanted or _running or _interrupted
        _wanted = None
        process = _process
    if process is not None:
        process.terminate()


def resume_background() -> None:
    """A ``mkdocs serve`` rebuild failed: index the preview that is still served, if its run was stopped."""
    with _lock:
        site_dir = _interrupted
    if site_dir is not None:
        index_site(site_dir, background=True)


_lock = threading.Lock()
_wanted: Path | None = None  # the folder to index next
_running: Path | None = None  # the folder being indexed
_interrupted: Path | None = None  # the folder whose run stop_background stopped
_process: subprocess.Popen[str] | None = None
_generation = 0  # counts stop_background calls: a run started before the last one is void
_worker: threading.Thread | None = None


@atexit.register
def _stop_at_exit() -> None:
    """The server stops: end an unfinished index run too, and let the worker remove what it wrote."""
    worker = _worker
    if worker is not None:
        stop_background()
        worker.join(timeout=10)


def _index_in_background() -> None:
    global _wanted, _worker, _running
    while True:
        with _lock:
            site_dir, _wanted, _running = _wanted, None, _wanted
            if site_dir is None:
                _worker = None
                return
            generation = _generation
        try:
            _index(site_dir, generation)
        except PluginError as error:
            logging.getLogger("kader.serve").error("%s", error)
        finally:
            with _lock:
                _running = None


def _index(site_dir: Path, generation: int | None) -> None:
    """Index ``site_dir``; ``generation``: a background run, void (and quietly dropped) once it changes."""
    from pagefind_bin import get_executable

    global _process
    if not site_dir.is_dir():
        raise PluginError(f"Zoekindex: de map met de gebouwde site bestaat niet: {site_dir}")
    started = time.perf_counter()
    bundle = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.pagefind-", dir=site_dir.parent))
    old = bundle.with_name(bundle.name + "-oud")
    try:
        atomic.make_readable(bundle)
        with _lock:
            if generation is not None and generation != _generation:
                return
            try:
                process = subprocess.Popen(
                    [str(get_executable()), "--site", str(site_dir), "--output-path", str(bundle), "--quiet"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    cwd=site_dir,
                )
            except OSError as error:
                raise PluginError(f"Zoekindex: Pagefind kon niet starten ({error}).") from None
            if generation is not None:
                _process = process
        stdout, stderr = process.communicate()
        with _lock:
            if generation is not None:
                _process = None
                if generation != _generation:
                    return
        if process.returncode != 0 or not (bundle / "pagefind.js").exists():
            errors = [line for line in (stderr or stdout).splitlines() if line.strip()]
            detail = " ".join(dict.fromkeys(errors)) or f"exitcode {process.returncode}"
            raise PluginError(f"Zoekindex: Pagefind is mislukt: {detail}")
        write_vocabulary(site_dir, bundle)
        with _lock:  # (a rebuild that stops this run waits until the new index is in place)
            if generation is not None and generation != _generation:
                return
            _replace(site_dir / "pagefind", bundle, old)
    finally:
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    duration = time.perf_counter() - started
    logging.getLogger("mkdocs.plugins.kader").info("Zoekindex (Pagefind) gemaakt in %.1f s", duration)


def _replace(target: Path, bundle: Path, old: Path) -> None:
    """Put the complete index ``bundle`` in the place of ``target``, moving the old index aside to ``old``.

    (In a dirty build the old index links to the published site's files: moved aside and unlinked, never written.)
    """
    if target.exists():
        os.rename(target, old)
    os.rename(bundle, target)


def write_vocabulary(site_dir: Path, bundle: Path) -> None:
    """The words of the indexed pages of ``site_dir``, most frequent first, each in its most common spelling,
    into the index folder ``bundle``."""
    snapshot = dict(_page_words)  # (under serve the next build may be adding pages meanwhile)
    for url in [url for url in snapshot if not _built(site_dir, url)]:
        _page_words.pop(url, None)
        del snapshot[url]
    spellings: dict[str, Counter[str]] = {}
    pages: Counter[str] = Counter()
    for words in snapshot.values():
        for word, count in words.items():
            key = word.lower()
            spellings.setdefault(key, Counter())[word] += count
            pages[key] += 1
    ranked = sorted(pages, key=lambda key: (-pages[key], key))
    # the most common spelling; on a tie the lower-case one (the same whichever process saw a page first)
    vocabulary = [min(spellings[key].items(), key=lambda kv: (-kv[1], not kv[0].islower(), kv[0]))[0] for key in ranked]
    target = bundle / VOCABULARY_FILE
    target.write_text(json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _built(site_dir: Path, url: str) -> bool:
    path = site_dir / url
    return (path / "index.html").exists() if url.endswith("/") or not url else path.exists()
