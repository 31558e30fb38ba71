"""What each data store method does to the state once its request is sent (§2).

Results come back as flat tuples in the order the Luau side unpacks them, so a request
crosses the VM boundary without building tables. A value-and-KeyInfo result is
``(value_json, version, created_ms, updated_ms, user_ids_json, metadata_json)``; a key
without a value gives all ``None``; ordered stores have no KeyInfo (``version`` None).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dsm.emulator import catalogue, limits, luaujson
from dsm.emulator.entries import Entries, Latest, Version
from dsm.emulator.errors import EngineError
from dsm.emulator.listing import Listing, Page
from dsm.emulator.ordered import Ordered
from dsm.emulator.settings import Settings
from dsm.emulator.store import Store

ValueResult = tuple[str | None, str | None, int | None, int | None, str | None, str | None]
NO_VALUE: ValueResult = (None, None, None, None, None, None)


@dataclass(frozen=True)
class Target:
    """The key a request names, resolved: data store kind and name, scope, key."""

    ordered: bool
    store: str
    scope: str
    key: str


def version_result(version: Version | None) -> ValueResult:
    if version is None or version.deleted:
        return NO_VALUE
    return (
        version.value,
        version.version,
        version.key_created_ms,
        version.created_ms,
        version.user_ids,
        version.metadata,
    )


def latest_result(latest: Latest | None) -> ValueResult:
    return NO_VALUE if latest is None else version_result(latest.live)


def ordered_result(value: int | None) -> ValueResult:
    return NO_VALUE if value is None else (str(value), None, None, None, None, None)


class Operations:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.entries = Entries(store)
        self.ordered = Ordered(store)
        self.listing = Listing(store, self.entries, self.ordered)
        # Ordered keys have no versions; this counter stands in for one so UpdateAsync can
        # tell that another writer changed the key between its read and its commit.
        self._ordered_writes: dict[tuple[str, str, str], int] = {}

    # Reads -----------------------------------------------------------------------------

    def get(self, target: Target, now_ms: int) -> ValueResult:
        if target.ordered:
            return ordered_result(self.ordered.read(target.store, target.scope, target.key))
        return latest_result(self.entries.read(target.store, target.scope, target.key, now_ms))

    def revision(self, target: Target) -> int:
        if target.ordered:
            return self._ordered_writes.get((target.store, target.scope, target.key), 0)
        return self.entries.revision(target.store, target.scope, target.key)

    def get_version(self, target: Target, version: str, now_ms: int) -> ValueResult:
        return version_result(self.entries.version(target.store, target.scope, target.key, version, now_ms))

    def get_version_at(self, target: Target, timestamp_ms: int, now_ms: int) -> ValueResult:
        return version_result(self.entries.version_at(target.store, target.scope, target.key, timestamp_ms, now_ms))

    def batch_get(self, store: str, scope: str, keys: list[str]) -> dict[str, int]:
        return self.ordered.read_many(store, scope, keys)

    # Writes ----------------------------------------------------------------------------

    def set(self, target: Target, value: str, user_ids: str, metadata: str, now_ms: int) -> ValueResult:
        if target.ordered:
            number = limits.ordered_value(value, self.settings.ordered_non_integer)
            self.ordered.write(target.store, target.scope, target.key, number, now_ms)
            self._bump(target)
            return ordered_result(number)
        latest = self.entries.write(
            target.store, target.scope, target.key, now_ms, value=value, user_ids=user_ids, metadata=metadata
        )
        return latest_result(latest)

    def _bump(self, target: Target) -> None:
        name = (target.store, target.scope, target.key)
        self._ordered_writes[name] = self._ordered_writes.get(name, 0) + 1

    def increment(self, target: Target, delta: int, user_ids: str, metadata: str, now_ms: int) -> ValueResult:
        current_text = self.get(target, now_ms)[0]
        current: Any = 0
        if current_text is not None:
            try:
                current = luaujson.decode(current_text)
            except json.JSONDecodeError:
                current = None
        if isinstance(current, bool) or not isinstance(current, int | float) or current != int(current):
            raise EngineError("IncrementAsync: the key's value is not an integer, so it can't be incremented.")
        return self.set(target, luaujson.number_text(int(current) + delta), user_ids, metadata, now_ms)

    def remove(self, target: Target, now_ms: int) -> ValueResult:
        """Tombstones a standard key (returns what it held); deletes an ordered key for good."""
        if target.ordered:
            previous = self.ordered.remove(target.store, target.scope, target.key, now_ms)
            if previous is not None:
                self._bump(target)
            return ordered_result(previous)
        latest = self.entries.read(target.store, target.scope, target.key, now_ms)
        previous_result = latest_result(latest)
        if previous_result[0] is None:
            return NO_VALUE
        self.entries.write(target.store, target.scope, target.key, now_ms, value=None)
        return previous_result

    def remove_version(self, target: Target, version: str, now_ms: int) -> None:
        self.entries.remove_version(target.store, target.scope, target.key, version, now_ms)

    def concurrent_write(self, target: Target, now_ms: int, value: str | None = None) -> None:
        """Another game server writes the key: ``value`` (JSON), or rewrites what it holds
        (a new version with the same data; nothing when the key has no value)."""
        if target.ordered:
            if value is not None:
                number = limits.ordered_value(value, self.settings.ordered_non_integer)
                self.ordered.write(target.store, target.scope, target.key, number, now_ms)
            self._bump(target)
            return
        latest = self.entries.read(target.store, target.scope, target.key, now_ms)
        live = None if latest is None else latest.live
        if value is None and (live is None or live.value is None):
            return
        self.entries.write(
            target.store,
            target.scope,
            target.key,
            now_ms,
            value=value if value is not None else live.value if live else None,
            user_ids=live.user_ids if live else "[]",
            metadata=live.metadata if live else "{}",
        )

    # Listing ---------------------------------------------------------------------------

    def list_keys(
        self, store: str, scope: str | None, *, prefix: str, cursor: str, size: int, exclude_deleted: bool, now_ms: int
    ) -> Page:
        return self.listing.keys(
            store,
            scope,
            prefix,
            cursor,
            size,
            exclude_deleted=exclude_deleted,
            scan_max=catalogue.load().limit("deleted_scan_max"),
            now_ms=now_ms,
        )

    def list_versions(
        self, target: Target, *, cursor: str, size: int, ascending: bool, min_ms: int, max_ms: int, now_ms: int
    ) -> Page:
        page = self.listing.versions(
            target.store,
            target.scope,
            target.key,
            cursor,
            size,
            ascending=ascending,
            min_ms=min_ms,
            max_ms=max_ms,
            now_ms=now_ms,
        )
        items = [[item.version, item.created_ms, item.deleted, item.seq] for item in page.items]
        return Page(items, page.cursor)

    def list_datastores(self, prefix: str, cursor: str, size: int) -> Page:
        page = self.listing.datastores(prefix, cursor, size)
        return Page([list(item) for item in page.items], page.cursor)

    def sorted(
        self, target: Target, *, cursor: str, size: int, ascending: bool, minimum: int | None, maximum: int | None
    ) -> Page:
        page = self.listing.sorted(
            target.store, target.scope, cursor, size, ascending=ascending, minimum=minimum, maximum=maximum
        )
        return Page([list(item) for item in page.items], page.cursor)
