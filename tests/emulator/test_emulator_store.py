"""The SQLite state: schema, transactions, and what a crash in the middle of a write leaves."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dsm.emulator.entries import Entries
from dsm.emulator.store import Store
from dsm.errors import DsmError

NOW_MS = 1_700_000_000_000


def _counts(store: Store) -> tuple[int, int]:
    versions = store.db.execute("SELECT count(*) FROM versions").fetchone()[0]
    entries = store.db.execute("SELECT count(*) FROM entries").fetchone()[0]
    return int(versions), int(entries)


def test_an_error_inside_a_write_rolls_the_whole_write_back(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    entries = Entries(store)
    entries.write("PlayerData", "global", "Player_1", NOW_MS, value='"old"')
    before = _counts(store)
    original = store.db

    class FailsOnEntryUpsert:
        """Lets the version row in, then fails on the entry row, as a crash between them would."""

        def __getattr__(self, name: str) -> object:
            return getattr(original, name)

        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith("INSERT INTO entries"):
                raise RuntimeError("power cut")
            return original.execute(sql, *args)

    monkeypatch.setattr(store, "db", FailsOnEntryUpsert())
    with pytest.raises(RuntimeError, match="power cut"):
        entries.write("PlayerData", "global", "Player_1", NOW_MS + 7_200_000, value='"new"')
    monkeypatch.setattr(store, "db", original)
    assert _counts(store) == before
    latest = entries.read("PlayerData", "global", "Player_1", NOW_MS + 7_200_000)
    assert latest is not None and latest.live is not None and latest.live.value == '"old"'


def test_a_process_killed_mid_write_leaves_no_half_entry(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    store = Store(state)
    Entries(store).write("PlayerData", "global", "Player_1", NOW_MS, value='"old"')
    store.close()
    # The child inserts the new version row inside the transaction, then dies before commit.
    child = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from dsm.emulator.store import Store
        store = Store(Path({str(state)!r}))
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute(
            "INSERT INTO versions (store_id, scope, key, version, created_ms, value, user_ids, metadata, deleted) "
            "VALUES (1, 'global', 'Player_1', 'x', 1, '\\"half\\"', '[]', '{{}}', 0)"
        )
        os._exit(9)
        """
    )
    result = subprocess.run([sys.executable, "-c", child], check=False, capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    reopened = Store(state)
    assert _counts(reopened) == (1, 1)
    latest = Entries(reopened).read("PlayerData", "global", "Player_1", NOW_MS)
    assert latest is not None and latest.live is not None and latest.live.value == '"old"'


def test_a_state_file_keeps_its_data_between_opens(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    first = Store(state)
    Entries(first).write("PlayerData", "global", "Player_1", NOW_MS, value="1")
    first.close()
    latest = Entries(Store(state)).read("PlayerData", "global", "Player_1", NOW_MS)
    assert latest is not None and latest.live is not None and latest.live.value == "1"


def test_a_file_that_is_not_a_state_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    other.write_text("not sqlite at all, just text that is long enough to be looked at" * 10)
    with pytest.raises(DsmError, match="not a data store state file"):
        Store(other)
    import sqlite3

    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE users (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(DsmError, match="holds other tables"):
        Store(foreign)
