"""MkDocs converts a generated page's headings; its HTML blocks go around Python-Markdown (engine.hold_html_blocks).

The result must be the page Python-Markdown makes of the whole text, apart from whitespace between blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from generator import engine, pipeline

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["abbr", "attr_list", "def_list", "tables", "footnotes", "admonition", "pymdownx.details", "toc"]


def convert(text: str) -> str:
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return markdown.Markdown(extensions=EXTENSIONS).convert(body)


def squeeze(html: str) -> str:
    return re.sub(r"\s+", "", html)


PAGES = {page.path: page.text for root in (MINI, ROOT) for page in pipeline.build(root).pages}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_handing_over_the_html_blocks_gives_the_same_page(path: str) -> None:
    text = PAGES[path]
    handed, blocks = engine.hold_html_blocks(text)
    assert handed.startswith("---\n") == text.startswith("---\n")
    assert squeeze(engine.put_back_html_blocks(convert(handed), blocks)) == squeeze(convert(text))


def test_markdown_between_headings_stays_markdown() -> None:
    text = "# T\n\n<p>html</p>\n\nEen *alinea*.\n\n## K {#k}\n\n<div>\n\n<p>x</p>\n\n</div>\n\n## L\n\n<span>inline</span>\n"
    handed, blocks = engine.hold_html_blocks(text)
    assert blocks == ["<div>\n\n<p>x</p>\n\n</div>"]  # only the run that is all raw HTML blocks
    assert "Een *alinea*." in handed and "<span>inline</span>" in handed
    assert squeeze(engine.put_back_html_blocks(convert(handed), blocks)) == squeeze(convert(text))


def test_content_cannot_forge_a_marker_or_a_heading() -> None:
    """The sanitiser drops comments; a content line starting with '#' is written as an entity."""
    from generator.markup import Converter

    html = str(Converter({}).block("a\n# b <!--kader-blok-0-->"))
    assert "<!--" not in html and "\n#" not in html
