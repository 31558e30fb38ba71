"""The SQLite state: schema, connection and transactions.

Every request that changes state runs in one transaction, so a crash (or an error) in the
middle of a write leaves the previous state whole: never a version without its entry, or
an entry pointing at a version that is not there. The state lives in memory unless a file
is given; a file persists between runs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from dsm.errors import DsmError

SCHEMA_VERSION = "1"
STANDARD = "standard"
ORDERED = "ordered"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS datastores (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('standard', 'ordered')),
    name TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    UNIQUE (kind, name)
);
-- One row per standard key: what its latest version is and when the key was created.
CREATE TABLE IF NOT EXISTS entries (
    store_id INTEGER NOT NULL REFERENCES datastores (id),
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    latest_seq INTEGER,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (store_id, scope, key)
) WITHOUT ROWID;
-- Every retained version of a standard key (value is NULL for a tombstone).
CREATE TABLE IF NOT EXISTS versions (
    seq INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    value TEXT,
    user_ids TEXT NOT NULL,
    metadata TEXT NOT NULL,
    deleted INTEGER NOT NULL,
    superseded_ms INTEGER
);
CREATE INDEX IF NOT EXISTS versions_by_time ON versions (store_id, scope, key, created_ms, seq);
CREATE UNIQUE INDEX IF NOT EXISTS versions_by_id ON versions (store_id, scope, key, version);
CREATE TABLE IF NOT EXISTS ordered_entries (
    store_id INTEGER NOT NULL REFERENCES datastores (id),
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (store_id, scope, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ordered_by_value ON ordered_entries (store_id, scope, value, key);
"""


class Store:
    """One SQLite database holding every data store of one experience."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        target = ":memory:" if path is None else str(path)
        try:
            self.db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            if path is not None:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._create_schema()
        except sqlite3.DatabaseError as error:
            raise DsmError(
                f"not a data store state file ({error}); pass a new file name to start one", path=path
            ) from None
        self._store_ids: dict[tuple[str, str], int] = {}

    def _create_schema(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables:
            raise sqlite3.DatabaseError("it holds other tables")
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            row = self.db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta (name, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version {row[0]}, this dsm reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit: committed when the block ends, rolled back when it raises."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # Data stores ------------------------------------------------------------------------

    def store_id(self, kind: str, name: str) -> int | None:
        """The id of an existing data store, or None when nothing was ever written to it."""
        cached = self._store_ids.get((kind, name))
        if cached is not None:
            return cached
        row = self.db.execute("SELECT id FROM datastores WHERE kind = ? AND name = ?", (kind, name)).fetchone()
        if row is None:
            return None
        self._store_ids[(kind, name)] = int(row[0])
        return int(row[0])

    def touch_store(self, kind: str, name: str, now_ms: int) -> int:
        """The data store's id, creating it on its first write; records the write time."""
        row = self.db.execute(
            "INSERT INTO datastores (kind, name, created_ms, updated_ms) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, name) DO UPDATE SET updated_ms = max(updated_ms, excluded.updated_ms) RETURNING id",
            (kind, name, now_ms, now_ms),
        ).fetchone()
        self._store_ids[(kind, name)] = int(row[0])
        return int(row[0])

    def clear(self) -> None:
        """Removes every data store (a fresh in-memory state keeps its connection)."""
        with self.transaction() as db:
            for table in ("versions", "entries", "ordered_entries", "datastores"):
                db.execute(f"DELETE FROM {table}")
        self._store_ids.clear()
