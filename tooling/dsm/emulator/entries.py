"""Standard data store keys and their versions (§2.1, §2.2, §5).

A write keeps the first version of each UTC hour as a backup and overwrites later ones in
the same hour; superseded versions expire 30 days after being overwritten, the latest one
never does; RemoveAsync appends a tombstone and the whole key goes 30 days after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from dsm.emulator import versions
from dsm.emulator.store import STANDARD, Store


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a key; ``value`` is None for a tombstone."""

    seq: int
    version: str
    created_ms: int
    value: str | None
    user_ids: str
    metadata: str
    deleted: bool
    key_created_ms: int


@dataclass(frozen=True, slots=True)
class Latest:
    """A key's current state: its latest version (None when that version was removed)."""

    created_ms: int
    updated_ms: int
    deleted: bool
    revision: int
    version: Version | None

    @property
    def live(self) -> Version | None:
        """The latest version when it holds a value (not deleted)."""
        return None if self.deleted else self.version


_VERSION_COLUMNS = "seq, version, created_ms, value, user_ids, metadata, deleted"


def _version(row: tuple[object, ...], key_created_ms: int) -> Version:
    seq, version, created_ms, value, user_ids, metadata, deleted = row
    return Version(
        int(seq),  # type: ignore[call-overload]
        str(version),
        int(created_ms),  # type: ignore[call-overload]
        None if value is None else str(value),
        str(user_ids),
        str(metadata),
        bool(deleted),
        key_created_ms,
    )


class Entries:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _key_row(self, store_id: int, scope: str, key: str) -> tuple[int, int, int, int | None, int] | None:
        row = self.store.db.execute(
            "SELECT created_ms, updated_ms, revision, latest_seq, deleted FROM entries "
            "WHERE store_id = ? AND scope = ? AND key = ?",
            (store_id, scope, key),
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]), int(row[2]), row[3], int(row[4]))

    def _version_by_seq(self, seq: int, key_created_ms: int) -> Version | None:
        row = self.store.db.execute(f"SELECT {_VERSION_COLUMNS} FROM versions WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else _version(row, key_created_ms)

    def read(self, name: str, scope: str, key: str, now_ms: int) -> Latest | None:
        """The key's latest state, or None when it does not exist (or expired)."""
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return None
        row = self._key_row(store_id, scope, key)
        if row is None:
            return None
        created_ms, updated_ms, revision, latest_seq, deleted = row
        if deleted and updated_ms <= now_ms - versions.retention_ms():
            return None
        latest = None if latest_seq is None else self._version_by_seq(latest_seq, created_ms)
        return Latest(created_ms, updated_ms, bool(deleted), revision, latest)

    def revision(self, name: str, scope: str, key: str) -> int:
        """A number that changes with every write to the key (0 when it never existed)."""
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return 0
        row = self._key_row(store_id, scope, key)
        return 0 if row is None else row[2]

    def write(
        self,
        name: str,
        scope: str,
        key: str,
        now_ms: int,
        *,
        value: str | None,
        user_ids: str = "[]",
        metadata: str = "{}",
    ) -> Latest:
        """Writes a new latest version (``value=None`` writes a tombstone) in one transaction."""
        with self.store.transaction() as db:
            self.purge(name, scope, key, now_ms)
            store_id = self.store.touch_store(STANDARD, name, now_ms)
            row = self._key_row(store_id, scope, key)
            tombstone = value is None
            if row is None:
                created_ms, revision, previous = now_ms, 1, None
            else:
                created_ms, _, revision, latest_seq, _ = row
                revision += 1
                previous = None if latest_seq is None else self._version_by_seq(latest_seq, created_ms)
            if previous is not None:
                # Time never runs backwards for one key, even if a run's clock starts earlier.
                now_ms = max(now_ms, previous.created_ms)
                if not tombstone and not previous.deleted and versions.overwrites_previous(previous.created_ms, now_ms):
                    db.execute("DELETE FROM versions WHERE seq = ?", (previous.seq,))
                else:
                    db.execute("UPDATE versions SET superseded_ms = ? WHERE seq = ?", (now_ms, previous.seq))
            version_id = versions.version_id(created_ms, revision, now_ms)
            cursor = db.execute(
                "INSERT INTO versions (store_id, scope, key, version, created_ms, value, user_ids, metadata, deleted) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (store_id, scope, key, version_id, now_ms, value, user_ids, metadata, int(tombstone)),
            )
            seq = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO entries (store_id, scope, key, created_ms, updated_ms, revision, latest_seq, deleted) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, scope, key) DO UPDATE SET "
                "updated_ms = excluded.updated_ms, revision = excluded.revision, "
                "latest_seq = excluded.latest_seq, deleted = excluded.deleted",
                (store_id, scope, key, created_ms, now_ms, revision, seq, int(tombstone)),
            )
        latest = Version(seq, version_id, now_ms, value, user_ids, metadata, tombstone, created_ms)
        return Latest(created_ms, now_ms, tombstone, revision, latest)

    def write_many(self, rows: Iterable[tuple[str, str, str, str, str, str]], now_ms: int) -> None:
        """Writes each ``(name, scope, key, value, user_ids, metadata)`` row as ``write`` would,
        in one transaction.

        A key that does not exist yet (every key of a seed into an empty state) has nothing
        to purge, supersede or overwrite, and its first version is the same for all: such
        keys go in with one statement per table. A key that exists, or that ``rows`` names
        again, then takes ``write``'s way, in order.
        """
        with self.store.transaction() as db:
            # Each new key's one version, with the seq SQLite would give it inserting one
            # after another (the largest plus one), so its entry can point at it unread.
            first = int(db.execute("SELECT coalesce(max(seq), 0) + 1 FROM versions").fetchone()[0])
            version_id = versions.version_id(now_ms, 1, now_ms)
            store_ids: dict[str, int] = {}
            taken: set[tuple[int, str, str]] = set()
            new: list[tuple[int, int, str, str, str, int, str, str, str]] = []
            later: list[tuple[str, str, str, str, str, str]] = []
            for row in rows:
                name, scope, key = row[0], row[1], row[2]
                store_id = store_ids.get(name)
                if store_id is None:
                    store_id = store_ids[name] = self._store_for_many(db, name, now_ms, taken)
                identity = (store_id, scope, key)
                if identity in taken:
                    later.append(row)
                    continue
                taken.add(identity)
                new.append((first + len(new), store_id, scope, key, version_id, now_ms, row[3], row[4], row[5]))
            if new:
                db.executemany(
                    "INSERT INTO versions (seq, store_id, scope, key, version, created_ms, value, user_ids, "
                    "metadata, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                    new,
                )
                db.execute(
                    "INSERT INTO entries (store_id, scope, key, created_ms, updated_ms, revision, latest_seq, deleted) "
                    "SELECT store_id, scope, key, created_ms, created_ms, 1, seq, 0 FROM versions WHERE seq >= ? "
                    "ORDER BY seq",
                    (first,),
                )
            for name, scope, key, value, user_ids, metadata in later:
                self.write(name, scope, key, now_ms, value=value, user_ids=user_ids, metadata=metadata)

    def _store_for_many(self, db: sqlite3.Connection, name: str, now_ms: int, taken: set[tuple[int, str, str]]) -> int:
        """The data store's id for ``write_many`` (created on its first write), adding the
        keys it already holds to ``taken``."""
        existed = self.store.store_id(STANDARD, name) is not None
        store_id = self.store.touch_store(STANDARD, name, now_ms)
        if existed:
            known = db.execute("SELECT scope, key FROM entries WHERE store_id = ?", (store_id,))
            taken.update((store_id, scope, key) for scope, key in known)
        return store_id

    def purge(self, name: str, scope: str, key: str, now_ms: int) -> None:
        """Drops versions past their 30 days, and the whole key 30 days after its tombstone."""
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return
        cutoff = now_ms - versions.retention_ms()
        with self.store.transaction() as db:
            row = self._key_row(store_id, scope, key)
            if row is None:
                return
            if row[4] and row[1] <= cutoff:
                self._drop_key(db, store_id, scope, key)
                return
            db.execute(
                "DELETE FROM versions WHERE store_id = ? AND scope = ? AND key = ? "
                "AND superseded_ms IS NOT NULL AND superseded_ms <= ?",
                (store_id, scope, key, cutoff),
            )

    @staticmethod
    def _drop_key(db: sqlite3.Connection, store_id: int, scope: str, key: str) -> None:
        db.execute("DELETE FROM versions WHERE store_id = ? AND scope = ? AND key = ?", (store_id, scope, key))
        db.execute("DELETE FROM entries WHERE store_id = ? AND scope = ? AND key = ?", (store_id, scope, key))

    # Versions -------------------------------------------------------------------------

    def _purged_key(self, name: str, scope: str, key: str, now_ms: int) -> tuple[int, int] | None:
        """``(store_id, the key's created_ms)`` once its expired versions are purged; None when
        the data store or the key does not exist."""
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return None
        self.purge(name, scope, key, now_ms)
        row = self._key_row(store_id, scope, key)
        return None if row is None else (store_id, row[0])

    def version(self, name: str, scope: str, key: str, version_id: str, now_ms: int) -> Version | None:
        if (purged := self._purged_key(name, scope, key, now_ms)) is None:
            return None
        store_id, key_created_ms = purged
        found = self.store.db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE store_id = ? AND scope = ? AND key = ? AND version = ?",
            (store_id, scope, key, version_id),
        ).fetchone()
        return None if found is None else _version(found, key_created_ms)

    def version_at(self, name: str, scope: str, key: str, timestamp_ms: int, now_ms: int) -> Version | None:
        """The version that was the latest at ``timestamp_ms`` (None before the first, or when deleted)."""
        if (purged := self._purged_key(name, scope, key, now_ms)) is None:
            return None
        store_id, key_created_ms = purged
        found = self.store.db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE store_id = ? AND scope = ? AND key = ? "
            "AND created_ms <= ? ORDER BY created_ms DESC, seq DESC LIMIT 1",
            (store_id, scope, key, timestamp_ms),
        ).fetchone()
        return None if found is None else _version(found, key_created_ms)

    def versions_page(
        self,
        name: str,
        scope: str,
        key: str,
        *,
        ascending: bool,
        min_ms: int,
        max_ms: int,
        after: tuple[int, int] | None,
        limit: int,
        now_ms: int,
    ) -> list[Version]:
        """Up to ``limit`` versions in creation order after the ``(created_ms, seq)`` cursor."""
        if (purged := self._purged_key(name, scope, key, now_ms)) is None:
            return []
        store_id, key_created_ms = purged
        clauses = ["store_id = ?", "scope = ?", "key = ?"]
        params: list[object] = [store_id, scope, key]
        if min_ms > 0:
            clauses.append("created_ms >= ?")
            params.append(min_ms)
        if max_ms > 0:
            clauses.append("created_ms <= ?")
            params.append(max_ms)
        if after is not None:
            clauses.append("(created_ms, seq) > (?, ?)" if ascending else "(created_ms, seq) < (?, ?)")
            params.extend(after)
        order = "ASC" if ascending else "DESC"
        rows = self.store.db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE {' AND '.join(clauses)} "
            f"ORDER BY created_ms {order}, seq {order} LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [_version(found, key_created_ms) for found in rows]

    def remove_version(self, name: str, scope: str, key: str, version_id: str, now_ms: int) -> None:
        """Deletes one version for good. Removing the latest leaves the key without a value."""
        store_id = self.store.store_id(STANDARD, name)
        if store_id is None:
            return
        with self.store.transaction() as db:
            self.purge(name, scope, key, now_ms)
            row = self._key_row(store_id, scope, key)
            found = db.execute(
                "SELECT seq FROM versions WHERE store_id = ? AND scope = ? AND key = ? AND version = ?",
                (store_id, scope, key, version_id),
            ).fetchone()
            if row is None or found is None:
                return
            db.execute("DELETE FROM versions WHERE seq = ?", (found[0],))
            remaining = db.execute(
                "SELECT count(*) FROM versions WHERE store_id = ? AND scope = ? AND key = ?", (store_id, scope, key)
            ).fetchone()[0]
            if remaining == 0:
                self._drop_key(db, store_id, scope, key)
            elif row[3] == found[0]:
                db.execute(
                    "UPDATE entries SET latest_seq = NULL, deleted = 1, updated_ms = ? "
                    "WHERE store_id = ? AND scope = ? AND key = ?",
                    (max(now_ms, row[1]), store_id, scope, key),
                )
