"""Open data: the complete content as JSON and the linked items as CSV.

Whole-site files and one pair per gemeente, plus the JSON Schemas, so
others can reuse the data without scraping the site.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import model as m
from .index import Index, ItemRef
from .schema import schema_texts

CSV_COLUMNS = [
    "rapport",
    "rapport_titel",
    "jaar",
    "gemeente",
    "regio",
    "soort",
    "id",
    "oordeel",
    "waarneming",
    "nummer",
    "titel",
    "tekst",
    "indicatoren",
    "onderwerpen",
]


def export_files(index: Index) -> dict[str, bytes]:
    """Every data file of the site, by path below the site root."""
    files: dict[str, bytes] = {}
    files["data/kader-in-de-praktijk.json"] = _json(whole(index))
    files["data/items.csv"] = _csv(index, index.items)
    for gemeente_id in sorted(index.gemeenten):
        refs = index.items_per_gemeente.get(gemeente_id, [])
        files[f"data/gemeenten/{gemeente_id}.json"] = _json(
            {
                "gemeente": index.gemeenten[gemeente_id].model_dump(mode="json"),
                "rapporten": [r.id for r in index.rapporten_per_gemeente.get(gemeente_id, [])],
                "items": [item_record(index, ref) for ref in refs],
            }
        )
        files[f"data/gemeenten/{gemeente_id}.csv"] = _csv(index, refs)
    for name, text in schema_texts().items():
        files[f"data/schema/{name}"] = text.encode("utf-8")
    return files


def whole(index: Index) -> dict[str, Any]:
    return {
        "kaders": [k.model_dump(mode="json") for k in index.kaders.values()],
        "varianten": [v.model_dump(mode="json") for v in index.varianten.values()],
        "rapporten": [r.model_dump(mode="json") for r in index.rapporten.values()],
        "gemeenten": [g.model_dump(mode="json") for g in index.gemeenten.values()],
        "onderwerpen": [o.model_dump(mode="json") for o in index.onderwerpen.values()],
        "begrippen": [b.model_dump(mode="json") for b in index.begrippen.values()],
    }


def item_record(index: Index, ref: ItemRef) -> dict[str, Any]:
    """One finding, example, recommendation or case with its links, flat."""
    item = ref.item
    gemeente = index.gemeenten.get(ref.gemeenten[0]) if ref.gemeenten else None
    return {
        "rapport": ref.rapport.id,
        "rapport_titel": ref.rapport.titel,
        "jaar": ref.rapport.jaar,
        "gemeente": " ".join(ref.gemeenten),
        "regio": (gemeente.regio if gemeente and gemeente.regio else ref.rapport.regio) or "",
        "soort": item.soort,
        "id": item.id,
        "oordeel": item.oordeel if isinstance(item, m.Bevinding) else "",
        "waarneming": item.waarneming if isinstance(item, m.GoedVoorbeeld) else "",
        "nummer": item.nummer if isinstance(item, m.Aanbeveling) and item.nummer is not None else "",
        "titel": getattr(item, "titel", None) or "",
        "tekst": item.tekst,
        "indicatoren": item.indicatoren,
        "onderwerpen": item.onderwerpen,
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _csv(index: Index, refs: list[ItemRef]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for ref in refs:
        record = item_record(index, ref)
        record["indicatoren"] = " ".join(record["indicatoren"])
        record["onderwerpen"] = " ".join(record["onderwerpen"])
        writer.writerow(record)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
