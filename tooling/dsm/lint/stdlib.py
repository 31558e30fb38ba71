"""The globals a Luau file may use: ``data/std.json`` (see ``stdgen``) plus Roblox's enums."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "std.json"

# Methods every Enum type has besides its items (https://create.roblox.com/docs/reference/engine/datatypes/Enum).
ENUM_METHODS = frozenset({"GetEnumItems", "FromName", "FromValue"})


@dataclass
class Std:
    globals: dict[str, frozenset[str] | None]
    """Each global with its closed set of members, or None when any member may be read."""
    spec_globals: frozenset[str]
    _enums: dict[str, frozenset[str]] | None = field(default=None, repr=False)

    def enums(self) -> dict[str, frozenset[str]]:
        """Enum types and their items, from the reflection data (loaded on first use)."""
        if self._enums is None:
            from dsm import reflection

            self._enums = {name: frozenset(items) for name, items in reflection.load().enums.items()}
        return self._enums


@cache
def load() -> Std:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    globals_ = {name: None if members is None else frozenset(members) for name, members in raw["globals"].items()}
    return Std(globals_, frozenset(raw["spec_globals"]))
