"""Open data: the complete content as JSON and the linked items as CSV.

Whole-site files and one pair per gemeente, plus the JSON Schemas, so
others can reuse the data without scraping the site.
"""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from itertools import groupby
from typing import Any

from . import model as m
from .index import Index, ItemRef
from .rendermemo import RenderMemo, reuse
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


def export_files(index: Index, memo: RenderMemo | None = None) -> dict[str, bytes]:
    """Every data file of the site, by path below the site root.

    With a ``memo`` (``mkdocs serve``), per-gemeente files and per-report
    records whose model objects did not change are reused.
    """
    files: dict[str, bytes] = {}
    files["data/kader-in-de-praktijk.json"] = whole_json(index, memo)
    files["data/items.csv"] = items_csv(index, memo)
    for gemeente_id in sorted(index.gemeenten):
        gemeente = index.gemeenten[gemeente_id]
        rapporten = index.rapporten_per_gemeente.get(gemeente_id, [])
        refs = index.items_per_gemeente.get(gemeente_id, [])
        path = f"data/gemeenten/{gemeente_id}"
        files[f"{path}.json"] = reuse(
            memo, f"{path}.json", (gemeente, rapporten, refs), partial(_gemeente_json, index, gemeente, rapporten, refs)
        )
        files[f"{path}.csv"] = reuse(memo, f"{path}.csv", (gemeente, refs), partial(_csv, index, refs))
    for name, text in schema_texts().items():
        files[f"data/schema/{name}"] = text.encode("utf-8")
    return files


def _gemeente_json(index: Index, gemeente: m.Gemeente, rapporten: list[m.Rapport], refs: list[ItemRef]) -> bytes:
    return _json(
        {
            "gemeente": gemeente.model_dump(mode="json"),
            "rapporten": [r.id for r in rapporten],
            "items": [item_record(index, ref) for ref in refs],
        }
    )


def whole(index: Index) -> dict[str, list[Any]]:
    """The complete content: every kader, variant, report, gemeente, onderwerp and begrip."""
    return {
        "kaders": list(index.kaders.values()),
        "varianten": list(index.varianten.values()),
        "rapporten": list(index.rapporten.values()),
        "gemeenten": list(index.gemeenten.values()),
        "onderwerpen": list(index.onderwerpen.values()),
        "begrippen": list(index.begrippen.values()),
    }


def whole_json(index: Index, memo: RenderMemo | None = None) -> bytes:
    """``whole`` as JSON, the same bytes as ``json.dumps`` of it; with a ``memo`` (``mkdocs serve``) put together
    from the JSON of each object, kept while the object is the same (a save changes one report of thousands)."""

    def dump(name: str, o: Any) -> str:
        return reuse(memo, name, o, lambda: json.dumps(o.model_dump(mode="json"), ensure_ascii=False))

    parts = [
        f"{json.dumps(kind)}: [" + ", ".join(dump(f"{kind}:{n}", o) for n, o in enumerate(objects)) + "]"
        for kind, objects in whole(index).items()
    ]
    return ("{" + ", ".join(parts) + "}\n").encode("utf-8")


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
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


# A spreadsheet reads a cell that begins with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ' before it.

    Only the CSV files are changed this way; the JSON keeps every value exactly.
    """
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(index: Index, refs: list[ItemRef]) -> bytes:
    return _csv_file([_csv_rows(index, refs)])


def _csv_file(rows: list[str]) -> bytes:
    header = ",".join(CSV_COLUMNS) + "\r\n"  # (no column name needs quoting)
    return ("\ufeff" + header + "".join(rows)).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def _csv_rows(index: Index, refs: list[ItemRef]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    for ref in refs:
        record = item_record(index, ref)
        record["indicatoren"] = " ".join(record["indicatoren"])
        record["onderwerpen"] = " ".join(record["onderwerpen"])
        writer.writerow({key: csv_cell(value) for key, value in record.items()})
    return buffer.getvalue()


def items_csv(index: Index, memo: RenderMemo | None = None) -> bytes:
    """Every item as a CSV row; with a ``memo`` the rows of a report are kept while its items are the same."""
    rows = []
    for rapport_id, run in groupby(index.items, key=lambda ref: ref.rapport.id):
        refs = list(run)
        rows.append(reuse(memo, f"items.csv:{rapport_id}", refs, partial(_csv_rows, index, refs)))
    return _csv_file(rows)
