"""The MkDocs adapter: run the pipeline, hand its pages to MkDocs as generated files.

Each hook is a few lines; the work happens in ``generator.pipeline``.
The pipeline runs in ``on_pre_build``, before MkDocs cleans the site folder,
so content with problems stops ``mkdocs build`` with every message and leaves
the previous site exactly as it was.

``mkdocs serve`` would block every request while a build fails, so there the
plugin prints the messages and builds the last good content again instead:
the reader keeps seeing the last good site, and saving a fixed file brings
the new content without a restart. (Defining ``on_startup`` keeps this plugin
object, and so the last good content, alive across rebuilds.)

In a full build at scale a forked process writes the pages' Markdown into a
temporary folder while MkDocs converts the first ones (``parallel.Writer``,
``_WrittenFile`` waits for a page that is not written yet).

Under ``mkdocs serve`` the pipeline keeps its parses, validations and rendered
pages between rebuilds, so a save re-renders only the pages it touched. With
``--dirty`` the generated pages are also handed to MkDocs as files that are
rewritten only when their text changed, so MkDocs rebuilds only those pages;
the search index is then merged here, page by page, because Material's
search plugin assumes that a dirty rebuild touches a single page.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import csp, pipeline, zoeken
from .htmlfix import fix_material_markup
from .parallel import Writer
from .problems import ContentError
from .render import Rendered
from .rendermemo import RenderMemo
from .zoekvormen import add_forms

log = logging.getLogger("mkdocs.plugins.kader")
# Not under "mkdocs": MkDocs' strict mode would turn these into an aborted build,
# which is exactly what serve must avoid.
serve_log = logging.getLogger("kader.serve")


class KaderConfig(Config):
    root = c.Type(str, default=".")
    """Folder that holds ``kader/`` and ``rapporten/``, relative to mkdocs.yml."""
    templates = c.Type(str, default="site_overrides/templates")
    """Folder whose templates replace the generator's templates of the same name."""
    nav = c.Type(bool, default=True)
    """Generate the navigation (kader structure first) unless mkdocs.yml has its own ``nav``."""


class KaderPlugin(BasePlugin[KaderConfig]):
    def __init__(self) -> None:
        self.rendered: Rendered | None = None
        self.serving = False
        self.memo: pipeline.Memo | None = None  # serve: parses, validations and pages kept between rebuilds
        self.script_hashes: set[str] = set()
        self.sources: SourceFolder | None = None  # dirty builds: generated pages as files
        self.search_docs: dict[str, list[dict[str, Any]]] = {}  # dirty builds: search entries per page URL
        self.page_urls: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:  # (a single build keeps nothing: the memo would only hold memory)
            self.memo = pipeline.Memo(render=RenderMemo())
        if dirty:
            self.sources = SourceFolder()
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice_as_info)

    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # serve follows the content folders, so saving a YAML file rebuilds the site
        for name in ("kader", "rapporten"):
            folder = str(self._root(config) / name)
            if folder not in config.watch:
                config.watch.append(folder)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        root = self._root(config)
        into = None
        if self.sources is None and self.memo is None:  # a single full build: pages may be written aside
            into = Path(tempfile.mkdtemp(prefix="kader-paginas-"))
            atexit.register(shutil.rmtree, into, ignore_errors=True)
        try:
            self.rendered = pipeline.build(root, root / self.config.templates, self.memo, into)
        except ContentError as error:
            if not (self.serving and self.rendered is not None):
                raise PluginError(str(error)) from None
            _report_while_serving(error)
        abbr: dict[str, Any] = config.mdx_configs.setdefault("abbr", {})
        abbr["glossary"] = self.rendered.glossary
        if self.config.nav and not config.nav:
            config.nav = [*self.rendered.nav, *_handwritten_nav(config)]
        if self.sources is not None:
            self.sources.sync(self.rendered)
            search = _search_plugin(config)
            if search is not None:  # we merge the index ourselves (on_post_build)
                search.search_index_prev = None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        writer = self.rendered.writer
        for page in self.rendered.pages:
            if page.markdown is None:
                assert writer is not None
                file = _WrittenFile.generated(config, page.path, abs_src_path=str(writer.folder / page.path))
                assert isinstance(file, _WrittenFile)
                file.writer = writer
                files.append(file)
            else:
                files.append(self._generated(config, page.path, page.markdown))
        for path, data in self.rendered.files.items():
            files.append(self._generated(config, path, data))
        self.page_urls = {file.url for file in files.documentation_pages()}
        return files

    def _generated(self, config: MkDocsConfig, path: str, content: str | bytes) -> File:
        if self.sources is not None:
            return File.generated(config, path, abs_src_path=str(self.sources.path(path)))
        return File.generated(config, path, content=content)

    @event_priority(-100)  # after Material's search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        # Dutch word forms for every new search entry (see zoekvormen), in memory:
        # rewriting the finished index would parse and write tens of MB again.
        search = _search_plugin(config)
        entries = search.search_index.entries if search is not None else []
        for entry in reversed(entries):
            if "vormen" in entry:
                break
            add_forms(entry)
        return context

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        return zoeken.add_search_words(html, page.url, self.rendered.glossary if self.rendered else {})

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        # A CSP that allows exactly this page's inline scripts (not under serve:
        # MkDocs injects its own live-reload script there).
        output = fix_material_markup(output)
        if self.serving:
            return output
        hashes = csp.inline_script_hashes(output)
        self.script_hashes.update(hashes)
        return csp.with_policy(output, hashes)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.rendered is not None and self.rendered.writer is not None:
            self.rendered.writer.finish()
            shutil.rmtree(self.rendered.writer.folder, ignore_errors=True)
        if self.sources is not None:
            self._merge_search_index(Path(config.site_dir) / "search" / "search_index.json")
        zoeken.index_site(Path(config.site_dir), background=self.serving)
        if self.serving:
            return
        not_found = Path(config.site_dir) / "404.html"  # rendered by the theme, not through on_post_page
        if not_found.exists():
            html = fix_material_markup(not_found.read_text("utf-8"))
            hashes = csp.inline_script_hashes(html)
            self.script_hashes.update(hashes)
            not_found.write_text(csp.with_policy(html, hashes), "utf-8")
        (Path(config.site_dir) / "_headers").write_text(csp.headers_file(sorted(self.script_hashes)), "utf-8")

    def _merge_search_index(self, index: Path) -> None:
        """After a dirty build: the entries of the rebuilt pages replace theirs, the others stay."""
        if not index.exists():
            return
        data = json.loads(index.read_text("utf-8"))
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in data["docs"]:
            fresh.setdefault(entry["location"].partition("#")[0], []).append(entry)
        self.search_docs.update(fresh)
        self.search_docs = {url: docs for url, docs in self.search_docs.items() if url in self.page_urls}
        data["docs"] = [entry for docs in self.search_docs.values() for entry in docs]
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


class _WrittenFile(File):
    """A generated page that a background process (render.Writer) may still be writing.

    MkDocs reads a page's source when it converts it; by then the page is
    usually long written, else this waits for it.
    """

    writer: Writer

    @property
    def content_string(self) -> str:
        self.writer.wait(self.src_uri)
        return File.content_string.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


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

    def sync(self, rendered: Rendered) -> None:
        wanted: dict[str, str | bytes] = {page.path: page.text for page in rendered.pages}
        wanted.update(rendered.files)
        layout = (rendered.nav, rendered.glossary)
        touch_all = self.layout is not None and layout != self.layout
        self.layout = layout
        for rel, content in wanted.items():
            path = self.path(rel)
            if self.written.get(rel) != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, str):
                    path.write_text(content, "utf-8")
                else:
                    path.write_bytes(content)
            elif touch_all and rel.endswith(".md"):
                os.utime(path)
        for rel in self.written.keys() - wanted.keys():
            self.path(rel).unlink(missing_ok=True)
        self.written = wanted


def _dirty_notice_as_info(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave stale navigation; this plugin refreshes the
    generated pages when it changes (see SourceFolder), and in strict mode the warning would
    abort every ``serve --dirty``."""
    if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin, if the site uses it."""
    return next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index_prev")), None)


def _report_while_serving(error: ContentError) -> None:
    if not serve_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("ERROR    -  %(message)s"))
        serve_log.addHandler(handler)
        serve_log.propagate = False
    serve_log.error("%s\nDe site toont de laatste goede versie tot de fouten zijn hersteld.", error)


def _handwritten_nav(config: MkDocsConfig) -> list[Any]:
    """Hand-written pages in docs/ (e.g. the accessibility statement), after the generated ones."""
    docs = Path(config.docs_dir)
    entries = []
    for path in sorted(docs.glob("*.md")):
        if path.name == "index.md":
            continue
        title = path.read_text("utf-8").split("\n", 1)[0].lstrip("# ").strip() or path.stem
        entries.append({title: path.name})
    return entries
