"""Seeding and export: the JSON state format of docs/emulator.md.

    {"datastores": [{"name": "PlayerData", "scope": "global",
                     "entries": {"Player_1": {"value": {...}, "userIds": [1], "metadata": {"k": "v"}}}}],
     "ordered": [{"name": "Leaderboard", "scope": "global", "entries": {"Player_1": 42}}]}

``scope`` defaults to ``global``; ``userIds`` and ``metadata`` are optional. Seeding
writes each entry as a new version at the current time, in one transaction, with the
checks a script's SetAsync meets (key and name lengths, value size, metadata limits).
Export writes the latest value of every key that has one.

A seed is checked and encoded once (``prepare``) and then written as many times as the
runtime resets, each time in bulk: a seed of 100,000 keys is one statement per table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dsm.emulator import catalogue, limits, luaujson
from dsm.emulator.errors import EngineError
from dsm.emulator.store import ORDERED, STANDARD

if TYPE_CHECKING:
    from dsm.emulator.operations import Operations


GLOBAL_SCOPE = "u"


class SeedError(EngineError):
    """A seed that does not follow the format; the message names where (``line`` when JSON is broken)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


# (name, scope, key, value, user ids, metadata) with the last three as stored JSON text.
StandardRow = tuple[str, str, str, str, str, str]
# (name, scope, key, value).
OrderedRow = tuple[str, str, str, int]

_ENTRY_FIELDS = frozenset({"value", "userIds", "metadata"})


@dataclass(frozen=True, slots=True)
class Seed:
    """A checked seed, ready to write: every entry's value and attributes encoded once."""

    standard: list[StandardRow]
    ordered: list[OrderedRow]


def parse(text: str, *, source: str = "seed") -> Seed:
    try:
        data = luaujson.decode(text)
    except json.JSONDecodeError as error:
        raise SeedError(
            f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})", line=error.lineno
        ) from None
    return prepare(data, source)


def check(data: Any, source: str = "seed") -> None:
    """Raises SeedError for the first thing in ``data`` that does not follow the format."""
    prepare(data, source)


def prepare(data: Any, source: str = "seed") -> Seed:
    """``data`` (the seed format, decoded) checked entry by entry and encoded for writing.

    Raises SeedError naming the first thing that does not follow the format or that
    SetAsync would refuse. A Seed is returned as it is.
    """
    if isinstance(data, Seed):
        return data
    standard: list[StandardRow] = []
    ordered: list[OrderedRow] = []
    for section, name, scope, entries, where in _stores(data, source):
        if section == "ordered":
            ordered.extend(_ordered_rows(name, scope, entries, where))
        else:
            standard.extend(_standard_rows(name, scope, entries, where))
    return Seed(standard, ordered)


def _stores(data: Any, source: str) -> Iterator[tuple[str, str, str, dict[str, Any], str]]:
    """Every data store of the seed, checked: (section, name, scope, entries, where)."""
    if isinstance(data, list) and not data:
        # An empty Luau table is written `[]`: the empty state.
        return
    if not isinstance(data, dict):
        raise SeedError(f'{source}: must be an object with "datastores" and/or "ordered" lists')
    unknown = set(data) - {"datastores", "ordered"}
    if unknown:
        raise SeedError(f'{source}: unknown field(s) {", ".join(sorted(unknown))} (expected "datastores", "ordered")')
    for section in ("datastores", "ordered"):
        stores = data.get(section, [])
        if isinstance(stores, dict) and not stores:
            continue
        if not isinstance(stores, list):
            raise SeedError(f"{source}: {section} must be a list of data stores")
        for index, store in enumerate(stores):
            where = f"{source}: {section}[{index}]"
            yield (section, *_store(store, where, ordered=section == "ordered"), where)


def _store(store: Any, where: str, *, ordered: bool) -> tuple[str, str, dict[str, Any]]:
    if not isinstance(store, dict):
        raise SeedError(f'{where} must be an object with "name", "scope" and "entries"')
    unknown = set(store) - {"name", "scope", "entries"}
    if unknown:
        raise SeedError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name, scope = store.get("name"), store.get("scope", limits.DEFAULT_SCOPE)
    if not isinstance(name, str) or not isinstance(scope, str):
        raise SeedError(f"{where}: name and scope must be strings")
    entries = store.get("entries", {})
    if isinstance(entries, list) and not entries:
        entries = {}
    if not isinstance(entries, dict):
        raise SeedError(f"{where}: entries must be an object of key name to entry")
    try:
        # The global data store (GetGlobalDataStore) has no name; it is the scope "u".
        if ordered or name != "" or scope != GLOBAL_SCOPE:
            limits.check_store_name(name)
        limits.check_scope(scope)
    except EngineError as error:
        raise SeedError(f"{where}: {error.message}") from None
    return name, scope, entries


def _standard_rows(name: str, scope: str, entries: dict[str, Any], where: str) -> Iterator[StandardRow]:
    limit = catalogue.load()
    value_limit, max_user_ids = limit.limit("value_bytes"), limit.limit("user_ids")
    for key, entry in entries.items():
        try:
            limits.check_key(key)
            if not isinstance(entry, dict) or "value" not in entry:
                raise SeedError('must be an object with a "value" (and optional "userIds", "metadata")')
            if len(entry) > 1 and not _ENTRY_FIELDS.issuperset(entry):
                raise SeedError(f"unknown field(s) {', '.join(sorted(set(entry) - _ENTRY_FIELDS))}")
            if entry["value"] is None:
                raise SeedError('"value" must not be null (a key without a value does not exist)')
            value = luaujson.encode(entry["value"])
            limits.check_value_size(value, value_limit)
            # Absent attributes are the stored empty forms; present ones get SetAsync's checks.
            user_ids = limits.user_ids_text(entry["userIds"], max_user_ids) if "userIds" in entry else "[]"
            metadata = limits.metadata_text(entry["metadata"]) if "metadata" in entry else "{}"
        except EngineError as error:
            raise SeedError(f'{where}.entries["{key}"]: {error.message}') from None
        yield (name, scope, key, value, user_ids, metadata)


def _ordered_rows(name: str, scope: str, entries: dict[str, Any], where: str) -> Iterator[OrderedRow]:
    for key, entry in entries.items():
        try:
            limits.check_key(key)
            if isinstance(entry, bool) or not isinstance(entry, int | float):
                raise SeedError("an ordered data store's value must be an integer")
            if isinstance(entry, float) and not entry.is_integer():  # also NaN and the infinities
                raise SeedError("an ordered data store's value must be an integer")
        except EngineError as error:
            raise SeedError(f'{where}.entries["{key}"]: {error.message}') from None
        yield (name, scope, key, int(entry))


def apply(ops: Operations, seed: Seed, now_ms: int) -> None:
    """Writes every entry of ``seed`` in one transaction, each as SetAsync would write it."""
    with ops.store.transaction():
        ops.entries.write_many(seed.standard, now_ms)
        ops.ordered.write_many(seed.ordered, now_ms)


def export(ops: Operations) -> dict[str, Any]:
    """Every key's latest value, grouped by data store and scope, sorted."""
    db = ops.store.db
    standard: dict[tuple[str, str], dict[str, Any]] = {}
    rows = db.execute(
        "SELECT d.name, e.scope, e.key, v.value, v.user_ids, v.metadata FROM entries e "
        "JOIN datastores d ON d.id = e.store_id JOIN versions v ON v.seq = e.latest_seq "
        "WHERE d.kind = ? AND e.deleted = 0 AND v.value IS NOT NULL ORDER BY d.name, e.scope, e.key",
        (STANDARD,),
    )
    for name, scope, key, value, user_ids, metadata in rows:
        entry: dict[str, Any] = {"value": luaujson.decode(value)}
        ids = luaujson.decode(user_ids)
        attributes = luaujson.decode(metadata)
        if ids:
            entry["userIds"] = ids
        if attributes:
            entry["metadata"] = attributes
        standard.setdefault((name, scope), {})[key] = entry
    ordered: dict[tuple[str, str], dict[str, int]] = {}
    for name, scope, key, value in db.execute(
        "SELECT d.name, o.scope, o.key, o.value FROM ordered_entries o JOIN datastores d ON d.id = o.store_id "
        "WHERE d.kind = ? ORDER BY d.name, o.scope, o.key",
        (ORDERED,),
    ):
        ordered.setdefault((name, scope), {})[key] = int(value)
    return {
        "datastores": [
            {"name": name, "scope": scope, "entries": entries} for (name, scope), entries in standard.items()
        ],
        "ordered": [{"name": name, "scope": scope, "entries": entries} for (name, scope), entries in ordered.items()],
    }
