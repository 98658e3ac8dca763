"""The JSON Schemas in schema/ match the model, and every data file points its editor at one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from generator.load import content_files, kind_of
from generator.schema import schema_texts


def test_shipped_schemas_equal_the_generated_ones() -> None:
    """Run `make schema` after changing generator/model.py; this test fails until you do."""
    for name, text in schema_texts().items():
        shipped = ROOT / "schema" / name
        assert shipped.exists(), f"schema/{name} ontbreekt"
        assert shipped.read_text("utf-8") == text, f"schema/{name} is verouderd: draai `make schema`"


@pytest.mark.parametrize("path", list(content_files(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_has_its_schema_line(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    kind = kind_of(rel)
    assert kind is not None
    depth = rel.count("/")
    expected = f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json"
    assert path.read_text("utf-8").splitlines()[0] == expected


def test_schema_knows_the_allowed_block_kinds() -> None:
    import json

    schema = json.loads(schema_texts()["rapport.schema.json"])
    kinds = {d["properties"]["soort"]["const"] for name, d in schema["$defs"].items() if "soort" in d.get("properties", {})}
    assert kinds == {"tekst", "bevinding", "goed_voorbeeld", "aanbeveling", "aanbevelingen", "citaat", "casus"}
