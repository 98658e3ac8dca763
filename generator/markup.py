"""Content Markdown → sanitised HTML, once per build.

Every text a maintainer writes (findings, examples, recommendations, indicator
texts, footnotes, glossary meanings) is Markdown. The generator converts each
text here exactly once, cleans the result with an allowlist sanitiser (nh3),
and the templates place the same HTML on every page that shows the text. The
engine then only sees Markdown headings and finished HTML blocks, which it
passes through without parsing them again.

Why not let the engine convert the content? Because then whatever the content
says reaches the engine's Markdown extensions (attribute lists, raw HTML,
footnote definitions) and each text is converted again on every page that
shows it. Here the content meets core Markdown only, plus:

- glossary abbreviations (``abbr``), so tooltips work as on every other page;
- footnote references ``[^n]``, which become links to the page's footnote list
  (the texts live under ``voetnoten``; the ``footnotes`` macro of the templates renders them).

The sanitiser allows text structure only: no scripts, no event handlers, no
``style``, ``id`` or ``class``, and links to ``https:``, ``http:`` and
``mailto:`` only (nh3 decides after decoding entities). The validator refuses
everything this would silently drop, so a text that passes ``kader-check``
looks on the site as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape
from pydantic import BaseModel

from . import processes
from .problems import Problem

TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "a",
    "abbr",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "sub",
    "sup",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"https", "http", "mailto"}
ABSOLUTE = re.compile(r"(?i)^(https?:|mailto:)")

# A footnote reference travels through Markdown and the sanitiser as a private-use
# token, so neither can touch it, and becomes a link afterwards.
FOOTNOTE_REF = re.compile(r"\[\^(\d{1,4})\](?!:)")
TOKEN = re.compile("\ue000(\\d{1,4})\ue001")


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href" and not ABSOLUTE.match(value):
        return None
    return value


def clean(html: str) -> str:
    """HTML reduced to the allowlist (the last step for every content text)."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_absolute_links,
        link_rel=None,
        strip_comments=True,
    )


class Converter:
    """Converts content texts with one glossary; each distinct text is converted once.

    The cache is keyed on the text itself (not on objects), so it may live as
    long as the glossary does — ``mkdocs serve`` keeps it between rebuilds.
    """

    def __init__(self, glossary: dict[str, str]) -> None:
        self.glossary = dict(glossary)
        self._md = markdown.Markdown(extensions=["abbr"], extension_configs={"abbr": {"glossary": self.glossary}})
        self._blocks: dict[str, str] = {}
        self._texts: dict[str, Markup] = {}
        self._failed: dict[str, str] = {}  # text -> why it cannot be converted
        self._walked: dict[int, tuple[BaseModel, list[tuple[tuple[Any, ...], str]]]] = {}  # see texts_of
        # The same marking as Python-Markdown's abbr extension, for plain text the templates place
        # in HTML (titles, link texts): longest term first, whole words only, case-sensitive.
        terms = sorted(self.glossary, key=len, reverse=True)
        self._terms = re.compile(r"\b(" + "|".join(re.escape(str(escape(t))) for t in terms) + r")\b") if terms else None
        self._titles = {str(escape(t)): str(escape(meaning)) for t, meaning in self.glossary.items()}

    def _convert(self, text: str) -> str:
        """The sanitised HTML of one text, footnote references still as tokens."""
        html = self._blocks.get(text)
        if html is None:
            source = FOOTNOTE_REF.sub(lambda m: f"\ue000{m.group(1)}\ue001", text)
            self._md.reset()
            # "\n#" as an entity: no line of a page's HTML may look like a Markdown heading (engine.hold_html_blocks)
            html = self._blocks[text] = clean(self._md.convert(source)).replace("\n#", "\n&#35;")
        return html

    def block(self, text: str | None, footnotes: bool = True) -> Markup:
        """A text as block HTML (paragraphs, lists). ``footnotes=False`` drops the references,
        for texts shown away from the page that lists their footnotes."""
        if not text:
            return Markup("")
        html = self._convert(text)
        if "\ue000" in html:
            html = TOKEN.sub(_footnote_link if footnotes else "", html)
        return Markup(html)

    def inline(self, text: str | None, footnotes: bool = True) -> Markup:
        """A one-paragraph text without its ``<p>``, for use inside a sentence or a cell."""
        html = str(self.block(text, footnotes))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def text(self, value: object) -> Markup:
        """Plain text for HTML: escaped, with glossary abbreviations marked as on the rest of the page."""
        if isinstance(value, Markup):
            return value
        plain = str(value)
        marked = self._texts.get(plain)
        if marked is None:
            html = str(escape(plain))
            if self._terms is not None:
                html = self._terms.sub(lambda m: f'<abbr title="{self._titles[m.group(1)]}">{m.group(1)}</abbr>', html)
            marked = self._texts[plain] = Markup(html)
        return marked

    def texts_of(self, document: BaseModel) -> list[tuple[tuple[Any, ...], str]]:
        """A document's Markdown texts (``markdown_texts``), remembered per document object: ``mkdocs serve``
        keeps the validated objects of unchanged files, so a save walks only the documents that changed."""
        seen = self._walked.get(id(document))
        if seen is None or seen[0] is not document:
            seen = self._walked[id(document)] = (document, list(markdown_texts(document)))
        return seen[1]

    def forget_documents_except(self, documents: Iterable[BaseModel]) -> None:
        live = {id(document) for document in documents}
        for key in self._walked.keys() - live:
            del self._walked[key]

    def check(self, text: str) -> str | None:
        """Why a text cannot be converted, or None; used by ``kader-check``."""
        return self.converted(text)[0]

    def converted(self, text: str) -> tuple[str | None, str | None]:
        """Why a text cannot be converted (or None), and its HTML (or None)."""
        try:
            return None, self._convert(text)
        except (RecursionError, ValueError, TypeError) as exc:  # what Python-Markdown can raise on odd input
            why = f"deze tekst kan niet worden omgezet ({type(exc).__name__}); vereenvoudig de opmaak (bijv. minder diep geneste lijsten)"
            return why, None


def _footnote_link(match: re.Match[str]) -> str:
    number = match.group(1)
    return f'<sup id="fnref:{number}"><a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'


def unique_footnote_refs(html: str) -> str:
    """A page may cite one footnote twice; HTML ids must stay unique (the second is fnref2:n)."""
    if html.count('<sup id="fnref:') < 2:
        return html
    seen: dict[str, int] = {}

    def renumber(match: re.Match[str]) -> str:
        number = match.group(1)
        seen[number] = seen.get(number, 0) + 1
        return f'<sup id="fnref{seen[number]}:{number}">' if seen[number] > 1 else match.group(0)

    return re.sub(r'<sup id="fnref:(\d{1,4})">', renumber, html)


# --------------------------------------------------------------------------- #
# Checking: every Markdown field of the validated content converts
# --------------------------------------------------------------------------- #


# The fields that hold Markdown (model.Markdown); every other string is plain text.
MARKDOWN_FIELDS = frozenset({"tekst", "ratio", "beslisregel", "toelichting", "omschrijving", "betekenis", "voetnoten"})


def markdown_texts(document: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every Markdown field of a validated document, with its location in the file."""
    for name in type(document).model_fields:
        yield from _walk(getattr(document, name), (*loc, name), name in MARKDOWN_FIELDS)


def _walk(value: Any, loc: tuple[Any, ...], is_markdown: bool) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, BaseModel):
        yield from markdown_texts(value, loc)
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from _walk(item, (*loc, n), is_markdown)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, key), is_markdown)
    elif isinstance(value, str) and is_markdown:
        yield loc, value


def check_documents(converter: Converter, documents: Sequence[tuple[BaseModel, str]], position: Any) -> list[Problem]:
    """Convert every Markdown text now, so a text that fails does so in ``kader-check``, with its position.

    The texts are converted in two processes where the machine allows (``processes.map_halves``); the
    second one's HTML is kept in this converter's cache as if converted here.
    """
    converter.forget_documents_except(document for document, _ in documents)
    found = [(rel, loc, text) for document, rel in documents for loc, text in converter.texts_of(document)]
    texts = list(dict.fromkeys(text for _, _, text in found if text not in converter._blocks))
    for text, (why, html) in zip(texts, processes.map_halves(converter.converted, texts), strict=True):
        if html is not None:
            converter._blocks[text] = html
        if why:
            converter._failed[text] = why
    problems = []
    for rel, loc, text in found:
        why = converter._failed.get(text)
        if why:
            line, column = position(rel, loc)
            problems.append(Problem(rel, line, column, why))
    return problems


def text(value: str) -> Markup:
    """Plain text for HTML (the same as Jinja's autoescape; for Python callers)."""
    return escape(value)
