"""Small corrections to the HTML Material writes, so every page passes the Nu Html Checker.

Material puts ``autocomplete="off"`` on its checkbox toggles (drawer, search,
navigation); HTML allows that attribute only on text-like inputs. Dropping it
only means Firefox may restore an open drawer after a reload. On section index
pages (feature ``navigation.indexes``) Material writes the table of contents'
``<label for="__toc">`` without the input it belongs to.
"""

from __future__ import annotations

import re

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_material_markup(html: str) -> str:
    # Material's checkbox toggles are in the header, before <main>; pages are up to 500 kB.
    cut = html.find("<main")
    cut = len(html) if cut < 0 else cut
    html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html[:cut]) + html[cut:]
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    return html
