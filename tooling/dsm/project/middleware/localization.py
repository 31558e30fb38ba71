"""``.csv`` → LocalizationTable whose ``Contents`` is the JSON Roblox expects (Rojo's ``csv.rs``).

The first row names the columns: ``Key``, ``Source``, ``Context`` and ``Example`` are special,
any other column is a locale. Empty cells are skipped and rows without Key and Source dropped.
Like Rust's ``csv`` reader, every row must have as many fields as the header.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError
from dsm.project.fs import Listing, read_text
from dsm.project.middleware.meta import apply_adjacent

_SPECIAL = {"Key": "key", "Source": "source", "Context": "context", "Example": "example"}
_FIELD_ORDER = ("key", "context", "example", "source")


def contents(text: str, path: str) -> str:
    """The ``Contents`` JSON for a localization CSV; ragged rows are an error naming the line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    entries: list[dict[str, Any]] = []
    try:
        for row in reader:
            if not row:
                continue  # blank lines are skipped, as the csv crate does
            if header is None:
                header = row
                continue
            if len(row) != len(header):
                raise ProjectError(
                    f"this row has {len(row)} fields but the header has {len(header)}; every row needs one "
                    "field per column (leave a field empty with nothing between the commas)",
                    path=path,
                    line=reader.line_num,
                )
            entry: dict[str, Any] = {}
            values: dict[str, str] = {}
            for column, value in zip(header, row, strict=True):
                if not column or not value:
                    continue
                special = _SPECIAL.get(column)
                if special:
                    entry[special] = value
                else:
                    values[column] = value
            if "key" not in entry and "source" not in entry:
                continue
            ordered = {name: entry[name] for name in _FIELD_ORDER if name in entry}
            ordered["values"] = dict(sorted(values.items()))
            entries.append(ordered)
    except csv.Error as error:
        raise ProjectError(f"malformed CSV: {error}", path=path, line=reader.line_num) from None
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def localization_table(path: str, name: str) -> Instance:
    text = read_text(path, "CSV file")
    return Instance("LocalizationTable", name, {"Contents": v.String(contents(text, path))})


def snapshot_csv(state: BuildState, _ctx: Context, path: str, name: str, listing: Listing | None) -> Instance:
    instance = localization_table(path, name)
    apply_adjacent(state, instance, path, name, listing)
    return instance
