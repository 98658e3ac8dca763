"""JSON Schema for each kind of content file, generated from the model.

The files in ``schema/`` are shipped in the repository so a maintainer's
editor (via the ``# yaml-language-server: $schema=…`` line) validates and
completes while typing. A test checks that the shipped files equal what this
module generates, so they cannot drift from the model.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from . import model as m

SCHEMAS: dict[str, type[BaseModel]] = {
    "kader": m.Kader,
    "variant": m.Variant,
    "rapport": m.Rapport,
    "gemeenten": m.GemeentenBestand,
    "onderwerpen": m.OnderwerpenBestand,
    "begrippen": m.BegrippenBestand,
}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, for every kind of content file."""
    texts = {}
    for kind, model_class in SCHEMAS.items():
        schema = model_class.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        texts[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    """Write all schemas into ``folder`` (the repository's ``schema/``)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
