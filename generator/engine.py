"""The engine adapter: everything that depends on MkDocs' or Material's internals, in one place.

The pipeline and ``plugin.py`` use only MkDocs' documented plugin API; what
relies on undocumented behaviour, on the text of a message or on the markup
and templates of the theme is here, next to the versions it was tested with.
A build with another MkDocs or Material version stops with a message
(``check_versions``): the facts below may no longer hold.

The facts, per version tested (MkDocs 1.6.1, mkdocs-material 9.8.1):

- MkDocs counts warnings for ``strict`` only after ``on_post_build``
  (``mkdocs.commands.build.build``), so the plugin counts them itself
  (``WarningCount``) to decide whether to publish the new site.
- MkDocs warns on every ``--dirty`` build that navigation may be stale, by
  text (``demote_dirty_notice``).
- ``mkdocs serve`` rebuilds in ``LiveReloadServer.builder``; when that raises,
  every request waits for the next successful build ("the server will appear
  stuck"). ``keep_serving_on_failure`` turns a failed rebuild into "keep the
  last good site".
- A page's theme templates see ``base_url`` = the page URL's way back to the
  root; the 404 page sees the path of ``site_url`` (``base_url_of``).
- Material's inline scripts live in ``partials/javascripts/*.html``; one of
  them (``base.html``: ``__md_scope=new URL("{{ base_url }}", …)``) is
  templated, so its body differs per page depth (``ThemeScripts``).
- Material's markup needs two fixes to pass the Nu Html Checker
  (``fix_material_markup``).
"""

from __future__ import annotations

import atexit
import importlib.metadata
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import mkdocs.structure.pages
import mkdocs.utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils import get_relative_url

from . import csp, processes

# The versions whose internals this module was written against (keep equal to the pins in pyproject.toml).
TESTED = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}

log = logging.getLogger("mkdocs.plugins.kader")


def check_versions() -> None:
    """Stop the build with a Dutch message when MkDocs or Material is not the tested version."""
    installed = {name: importlib.metadata.version(name) for name in TESTED}
    wrong = {name: version for name, version in installed.items() if version != TESTED[name]}
    if wrong:
        found = ", ".join(f"{name} {version}" for name, version in wrong.items())
        tested = " en ".join(f"{name} {version}" for name, version in TESTED.items())
        raise PluginError(
            f"Deze site is alleen getest met {tested}, maar geïnstalleerd is {found}. "
            "De plugin leunt op details van die versies (generator/engine.py) en bouwt daarom niet. "
            "Installeer de geteste versies (make setup), of test de nieuwe versie en pas TESTED in "
            "generator/engine.py en de versies in pyproject.toml samen aan."
        )


# --------------------------------------------------------------------------- #
# Logging: MkDocs' messages and its strict mode
# --------------------------------------------------------------------------- #


def demote_dirty_notice() -> None:
    """Show MkDocs' 'dirty build' warning as info.

    MkDocs warns that a dirty build may leave stale navigation; the plugin
    refreshes the generated pages when it changes (``plugin.SourceFolder``), and
    in strict mode the warning would abort every ``serve --dirty``.
    """
    logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice_as_info)


def _dirty_notice_as_info(record: logging.LogRecord) -> bool:
    if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def one_build_date() -> None:
    """Give every page of this build the date the build started.

    MkDocs' ``Page`` reads the clock (or ``SOURCE_DATE_EPOCH``) again for each
    of thousands of pages, 6% of a save under ``mkdocs serve`` at 1000 reports;
    one date per build is also what a build that runs past midnight should show.
    """
    date = mkdocs.utils.get_build_date()
    mkdocs.structure.pages.get_build_date = lambda: date  # type: ignore[attr-defined]  # (the name pages.py imported)


class WarningCount(logging.Handler):
    """Counts MkDocs' warnings during one build, as its strict mode does (handler on the ``mkdocs`` logger).

    MkDocs raises its strict-mode abort only after ``on_post_build``; the
    plugin must know before it publishes the new site.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def start(self) -> None:
        logging.getLogger("mkdocs").addHandler(self)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


# --------------------------------------------------------------------------- #
# mkdocs serve
# --------------------------------------------------------------------------- #


def keep_serving_on_failure(server: Any, on_failure: Callable[[BaseException], None]) -> None:
    """A failed rebuild under ``mkdocs serve`` keeps serving the last good site instead of hanging.

    MkDocs' server holds every request until a rebuild succeeds; this wraps its
    builder so that a failed rebuild counts as done (the site folder still
    holds the last good site: builds are atomic), after ``on_failure`` said why.
    Interruptions (Ctrl-C, SIGTERM) still stop the server.
    """
    build = server.builder

    def builder(*args: Any, **kwargs: Any) -> None:
        try:
            build(*args, **kwargs)
        except (Abort, Exception) as error:  # Abort: how MkDocs ends a failed build (a SystemExit)
            on_failure(error)

    server.builder = builder


# --------------------------------------------------------------------------- #
# Material: its inline scripts and its markup
# --------------------------------------------------------------------------- #


def base_url_of(page_url: str | None, config: MkDocsConfig) -> str:
    """The ``base_url`` MkDocs gives the theme for a page (None: the 404 page)."""
    if page_url is None:
        return urlsplit(config.site_url or "/").path
    return get_relative_url(".", page_url)


class ThemeScripts:
    """The inline scripts the theme ships, as CSP hashes: the allowlist for a build.

    Read from the template files of the theme and of ``custom_dir``
    (``site_overrides/``), never from the output. A script body without Jinja
    syntax is hashed as it is; a templated body (Material's ``base.html``
    partial interpolates ``base_url``) is rendered with the theme's own Jinja
    environment and this build's config, once per ``base_url`` the build uses.
    A templated body that needs more than ``config`` and ``base_url`` renders
    to a text no page contains, so a page with it fails the build: the
    allowlist errs on the strict side.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        env = config.theme.get_env()
        self.static: set[str] = set()
        self.templated: list[jinja2.Template] = []
        for folder in config.theme.dirs:
            for path in sorted(Path(folder).rglob("*.html")):
                for body in csp.executable_inline_scripts(path.read_text("utf-8")):
                    if not re.search(r"\{[{%#]", body):
                        self.static.add(csp.source_hash(body))
                        continue
                    try:
                        self.templated.append(env.from_string(body))
                    except jinja2.TemplateError:
                        log.debug("Inline script in %s is not a template on its own; not allowed", path)
        self._by_base: dict[str, frozenset[str]] = {}

    def allowed(self, base_url: str) -> frozenset[str]:
        if base_url not in self._by_base:
            rendered = set()
            for template in self.templated:
                try:
                    rendered.add(csp.source_hash(template.render(config=self.config, base_url=base_url)))
                except jinja2.TemplateError:  # needs more than config and base_url (e.g. redirect.html's page)
                    continue
            self._by_base[base_url] = frozenset(self.static | rendered)
        return self._by_base[base_url]


CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_material_markup(html: str) -> str:
    """Two corrections to Material's HTML, so every page passes the Nu Html Checker.

    Material puts ``autocomplete="off"`` on its checkbox toggles (drawer,
    search, navigation); HTML allows that attribute only on text-like inputs.
    Dropping it only means Firefox may restore an open drawer after a reload.
    On section index pages (feature ``navigation.indexes``) Material writes the
    table of contents' ``<label for="__toc">`` without the input it belongs to.
    """
    # Material's checkbox toggles are in the header, before <main>; pages are up to 500 kB.
    cut = html.find("<main")
    cut = len(html) if cut < 0 else cut
    html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html[:cut]) + html[cut:]
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    return html


# --------------------------------------------------------------------------- #
# Generated pages: MkDocs converts the headings, the HTML blocks go around it
# --------------------------------------------------------------------------- #

# A generated page is front matter, Markdown headings and finished HTML blocks
# (render.py). Python-Markdown would still parse every tag of those blocks twice
# (its raw-HTML preprocessor and MkDocs' anchor collector: a quarter of a build at
# 1000 reports) only to pass them through unchanged. So MkDocs gets the headings
# with a marker in place of each block, and the blocks are put back into the
# converted HTML. The Markdown export keeps the blocks in place (any engine can
# convert it). Markers cannot come from content: the sanitiser strips comments
# and headings escape "<".
HEADING_LINE = re.compile(r"#{1,6} ")
MARKER = re.compile(r"<!--kader-blok-(\d+)-->")
# A run of lines is handed over only when each of its blank-line separated chunks starts with a tag that
# Python-Markdown treats as a raw HTML block; anything else (a Markdown paragraph, a line starting with
# inline HTML, which Markdown would wrap in <p>) stays for MkDocs to convert.
BLOCK_START = re.compile(
    r"</?(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|main|nav|ol|p|pre"
    r"|section|table|ul)[\s>/]"
)


def hold_html_blocks(text: str) -> tuple[str, list[str]]:
    """The page for MkDocs (front matter and headings, a marker per HTML block) and the blocks."""
    front = ""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        front, text = text[: end + 5], text[end + 5 :]
    lines: list[str] = []
    blocks: list[str] = []
    run: list[str] = []

    def flush() -> None:
        block = "\n".join(run).strip("\n")
        chunks = [chunk.lstrip() for chunk in re.split(r"\n[ \t]*\n", block) if chunk.strip()]
        if chunks and all(BLOCK_START.match(chunk) for chunk in chunks):
            lines.extend(["", f"<!--kader-blok-{len(blocks)}-->", ""])
            blocks.append(block)
        else:
            lines.extend(run)
        run.clear()

    for line in text.split("\n"):
        if HEADING_LINE.match(line):
            flush()
            lines.extend(["", line, ""])
        else:
            run.append(line)
    flush()
    return front + "\n".join(lines) + "\n", blocks


def put_back_html_blocks(html: str, blocks: list[str]) -> str:
    """The converted page with its HTML blocks where MkDocs saw markers."""
    return MARKER.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html


# MkDocs converts every page before it writes the first one. Until a page is written its content waits
# as UTF-8 in the plugin and the page holds a marker (a comment: the sanitiser drops comments, so no
# content makes one). Material's partials/content.html adds an <h1> with the page title when the content
# has none: the marker says whether it has one.
CONTENT_MARKERS = ("<!--kader-inhoud-->", "<!--kader-inhoud <h1-->")


def content_marker(html: str) -> str:
    """What the page holds in place of its content until it is written."""
    return CONTENT_MARKERS["<h1" in html]


def put_back_content(output: str, html: str) -> str:
    """The written page with its content where the theme placed the marker."""
    for marker in CONTENT_MARKERS:
        head, found, tail = output.partition(marker)
        if found:
            return head + html + tail
    raise PluginError("De pagina-inhoud ontbreekt in de uitvoer van het thema (generator/engine.py, content_marker).")


# --------------------------------------------------------------------------- #
# Two processes convert and write the pages of a build
# --------------------------------------------------------------------------- #


# MkDocs converts every page (``build._populate_page``) and then writes every page (``build._build_page``), one
# at a time in one process: two thirds of a build at 1000 reports, on one core. ``PageSplit`` forks the build
# once the navigation is known (``on_nav``): from there both processes run MkDocs' own build, each converting
# and writing every other page. The other process's pages are only read (their front matter gives the titles
# the navigation shows). The second process stops after its last page and hands back what MkDocs and the
# plugin learned from its pages (anchors for MkDocs' link check, the plugin's findings); the first process
# takes it in before the link check and ``on_post_build``, which it alone runs.
def may_split() -> bool:
    """Whether a build converts and writes its pages in two processes (see ``generator.processes``)."""
    return processes.may_fork()


class PageSplit:
    """One build's pages split over this process and a forked one (see above); ``start`` forks, ``finish`` joins.

    ``report`` (called in the second process after its last page) returns what the plugin learned from
    those pages, picklable; ``merge`` (in the first process) takes it in.
    """

    def __init__(self, files: Any, report: Callable[[], Any], merge: Callable[[Any], None]) -> None:
        self.files = files
        pages = [file.src_uri for file in files.documentation_pages()]
        self.theirs = set(pages[1::2])  # the second process's pages
        self.last = pages[-1] if pages else None
        self.last_theirs = pages[1::2][-1] if len(pages) > 1 else None
        self.report, self.merge = report, merge
        self.second: processes.Second | None = None
        self._originals: dict[str, Any] = {}

    def start(self) -> None:
        """Fork; both processes return and go on with MkDocs' build, each with its half of the pages."""
        if self.last_theirs is None:
            return
        from mkdocs.commands import build

        self._originals = {name: getattr(build, name) for name in ("_populate_page", "_build_page")}
        self.second = processes.Second()
        if self.second.fork():
            self._become_second(build, self.second)
            return
        atexit.register(self.stop)  # an interrupted build: the second process stops before the build folder goes
        populate, build_page = self._originals["_populate_page"], self._originals["_build_page"]

        def populate_first(page: Any, config: MkDocsConfig, files: Any, dirty: bool = False) -> None:
            if page.file.src_uri in self.theirs:
                page.read_source(config)  # the title and front matter, for the navigation
            else:
                populate(page, config, files, dirty)

        def build_first(page: Any, *args: Any, **kwargs: Any) -> None:
            if page.file.src_uri not in self.theirs:
                build_page(page, *args, **kwargs)
            if page.file.src_uri == self.last:
                self.finish()

        build._populate_page, build._build_page = populate_first, build_first

    def _become_second(self, build: Any, second: processes.Second) -> None:
        populate, build_page = self._originals["_populate_page"], self._originals["_build_page"]
        files = self.files

        def guarded(step: Callable[[], None]) -> None:
            try:
                step()
            except BaseException as error:
                second.send(error=error)

        def populate_second(page: Any, config: MkDocsConfig, files_: Any, dirty: bool = False) -> None:
            if page.file.src_uri in self.theirs:
                guarded(lambda: populate(page, config, files_, dirty))
            else:
                guarded(lambda: page.read_source(config))

        def build_second(page: Any, *args: Any, **kwargs: Any) -> None:
            if page.file.src_uri not in self.theirs:
                return
            guarded(lambda: build_page(page, *args, **kwargs))
            if page.file.src_uri == self.last_theirs:
                anchors = {}
                for src_uri in self.theirs:
                    mine = files.get_file_from_path(src_uri).page
                    links = {file.src_uri: found for file, found in (mine.links_to_anchors or {}).items()}
                    anchors[src_uri] = (mine.present_anchor_ids, links)
                guarded(lambda: second.send({"anchors": anchors, "plugin": self.report()}))

        def skip(*args: Any, **kwargs: Any) -> None:  # static files, 404 page and sitemap: the first process
            return None

        build._populate_page, build._build_page = populate_second, build_second
        build._build_theme_template = build._build_extra_template = skip
        files.copy_static_files = skip

    def finish(self) -> None:
        """Wait for the second process and take in what it learned; raises PluginError when it failed."""
        if self.second is None or self.second.pid is None:
            return
        try:
            result = self.second.receive()
        except RuntimeError as error:
            raise PluginError(f"Het tweede bouwproces is mislukt ({error}).") from None
        finally:
            self.restore()
        for src_uri, (present, links) in result["anchors"].items():
            page = self.files.get_file_from_path(src_uri).page
            page.present_anchor_ids = present
            page.links_to_anchors = {self.files.get_file_from_path(uri): found for uri, found in links.items()} or None
        self.merge(result["plugin"])

    def stop(self) -> None:
        """A failed build: stop the second process before the build folder goes."""
        if self.second is not None:
            self.second.stop()
        self.restore()

    def restore(self) -> None:
        atexit.unregister(self.stop)
        from mkdocs.commands import build

        for name, function in self._originals.items():
            setattr(build, name, function)
        self._originals = {}
