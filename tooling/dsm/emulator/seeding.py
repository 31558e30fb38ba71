"""Seeding and export: the JSON state format of docs/emulator.md.

    {"datastores": [{"name": "PlayerData", "scope": "global",
                     "entries": {"Player_1": {"value": {...}, "userIds": [1], "metadata": {"k": "v"}}}}],
     "ordered": [{"name": "Leaderboard", "scope": "global", "entries": {"Player_1": 42}}]}

``scope`` defaults to ``global``; ``userIds`` and ``metadata`` are optional. Seeding
writes each entry as a new version at the current time, in one transaction, with the
checks a script's SetAsync meets (key and name lengths, value size, metadata limits).
Export writes the latest value of every key that has one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def parse(text: str, *, source: str = "seed") -> dict[str, Any]:
    try:
        data = luaujson.decode(text)
    except json.JSONDecodeError as error:
        raise SeedError(
            f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})", line=error.lineno
        ) from None
    check(data, source)
    return data  # type: ignore[no-any-return]


def check(data: Any, source: str = "seed") -> None:
    """Raises SeedError for the first thing in ``data`` that does not follow the format."""
    for _ in rows(data, source):
        pass


Row = tuple[str, str, str, str, str, str, str]


def rows(data: Any, source: str = "seed") -> Iterator[Row]:
    """Every entry, checked: (section, name, scope, key, value, user ids, metadata) with
    the value and attributes as JSON text (an ordered entry's value is its integer)."""
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
            yield from _store_rows(store, f"{source}: {section}[{index}]", section)


def _store_rows(store: Any, where: str, section: str) -> Iterator[Row]:
    ordered = section == "ordered"
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
    for key, entry in entries.items():
        yield (section, name, scope, key, *_entry_row(key, entry, f'{where}.entries["{key}"]', ordered))


def _entry_row(key: str, entry: Any, where: str, ordered: bool) -> tuple[str, str, str]:
    try:
        limits.check_key(key)
        if ordered:
            if isinstance(entry, bool) or not isinstance(entry, int | float) or entry != int(entry):
                raise SeedError("an ordered data store's value must be an integer")
            return str(int(entry)), "[]", "{}"
        if not isinstance(entry, dict) or "value" not in entry:
            raise SeedError('must be an object with a "value" (and optional "userIds", "metadata")')
        unknown = set(entry) - {"value", "userIds", "metadata"}
        if unknown:
            raise SeedError(f"unknown field(s) {', '.join(sorted(unknown))}")
        if entry["value"] is None:
            raise SeedError('"value" must not be null (a key without a value does not exist)')
        limit = catalogue.load()
        value = luaujson.encode(entry["value"])
        limits.check_value_size(value, limit.limit("value_bytes"))
        user_ids = limits.parse_user_ids(luaujson.encode(entry.get("userIds", [])), limit.limit("user_ids"))
        metadata = limits.parse_metadata(luaujson.encode(entry.get("metadata", {})))
    except EngineError as error:
        raise SeedError(f"{where}: {error.message}") from None
    return value, user_ids, metadata


def apply(ops: Operations, data: dict[str, Any], now_ms: int) -> None:
    """Writes every entry of ``data`` in one transaction; nothing when any entry is wrong."""
    with ops.store.transaction():
        for section, name, scope, key, value, user_ids, metadata in rows(data):
            if section == "ordered":
                ops.ordered.write(name, scope, key, int(value), now_ms)
                continue
            ops.entries.write(name, scope, key, now_ms, value=value, user_ids=user_ids, metadata=metadata)


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
