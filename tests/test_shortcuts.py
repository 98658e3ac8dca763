"""Speed shortcuts must not change the output.

The serve memo may reuse a page only when nothing it shows changed: after any
edit, rendering with the memo must give exactly what a fresh render gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator import pipeline
from generator.rendermemo import RenderMemo, Unkeyable, fingerprint

OVERRIDES = ROOT / "site_overrides" / "templates"

EDITS = {
    "finding text": ("rapporten/2020-beta.yaml", "De warme overdracht gebeurt altijd.", "De overdracht gebeurt soms warm."),
    "report title": ("rapporten/2020-beta.yaml", "titel: Proefrapport Beta", "titel: Proefrapport Beta herzien"),
    "gemeente name": ("kader/gemeenten.yaml", "naam: Beta", "naam: Beta aan Zee"),
    "indicator text": ("kader/proef.yaml", "tekst: Er is een overdracht.", "tekst: Er is een goede overdracht."),
    "begrip": ("kader/begrippen.yaml", "betekenis: Veilig Thuis", "betekenis: Veilig Thuis, advies- en meldpunt"),
}


def snapshot(rendered: pipeline.Rendered) -> tuple[dict[str, str], dict[str, bytes], object, object]:
    return {p.path: p.markdown for p in rendered.pages}, dict(rendered.files), rendered.nav, rendered.glossary


@pytest.mark.parametrize("name", list(EDITS))
def test_render_with_memo_after_an_edit_equals_a_fresh_render(mini: Path, name: str) -> None:
    memo = pipeline.Memo(render=RenderMemo())
    first = snapshot(pipeline.build(mini, OVERRIDES, memo))
    assert memo.render is not None and memo.render.misses > 0

    path, old, new = EDITS[name]
    edit(mini / path, old, new)
    again = snapshot(pipeline.build(mini, OVERRIDES, memo))
    fresh = snapshot(pipeline.build(mini, OVERRIDES))

    assert again == fresh
    assert again != first  # the edit is visible somewhere
    if path.startswith("rapporten/"):
        # a report edit re-renders its own pages and reuses the rest
        assert memo.render.misses > 0 and memo.render.hits > 0


def test_a_template_override_invalidates_every_page(mini: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    memo = pipeline.Memo(render=RenderMemo())
    pipeline.build(mini, overrides, memo)
    card = (ROOT / "generator/templates/rapport.md.j2").read_text("utf-8")
    (overrides / "rapport.md.j2").write_text(card.replace("<dt>Soort</dt>", "<dt>Soort rapport</dt>"), "utf-8")
    rendered = pipeline.build(mini, overrides, memo)
    assert memo.render is not None and memo.render.hits == 0
    assert "<dt>Soort rapport</dt>" in next(p.markdown for p in rendered.pages if p.path == "rapporten/2020-beta.md")


def test_unchanged_content_is_reused_entirely(mini: Path) -> None:
    memo = pipeline.Memo(render=RenderMemo())
    first = snapshot(pipeline.build(mini, OVERRIDES, memo))
    again = snapshot(pipeline.build(mini, OVERRIDES, memo))
    assert again == first
    assert memo.render is not None and memo.render.misses == 0 and memo.render.hits > 0


def test_fingerprint_keys_models_by_identity_and_refuses_what_it_cannot_key() -> None:
    from generator.model import Gemeente

    a = Gemeente(id="a", naam="A")
    same = Gemeente(id="a", naam="A")
    held: list[object] = []
    assert fingerprint([a, {"n": 1}], held) == fingerprint([a, {"n": 1}], held)
    assert fingerprint([a], held) != fingerprint([same], held)  # equal content, other object: not the same input
    assert sum(1 for o in held if o is a) == 3  # held, so its id cannot be reused while keyed
    with pytest.raises(Unkeyable):
        fingerprint({"f": len}, held)


def test_references_are_keyed_by_the_model_objects_they_are_made_from(mini: Path) -> None:
    """An item reference is keyed by its report and item: a new report object (the file changed) is a new key."""
    index = pipeline.collect(mini).index
    ref = index.items[0]
    held: list[object] = []
    key = fingerprint(ref, held)
    assert key == fingerprint(type(ref)(ref.rapport, ref.item, ref.secties, ref.gemeenten), held)
    assert held[:2] == [ref.rapport, ref.item]  # held, so their ids cannot be reused while keyed
    other = ref.rapport.model_copy()
    assert fingerprint(type(ref)(other, ref.item, ref.secties, ref.gemeenten), held) != key
    assert fingerprint(index.items[1], held) != key
    indicator = next(iter(index.indicatoren.values()))
    assert fingerprint(indicator, held) == ("IndicatorRef", id(indicator.kader), id(indicator.indicator))


def test_cached_templates_read_only_shared_content_through_the_index() -> None:
    """A page the memo may reuse reads reports only through its context: through ``index`` it may read only
    what ``render._shared_inputs`` keys (kaders and what follows from them, gemeenten, onderwerpen, begrippen),
    or a save would leave it stale."""
    import re

    from generator.render import CACHED_TEMPLATES, TEMPLATES

    shared = {"kaders", "varianten", "gemeenten", "onderwerpen", "begrippen", "indicatoren", "gemeente_naam", "gemeente_namen"}
    read: dict[str, set[str]] = {}
    for name in [*CACHED_TEMPLATES, "_macros.md.j2"]:
        read[name] = set(re.findall(r"\bindex\.(\w+)", (TEMPLATES / name).read_text("utf-8"))) - shared
    assert not any(read.values()), read
    assert "gemeenten.md.j2" in CACHED_TEMPLATES  # (its report counts come in its context)
