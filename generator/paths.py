"""Stable page paths and links. URLs are part of the public contract: never change them.

Every page is addressed by its source path (``kader/<kader>/<indicator>.md``);
links between generated pages are relative Markdown links, which MkDocs
checks and rewrites, so they also work in any other Markdown engine.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

# Ids that would give a page the path of a generated page (an overview, a kader's full text or the
# folder of its variants). The index stage refuses them; tests/test_hostile.py derives the set from
# the path functions below, so a new generated page cannot be forgotten here.
RESERVED_IDS: dict[str, frozenset[str]] = {
    "gemeente": frozenset({"index"}),  # gemeenten/index.md is the overview
    "onderwerp": frozenset({"index"}),  # onderwerpen/index.md
    "rapport": frozenset({"index"}),  # rapporten/index.md
    "indicator": frozenset({"index", "volledig", "varianten"}),  # kader/<id>/index.md, volledig.md, varianten/
    "variant": frozenset({"index"}),
    "regio": frozenset({"index"}),  # bevindingenmatrix/<regio>.md next to bevindingenmatrix.md
}


def slug(text: str) -> str:
    """A URL part for free text such as a region name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "overig"


def home() -> str:
    return "index.md"


def kaders() -> str:
    return "kader/index.md"


def kader(kader_id: str) -> str:
    return f"kader/{kader_id}/index.md"


def kader_volledig(kader_id: str) -> str:
    return f"kader/{kader_id}/volledig.md"


def indicator(kader_id: str, indicator_id: str) -> str:
    return f"kader/{kader_id}/{indicator_id}.md"


def variant(kader_id: str, variant_id: str) -> str:
    return f"kader/{kader_id}/varianten/{variant_id}.md"


def varianten_vergelijking(kader_id: str, a: str, b: str) -> str:
    """Two regional variants of one kader side by side."""
    return f"kader/{kader_id}/varianten/vergelijk/{a}/{b}.md"


def rapporten() -> str:
    return "rapporten/index.md"


def rapport(rapport_id: str) -> str:
    return f"rapporten/{rapport_id}.md"


def gemeenten() -> str:
    return "gemeenten/index.md"


def gemeente(gemeente_id: str) -> str:
    return f"gemeenten/{gemeente_id}.md"


def onderwerpen() -> str:
    return "onderwerpen/index.md"


def onderwerp(onderwerp_id: str) -> str:
    return f"onderwerpen/{onderwerp_id}.md"


def goede_voorbeelden() -> str:
    return "goede-voorbeelden.md"


def goed_voorbeeld(rapport_id: str, item_id: str) -> str:
    """A good example's own page (a stable, shareable record)."""
    return f"goede-voorbeelden/{rapport_id}/{item_id}.md"


def goede_voorbeelden_jaar(jaar: int, deel: int = 1) -> str:
    """A year of the catalogue; a year with too many examples for one page continues on ``<jaar>-deel-<n>``."""
    return f"goede-voorbeelden/{jaar}.md" if deel == 1 else f"goede-voorbeelden/{jaar}-deel-{deel}.md"


def matrix() -> str:
    return "bevindingenmatrix.md"


def matrix_regio(regio_slug: str) -> str:
    return f"bevindingenmatrix/{regio_slug}.md"


def begrippen() -> str:
    return "begrippen.md"


def nazorg() -> str:
    return "nazorg.md"


def open_data() -> str:
    return "open-data.md"


def data_file(name: str) -> str:
    return f"data/{name}"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link from one source page to another (and an anchor on it)."""
    target = _relative(from_page.rpartition("/")[0], to_page)
    return f"{target}#{anchor}" if anchor else target


@lru_cache(maxsize=262144)
def _relative(from_dir: str, to_path: str) -> str:
    """posixpath.relpath for the simple paths of this site, without its cost (called ~10^5 times at scale)."""
    source = from_dir.split("/") if from_dir else []
    parts = to_path.split("/")
    common = 0
    while common < len(source) and common < len(parts) - 1 and source[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + parts[common:])


def url(page: str) -> str:
    """The site URL of a page under MkDocs' directory URLs, relative to the site root."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    if page.endswith(".md"):
        return page[:-3] + "/"
    return page


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative URL for raw HTML in a template (MkDocs does not rewrite those); on the same page just '#anchor'."""
    if anchor and from_page == to_page:
        return f"#{anchor}"
    target = _href(url(from_page), url(to_page))
    return f"{target}#{anchor}" if anchor else target


@lru_cache(maxsize=262144)  # the same few hundred thousand pairs recur: posixpath.relpath was a tenth of a build
def _href(base: str, to_url: str) -> str:
    target = posixpath.relpath(to_url or ".", base.rstrip("/") or ".") if base else to_url
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return target
