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
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import csp, pipeline
from .htmlfix import fix_material_markup
from .problems import ContentError
from .render import Rendered
from .zoekvormen import add_forms_to_index

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
        self.memo = pipeline.Memo()  # per-file parses, reused across serve rebuilds
        self.script_hashes: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

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
        try:
            self.rendered = pipeline.build(root, root / self.config.templates, self.memo)
        except ContentError as error:
            if not (self.serving and self.rendered is not None):
                raise PluginError(str(error)) from None
            _report_while_serving(error)
        abbr: dict[str, Any] = config.mdx_configs.setdefault("abbr", {})
        abbr["glossary"] = self.rendered.glossary
        if self.config.nav and not config.nav:
            config.nav = [*self.rendered.nav, *_handwritten_nav(config)]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        for page in self.rendered.pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        for path, data in self.rendered.files.items():
            files.append(File.generated(config, path, content=data))
        return files

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
        # Material's search plugin (listed before this one) has written its index by now.
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():
            index.write_text(add_forms_to_index(index.read_text("utf-8")), "utf-8")
        if self.serving:
            return
        not_found = Path(config.site_dir) / "404.html"  # rendered by the theme, not through on_post_page
        if not_found.exists():
            html = fix_material_markup(not_found.read_text("utf-8"))
            hashes = csp.inline_script_hashes(html)
            self.script_hashes.update(hashes)
            not_found.write_text(csp.with_policy(html, hashes), "utf-8")
        (Path(config.site_dir) / "_headers").write_text(csp.headers_file(sorted(self.script_hashes)), "utf-8")


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
