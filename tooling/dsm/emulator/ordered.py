"""Ordered data stores (§2.3): integer values, no versions, sorted pages.

Writes overwrite and RemoveAsync deletes for good. Sorted pages order by value, then by
key (descending pages reverse both); the tie order Roblox uses is undocumented, and key
order keeps pages stable.
"""

from __future__ import annotations

from collections.abc import Iterable

from dsm.emulator.store import ORDERED, Store


class Ordered:
    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self, name: str, scope: str, key: str) -> int | None:
        store_id = self.store.store_id(ORDERED, name)
        if store_id is None:
            return None
        row = self.store.db.execute(
            "SELECT value FROM ordered_entries WHERE store_id = ? AND scope = ? AND key = ?", (store_id, scope, key)
        ).fetchone()
        return None if row is None else int(row[0])

    def read_many(self, name: str, scope: str, keys: list[str]) -> dict[str, int]:
        store_id = self.store.store_id(ORDERED, name)
        if store_id is None or not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        rows = self.store.db.execute(
            f"SELECT key, value FROM ordered_entries WHERE store_id = ? AND scope = ? AND key IN ({marks})",
            (store_id, scope, *keys),
        ).fetchall()
        return {str(key): int(value) for key, value in rows}

    def write(self, name: str, scope: str, key: str, value: int, now_ms: int) -> None:
        with self.store.transaction() as db:
            store_id = self.store.touch_store(ORDERED, name, now_ms)
            db.execute(
                "INSERT INTO ordered_entries (store_id, scope, key, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (store_id, scope, key) DO UPDATE SET value = excluded.value",
                (store_id, scope, key, value),
            )

    def write_many(self, rows: Iterable[tuple[str, str, str, int]], now_ms: int) -> None:
        """Writes each ``(name, scope, key, value)`` row as ``write`` would (a key named twice
        keeps the later value), in one transaction and one statement."""
        with self.store.transaction() as db:
            store_ids: dict[str, int] = {}
            params: list[tuple[int, str, str, int]] = []
            for name, scope, key, value in rows:
                store_id = store_ids.get(name)
                if store_id is None:
                    store_id = store_ids[name] = self.store.touch_store(ORDERED, name, now_ms)
                params.append((store_id, scope, key, value))
            db.executemany(
                "INSERT INTO ordered_entries (store_id, scope, key, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (store_id, scope, key) DO UPDATE SET value = excluded.value",
                params,
            )

    def remove(self, name: str, scope: str, key: str, now_ms: int) -> int | None:
        """Deletes the key for good; returns the value it held."""
        store_id = self.store.store_id(ORDERED, name)
        if store_id is None:
            return None
        with self.store.transaction() as db:
            previous = self.read(name, scope, key)
            if previous is not None:
                db.execute(
                    "DELETE FROM ordered_entries WHERE store_id = ? AND scope = ? AND key = ?", (store_id, scope, key)
                )
                self.store.touch_store(ORDERED, name, now_ms)
        return previous

    def sorted_page(
        self,
        name: str,
        scope: str,
        *,
        ascending: bool,
        minimum: int | None,
        maximum: int | None,
        after: tuple[int, str] | None,
        limit: int,
    ) -> list[tuple[str, int]]:
        """Up to ``limit`` (key, value) pairs in value order after the ``(value, key)`` cursor."""
        store_id = self.store.store_id(ORDERED, name)
        if store_id is None:
            return []
        clauses = ["store_id = ?", "scope = ?"]
        params: list[object] = [store_id, scope]
        # The cursor's item lies within the bounds, so it replaces the bound on its side:
        # the index range then starts at the cursor instead of being scanned up to it.
        start, end = (minimum, maximum) if ascending else (maximum, minimum)
        if after is not None:
            clauses.append("(value, key) > (?, ?)" if ascending else "(value, key) < (?, ?)")
            params.extend(after)
        elif start is not None:
            clauses.append("value >= ?" if ascending else "value <= ?")
            params.append(start)
        if end is not None:
            clauses.append("value <= ?" if ascending else "value >= ?")
            params.append(end)
        # Descending is the exact reverse of ascending, so both walk the (value, key) index
        # without sorting.
        order = "value ASC, key ASC" if ascending else "value DESC, key DESC"
        rows = self.store.db.execute(
            f"SELECT key, value FROM ordered_entries WHERE {' AND '.join(clauses)} ORDER BY {order} LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [(str(key), int(value)) for key, value in rows]
