"""The MkDocs plugin: run the pipeline, hand its pages to MkDocs, publish the site atomically.

Each hook is a few lines. The content work happens in ``generator.pipeline``;
what depends on MkDocs' or Material's internals is in ``generator.engine``;
the build folder and its swap are ``generator.atomic``; the script policy is
``generator.csp``.

A build writes into a fresh folder next to the site folder and replaces the
site only when everything succeeded (``on_post_build``), so any failure —
content problems, a template error, a strict-mode warning, a script the theme
does not ship, a signal — leaves the previous site exactly as it was. Under
``mkdocs serve`` a failed rebuild therefore keeps serving the last good site;
saving a fixed file brings the new content without a restart. (Defining
``on_startup`` keeps this plugin object, and so the serve memo, alive across
rebuilds.)

Under ``mkdocs serve`` the pipeline keeps its parses, validations and rendered
pages between rebuilds (``pipeline.Memo``), so a save re-renders only the pages
it touched. With ``--dirty`` the generated pages are also handed to MkDocs as
files that are rewritten only when their text changed, so MkDocs rebuilds only
those pages; pages of content that is gone are removed from the site.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import atomic, csp, engine, export, pipeline, zoeken
from .problems import ContentError, InternalError, guard
from .render import Rendered
from .rendermemo import RenderMemo

log = logging.getLogger("mkdocs.plugins.kader")
FULL_COLLECTIONS = 1000  # gc's third threshold (Python's default: 10); see rare_full_collections


class KaderConfig(Config):
    """Options of the ``kader`` plugin in ``mkdocs.yml``."""

    root = c.Type(str, default=".")
    """Folder that holds ``kader/`` and ``rapporten/``, relative to ``mkdocs.yml``. Default: the folder of ``mkdocs.yml``."""

    templates = c.Type(str, default="site_overrides/templates")
    """Folder whose Jinja2 templates replace the generator's templates of the same name (``generator/templates/``),
    relative to ``mkdocs.yml``. A missing folder means: no replacements."""

    nav = c.Type(bool, default=True)
    """Generate the navigation (the kaders first, then reports, gemeenten, …, then the hand-written pages in
    ``docs/``). Ignored when ``mkdocs.yml`` has its own ``nav``."""


class Kept(NamedTuple):
    """A generated page as handed to MkDocs (what it converts, and the HTML blocks as UTF-8), with what it came from."""

    markdown: str
    meta: dict[str, Any]
    text: str  # Page.text
    handed: tuple[str, list[bytes]]


class KaderPlugin(BasePlugin[KaderConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.memo: pipeline.Memo | None = None  # serve: parses, validations and pages kept between rebuilds
        self.sources: SourceFolder | None = None  # dirty builds: generated pages as files
        self.rendered: Rendered | None = None
        self.staging: atomic.Staging | None = None  # the folder this build writes into
        self.warnings = engine.WarningCount()
        self.scripts: engine.ThemeScripts | None = None
        self.problems: list[str] = []  # pages that would run script the project does not ship
        self.outputs: set[str] = set()  # this build's files (site-relative)
        self.published: set[str] = set()  # the files of the last published build
        self.page_urls: list[str] = []
        self.static_html: list[File] = []  # hand-written HTML (and XML, JSON) files in docs/, copied as they are
        self.handed: dict[str, tuple[str, list[bytes]]] = {}  # generated page -> (what MkDocs converts, HTML blocks)
        self.contents: dict[str, bytes] = {}  # page URL -> its converted content, until the page is written
        self.kept: dict[str, Kept] = {}  # serve: last build's pages, as handed to MkDocs
        self.split: engine.PageSplit | None = None  # a build's second process (engine.PageSplit)
        self.split_warnings = 0  # warnings the second process counted

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty
        if self.serving:  # (a single build keeps nothing: the memo would only hold memory)
            self.memo = pipeline.Memo(render=RenderMemo())
        if dirty:
            self.sources = SourceFolder()
            engine.demote_dirty_notice()
        atomic.exit_cleanly_on_sigterm()

    @event_priority(100)  # first, so every later step writes into the new folder
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        engine.check_versions()
        engine.one_build_date()
        rare_full_collections()
        if self.serving:
            zoeken.stop_background()  # the preview's unfinished search index would take both cores from this rebuild
            # What the last build left: its garbage (MkDocs' pages and navigation refer to each other) collected,
            # the rest (the memo) frozen, so that Python's cycle collector does not go over it again on every save.
            _collect_and_freeze()
        for name in ("kader", "rapporten"):  # serve rebuilds when content is saved
            folder = str(self._root(config) / name)
            if folder not in config.watch:
                config.watch.append(folder)
        site = Path(config.site_dir)
        self.staging = atomic.Staging(
            site, dirty=self.dirty, lock=not self.serving, on_wait=lambda: _say_waiting(site), serving=self.serving
        )
        config.site_dir = str(self.staging.folder)
        self.warnings.count = 0
        self.warnings.start()
        self.contents, self.split, self.split_warnings = {}, None, 0
        self.scripts = engine.ThemeScripts(config)
        self.problems = []
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.rendered = self._run_pipeline(self._root(config), config)
        abbr: dict[str, Any] = config.mdx_configs.setdefault("abbr", {})
        abbr["glossary"] = self.rendered.glossary
        if self.config.nav and not config.nav:
            config.nav = [*self.rendered.nav, *export.handwritten_pages(Path(config.docs_dir))]
        # What MkDocs converts of each page, and its HTML blocks as UTF-8 (half the memory of Python's text for
        # non-Latin text). A single build keeps no page text beyond this: a page is the largest part of its memory.
        handed: dict[str, Kept] = {}
        for page in self.rendered.pages:
            kept = self.kept.get(page.path)  # serve: a page the memo reused (the same text object) is not split again
            if kept is None or kept.markdown is not page.markdown or kept.meta != page.meta:
                text = page.text
                if kept is None or kept.text != text:
                    held, blocks = engine.hold_html_blocks(text)
                    parts = (held, [block.encode() for block in blocks])
                else:
                    parts = kept.handed
                kept = Kept(page.markdown if self.serving else "", page.meta, text, parts)
            handed[page.path] = kept
            if not self.serving:
                page.markdown = ""
        self.handed = {path: kept.handed for path, kept in handed.items()}
        if self.serving:
            self.kept = handed
        if self.sources is not None:
            texts = {path: kept.text for path, kept in handed.items()}
            self.sources.sync(self.rendered, texts, {path: held for path, (held, _) in self.handed.items()})

    def _run_pipeline(self, root: Path, config: MkDocsConfig) -> Rendered:
        # The top-level guard: an unexpected exception ends in one line naming the project, not a traceback.
        try:
            with guard(str(root)):
                return pipeline.build(root, root / self.config.templates, self.memo, config.site_url or "", config.site_name)
        except (ContentError, InternalError) as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        for page in self.rendered.pages:
            files.append(self._generated(config, page.path, self.handed[page.path][0]))
        for path, data in self.rendered.files.items():
            files.append(self._generated(config, path, data))
        self.outputs = {file.dest_uri for file in files}
        self.page_urls = [file.url for file in files.documentation_pages()]
        # (not the generated data files: thousands of JSON files made by json.dumps and ElementTree from validated text)
        self.static_html = [file for file in files.static_pages() if file.src_uri not in self.rendered.files]
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.serving and not self.dirty and engine.may_split():  # a build on two cores (engine.PageSplit)
            self.split = engine.PageSplit(files, self._second_report, self._take_second_report)
            self.split.start()
        return nav

    def _second_report(self) -> dict[str, Any]:
        """What this (second) process learned from its pages: warnings, script findings, search vocabulary."""
        return {"warnings": self.warnings.count, "problems": self.problems, "words": zoeken.page_words()}

    def _take_second_report(self, report: dict[str, Any]) -> None:
        self.split_warnings = report["warnings"]
        self.problems += report["problems"]
        zoeken.page_words().update(report["words"])

    def _generated(self, config: MkDocsConfig, path: str, content: str | bytes) -> File:
        if self.sources is not None:
            return File.generated(config, path, abs_src_path=str(self.sources.path(path)))
        return File.generated(config, path, content=content)

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        handed = self.handed.pop(page.file.src_uri, None)
        if handed is not None:  # a generated page: its HTML blocks go back in (engine.hold_html_blocks)
            html = engine.put_back_html_blocks(html, [block.decode() for block in handed[1]])
        if page.meta.get("search") is not False:  # (not indexed: see site_overrides/main.html)
            # hidden, lower-weighted Dutch word forms and abbreviations for Pagefind (see zoeken)
            html = zoeken.add_search_words(html, page.url, self.rendered.glossary if self.rendered else {})
        # MkDocs converts every page before it writes the first one; until then the content waits as UTF-8
        # and the page holds a marker (on_post_page puts the content in).
        self.contents[page.url] = html.encode()
        return engine.content_marker(html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """A dirty build's folder links to the published site: unlink what MkDocs is about to rewrite in place."""
        if self.staging is not None and self.staging.linked:
            self.staging.detach(file.abs_dest_path for file in files if not file.is_documentation_page() and file.is_modified())
            site = Path(config.site_dir)
            self.staging.detach(
                site / name for template in config.theme.static_templates for name in (template, f"{template}.gz")
            )
        return env

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if self.staging is not None:
            self.staging.detach([page.file.abs_dest_path])  # (MkDocs writes the page next)
        if page.url in self.contents:
            output = engine.put_back_content(output, self.contents.pop(page.url).decode())
        html = engine.fix_material_markup(output)
        hashes = self._audit(html, page.url, f"{page.file.src_uri} (/{page.url})", config)
        # not under serve: MkDocs injects its live-reload script into every page it serves
        return html if self.serving else csp.with_policy(html, hashes)

    def _audit(self, html: str, url: str | None, name: str, config: MkDocsConfig) -> list[str]:
        assert self.scripts is not None
        found = csp.audit(html, self.scripts.allowed(engine.base_url_of(url, config)))
        self.problems += [f"  {name}: {problem}" for problem in found.problems]
        return found.hashes

    @event_priority(-100)  # last: publishing is the end of the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.staging is not None
        self._audit_other_html(config)
        if not self.serving:
            self.staging.detach([Path(config.site_dir) / "_headers"])
            (Path(config.site_dir) / "_headers").write_text(csp.headers_file(self._allowlist(config)), "utf-8")
        if self.dirty and self.published:
            self.staging.remove(self.published - self.outputs)  # pages of deleted or renamed content
        if not self.serving:  # the search index is part of the atomic site: built before the swap
            zoeken.index_site(Path(config.site_dir))
        self.warnings.stop()
        if config.strict and self.split_warnings:  # (MkDocs counts only this process's warnings)
            raise PluginError(
                f"Afgebroken: {self.warnings.count + self.split_warnings} waarschuwing(en) in strict mode "
                "(strict: true in mkdocs.yml); de site is niet veranderd."
            )
        if config.strict and self.warnings.count:
            return  # MkDocs aborts the build right after this hook; on_build_error discards the folder
        self.staging.publish()
        if self.serving:  # the preview does not wait for the index: it follows in the background
            zoeken.index_site(self.staging.site, background=True)
            if not self.published:  # the first build: its objects are frozen now, not collected at the first save
                _collect_and_freeze()
        config.site_dir = str(self.staging.site)  # for what runs after the build (gh-deploy pushes site_dir)
        log.info("Site gepubliceerd: %s (in één stap vervangen)", self.staging.site)
        self.staging, self.published = None, self.outputs

    def _audit_other_html(self, config: MkDocsConfig) -> None:
        """The HTML that did not pass on_post_page (the theme's 404 page, HTML files in docs/); then the verdict."""
        not_found = Path(config.site_dir) / "404.html"
        if not_found.exists():
            html = engine.fix_material_markup(not_found.read_text("utf-8"))
            hashes = self._audit(html, None, "404.html", config)
            not_found.write_text(html if self.serving else csp.with_policy(html, hashes), "utf-8")
        for file in self.static_html:
            self._audit(Path(file.abs_dest_path).read_text("utf-8", errors="replace"), file.url, file.src_uri, config)
        if self.problems:
            raise PluginError(
                "Deze pagina's zouden script uitvoeren dat niet met het thema is meegeleverd "
                "(alleen de scripts uit de templates van het thema en site_overrides/ mogen draaien):\n"
                + "\n".join(self.problems)
                + "\nHaal dat script, die event-attributen of javascript:-links weg; de site is niet veranderd."
            )

    def _allowlist(self, config: MkDocsConfig) -> list[str]:
        """Every script hash the theme allows on some page of this site (one header for all pages)."""
        assert self.scripts is not None
        urls: list[str | None] = [None, *self.page_urls]
        return sorted(set().union(*(self.scripts.allowed(engine.base_url_of(url, config)) for url in urls)))

    def on_build_error(self, *, error: Exception) -> None:
        self.warnings.stop()
        if self.split is not None:
            self.split.stop()
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        if self.serving:  # the site that is still served gets the search index this build stopped
            zoeken.resume_background()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        engine.keep_serving_on_failure(server, _report_failed_rebuild)
        return server

    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()


def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def rare_full_collections() -> None:
    """Let Python's cycle collector go over all objects rarely (gc's third threshold), young ones as usual.

    By default a full collection runs after every 10 middle ones once the
    objects that survived grew by a quarter, so during a build it ran again
    and again over the growing model and pages: 9% of a build at 1000 reports
    (59.0 -> 53.7 s, same peak memory); under serve, where a freeze leaves a
    quarter of almost nothing, 0.7 s of a 4.5 s save. With 1000 it waits for
    1000 middle collections.
    """
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS)


def _say_waiting(site: Path) -> None:
    log.info("Een andere build van %s is bezig; deze build wacht tot die klaar is en bouwt dan.", site)


def _report_failed_rebuild(error: BaseException) -> None:
    reason = str(error) or type(error).__name__
    log.error("De site is niet opnieuw gebouwd (%s). De site toont de laatste goede versie tot de fout is hersteld.", reason)


class SourceFolder:
    """Generated pages as files in a private temporary folder, for MkDocs' dirty builds.

    MkDocs rebuilds a page in a dirty build only when its source file is newer
    than its output, so a file is rewritten only when its text changed. When
    the navigation or the glossary changed, every page shows it: all are touched.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kader-bron-"))
        atexit.register(shutil.rmtree, self.root, ignore_errors=True)
        self.written: dict[str, str | bytes] = {}
        self.layout: Any = None

    def path(self, rel: str) -> Path:
        return self.root / rel

    def sync(self, rendered: Rendered, texts: dict[str, str], handed: dict[str, str]) -> None:
        """``texts``: each page as a Markdown file (``Page.text``); ``handed``: what MkDocs converts of it.
        A page is rewritten when its text changed."""
        wanted: dict[str, str | bytes] = {**texts, **rendered.files}
        layout = (rendered.nav, rendered.glossary)
        touch_all = self.layout is not None and layout != self.layout
        self.layout = layout
        for rel, content in wanted.items():
            path = self.path(rel)
            if self.written.get(rel) != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, str):
                    path.write_text(handed.get(rel, content), "utf-8")
                else:
                    path.write_bytes(content)
            elif touch_all and rel.endswith(".md"):
                os.utime(path)
        for rel in self.written.keys() - wanted.keys():
            self.path(rel).unlink(missing_ok=True)
        self.written = wanted
