"""Pages and cursors: ListKeysAsync, ListDataStoresAsync, ListVersionsAsync, GetSortedAsync.

A cursor is an exclusive start key: the next page starts after the last item of this
one. Pages are read lazily, one request each, so writes between pages show up as they do
in Roblox. Cursors are opaque to scripts; one that does not decode is Roblox's
``InvalidExclusiveStartKey``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from dsm.emulator import versions
from dsm.emulator.entries import Entries, Version
from dsm.emulator.errors import engine_error
from dsm.emulator.ordered import Ordered
from dsm.emulator.store import STANDARD, Store

START = "start"


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    cursor: str
    """Empty when this is the last page."""


def encode_cursor(kind: str, position: list[Any] | None) -> str:
    payload = json.dumps([kind, position], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> list[Any] | None:
    """The position a cursor of ``kind`` holds (None for the start)."""
    if cursor == "":
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found, position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, TypeError):
        raise engine_error("InvalidExclusiveStartKey") from None
    if found != kind or not (position is None or isinstance(position, list)):
        raise engine_error("InvalidExclusiveStartKey")
    return position


def _prefix_bound(prefix: str) -> str | None:
    """The smallest string above every string starting with ``prefix`` (None: no bound)."""
    if prefix == "" or ord(prefix[-1]) >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _range(column: str, prefix: str, clauses: list[str], params: list[object]) -> None:
    if prefix:
        clauses.append(f"{column} >= ?")
        params.append(prefix)
        bound = _prefix_bound(prefix)
        if bound is not None:
            clauses.append(f"{column} < ?")
            params.append(bound)


class Listing:
    def __init__(self, store: Store, entries: Entries, ordered: Ordered) -> None:
        self.store = store
        self.entries = entries
        self.ordered = ordered

    def keys(
        self,
        name: str,
        scope: str | None,
        prefix: str,
        cursor: str,
        page_size: int,
        *,
        exclude_deleted: bool,
        scan_max: int,
        now_ms: int,
    ) -> Page:
        """Key names of one page; with ``scope=None`` (AllScopes) they read ``scope/key``."""
        position = decode_cursor("k", cursor)
        if position is not None and (len(position) != 2 or not all(isinstance(part, str) for part in position)):
            raise engine_error("InvalidExclusiveStartKey")
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return Page([], "")
        clauses = ["store_id = ?", "NOT (deleted = 1 AND updated_ms <= ?)"]
        params: list[object] = [store_id, now_ms - versions.retention_ms()]
        if scope is not None:
            clauses.append("scope = ?")
            params.append(scope)
            _range("key", prefix, clauses, params)
        elif "/" in prefix:
            scope_prefix, _, key_prefix = prefix.partition("/")
            clauses.append("scope = ?")
            params.append(scope_prefix)
            _range("key", key_prefix, clauses, params)
        else:
            _range("scope", prefix, clauses, params)
        if position is not None and scope is not None:
            # With the scope fixed, compare the key alone: SQLite then walks the primary key in order.
            clauses.append("key > ?")
            params.append(position[1])
        elif position is not None:
            clauses.append("(scope, key) > (?, ?)")
            params.extend(position)
        fetch = scan_max if exclude_deleted else page_size
        rows = self.store.db.execute(
            f"SELECT scope, key, deleted FROM entries WHERE {' AND '.join(clauses)} ORDER BY scope, key LIMIT ?",
            (*params, fetch + 1),
        ).fetchall()
        more = len(rows) > fetch
        rows = rows[:fetch]
        names: list[str] = []
        last: tuple[str, str] | None = None
        for row_scope, row_key, deleted in rows:
            last = (str(row_scope), str(row_key))
            if exclude_deleted and deleted:
                continue
            names.append(row_key if scope is not None else f"{row_scope}/{row_key}")
            if len(names) == page_size:
                more = more or last != (rows[-1][0], rows[-1][1])
                break
        next_cursor = encode_cursor("k", list(last)) if more and last is not None else ""
        return Page(names, next_cursor)

    def datastores(self, prefix: str, cursor: str, page_size: int) -> Page:
        """Standard data stores holding at least one key: (name, created_ms, updated_ms)."""
        position = decode_cursor("d", cursor)
        if position is not None and (len(position) != 1 or not isinstance(position[0], str)):
            raise engine_error("InvalidExclusiveStartKey")
        # The global data store (GetGlobalDataStore) has no name of its own and is not listed.
        clauses = ["kind = ?", "name != ''", "EXISTS (SELECT 1 FROM entries e WHERE e.store_id = d.id)"]
        params: list[object] = [STANDARD]
        _range("name", prefix, clauses, params)
        if position is not None:
            clauses.append("name > ?")
            params.append(position[0])
        rows = self.store.db.execute(
            f"SELECT name, created_ms, updated_ms FROM datastores d WHERE {' AND '.join(clauses)} "
            "ORDER BY name LIMIT ?",
            (*params, page_size + 1),
        ).fetchall()
        more = len(rows) > page_size
        rows = rows[:page_size]
        items = [(str(name), int(created), int(updated)) for name, created, updated in rows]
        next_cursor = encode_cursor("d", [items[-1][0]]) if more and items else ""
        return Page(items, next_cursor)

    def versions(
        self,
        name: str,
        scope: str,
        key: str,
        cursor: str,
        page_size: int,
        *,
        ascending: bool,
        min_ms: int,
        max_ms: int,
        now_ms: int,
    ) -> Page:
        position = decode_cursor("v", cursor)
        after: tuple[int, int] | None = None
        if position is not None:
            if len(position) != 2 or not all(isinstance(part, int) for part in position):
                raise engine_error("InvalidExclusiveStartKey")
            after = (position[0], position[1])
        found: list[Version] = self.entries.versions_page(
            name,
            scope,
            key,
            ascending=ascending,
            min_ms=min_ms,
            max_ms=max_ms,
            after=after,
            limit=page_size + 1,
            now_ms=now_ms,
        )
        more = len(found) > page_size
        found = found[:page_size]
        next_cursor = encode_cursor("v", [found[-1].created_ms, found[-1].seq]) if more and found else ""
        return Page(found, next_cursor)

    def sorted(
        self,
        name: str,
        scope: str,
        cursor: str,
        page_size: int,
        *,
        ascending: bool,
        minimum: int | None,
        maximum: int | None,
    ) -> Page:
        position = decode_cursor("o", cursor)
        after: tuple[int, str] | None = None
        if position is not None:
            if len(position) != 2 or not isinstance(position[0], int) or not isinstance(position[1], str):
                raise engine_error("InvalidExclusiveStartKey")
            after = (position[0], position[1])
        found = self.ordered.sorted_page(
            name, scope, ascending=ascending, minimum=minimum, maximum=maximum, after=after, limit=page_size + 1
        )
        more = len(found) > page_size
        found = found[:page_size]
        next_cursor = encode_cursor("o", [found[-1][1], found[-1][0]]) if more and found else ""
        return Page(found, next_cursor)


def shorten(page: Page, keep: int, position_of: Any, kind: str, start: str) -> Page:
    """The page cut to its first ``keep`` items, its cursor continuing after them.

    Roblox may return fewer items than asked even when more exist (a page reads one
    partition); the ``shortpage`` fault uses this. An empty short page continues from
    where this one started (``start``, the request's own cursor).
    """
    if keep >= len(page.items):
        return page
    if keep == 0:
        return Page([], start or encode_cursor(kind, None))
    return Page(page.items[:keep], encode_cursor(kind, position_of(page.items[keep - 1])))
