"""The export: a complete site source that builds without the kader plugin.

``python -m generator export DIR`` writes

- ``DIR/docs/``: every generated page as Markdown (with its front matter), the
  data and publication files, and the hand-written pages of ``docs/``;
- ``DIR/overrides/``: the theme overrides and assets of ``site_overrides/``
  (without ``templates/``, which only the generator reads);
- ``DIR/mkdocs.yml``: the project's own configuration with the plugin's work
  written out: the navigation, the glossary for abbreviations, the resolved
  ``site_url``.

This is the contract with whatever engine builds the site (MkDocs + Material,
ProperDocs, Zensical): the tests build it with all three.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode

from .render import Rendered

OVERRIDES = "site_overrides"
GENERATOR_TEMPLATES = "templates"  # site_overrides/templates: overrides of the generator's templates


def _env_tag(constructor: Any, node: Node) -> Any:
    """MkDocs' ``!ENV`` tag: ``!ENV VAR`` or ``!ENV [VAR, …, default]``; the first variable set wins."""
    import os

    if isinstance(node, ScalarNode):
        return os.environ.get(str(node.value))
    if isinstance(node, SequenceNode):
        items = [str(child.value) for child in node.value]
        for name in items[:-1]:
            if name in os.environ:
                return os.environ[name]
        return items[-1] if len(items) > 1 else os.environ.get(items[0])
    return None


def project_config(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data (``!ENV`` resolved); empty when there is none."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("!ENV", _env_tag)
    data = yaml.load(path.read_text("utf-8"))
    return dict(data) if isinstance(data, dict) else {}


def engine_config(config: dict[str, Any], rendered: Rendered, site_url: str, handwritten: list[dict[str, str]]) -> dict[str, Any]:
    """The configuration of the exported site: the project's, minus the plugin, plus what the plugin adds."""
    out = {key: value for key, value in config.items() if key not in ("watch", "plugins", "markdown_extensions", "nav")}
    if site_url:
        out["site_url"] = site_url
    out["docs_dir"] = "docs"
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = "overrides"
    out["theme"] = theme
    out["plugins"] = ["search"]
    extensions: list[Any] = []
    for entry in config.get("markdown_extensions") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name == "abbr":
            continue
        extensions.append(entry)
    extensions.insert(0, {"abbr": {"glossary": dict(rendered.glossary)}})
    out["markdown_extensions"] = extensions
    out["nav"] = [*rendered.nav, *handwritten]
    return out


def handwritten_pages(docs: Path) -> list[dict[str, str]]:
    """Navigation entries of the hand-written pages (as the plugin adds them): title from the first heading,
    HTML-escaped like every navigation title (the theme puts them into pages as they are)."""
    entries = []
    for path in sorted(docs.glob("*.md")):
        if path.name == "index.md":
            continue
        title = path.read_text("utf-8").split("\n", 1)[0].lstrip("# ").strip() or path.stem
        entries.append({html.escape(title, quote=False): path.name})
    return entries


def write(root: Path, target: Path, rendered: Rendered, config: dict[str, Any], site_url: str) -> list[Path]:
    """Write the site source into ``target`` (replacing what an earlier export left there)."""
    docs_source = root / str(config.get("docs_dir") or "docs")
    docs = target / "docs"
    overrides = target / "overrides"
    for folder in (docs, overrides):
        if folder.exists():
            shutil.rmtree(folder)
    written: list[Path] = []
    if docs_source.is_dir():
        shutil.copytree(docs_source, docs)
        written += [p for p in docs.rglob("*") if p.is_file()]
    for page in rendered.pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text, encoding="utf-8")
        written.append(path)
    for name, data in rendered.files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    source_overrides = root / OVERRIDES
    if source_overrides.is_dir():
        shutil.copytree(
            source_overrides,
            overrides,
            ignore=lambda folder, names: [n for n in names if n == GENERATOR_TEMPLATES and Path(folder) == source_overrides],
        )
        written += [p for p in overrides.rglob("*") if p.is_file()]
    mkdocs_yml = target / "mkdocs.yml"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    target.mkdir(parents=True, exist_ok=True)
    with mkdocs_yml.open("w", encoding="utf-8") as stream:
        stream.write("# Generated by `python -m generator export`: a site source without the kader plugin.\n")
        yaml.dump(
            engine_config(config, rendered, site_url, handwritten_pages(docs_source) if docs_source.is_dir() else []), stream
        )
    written.append(mkdocs_yml)
    return written
