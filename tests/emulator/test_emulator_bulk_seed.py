"""Bulk seeding writes exactly what SetAsync's writes, one entry after another, would write."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from dsm.emulator import luaujson, seeding
from dsm.emulator.entries import Entries
from dsm.emulator.ordered import Ordered
from dsm.emulator.seeding import Seed, SeedError
from dsm.emulator.service import Emulator
from dsm.emulator.store import Store
from dsm.runtime.host import Runtime

HOUR_MS = 3_600_000
T0 = 1_700_000_000_000

# New keys, a key that exists, a key after its tombstone, a second scope, a new store, a
# key the seed names twice (the second store block repeats the first's name and scope),
# and ordered keys, old, new and repeated.
SEED = {
    "datastores": [
        {
            "name": "S",
            "entries": {
                "old": {"value": {"v": 2}},
                "new": {"value": 1, "userIds": [7], "metadata": {"m": "x"}},
                "gone": {"value": "back"},
            },
        },
        {"name": "S", "scope": "other", "entries": {"old": {"value": 3}}},
        {"name": "Fresh", "entries": {"a": {"value": [1, 2]}}},
        {"name": "S", "entries": {"new": {"value": "later"}}},
    ],
    "ordered": [
        {"name": "O", "entries": {"x": 5, "y": 2}},
        {"name": "O", "entries": {"y": 9}},
    ],
}


def _existing_state() -> tuple[Store, Entries, Ordered]:
    store = Store()
    entries, ordered = Entries(store), Ordered(store)
    entries.write("S", "global", "old", T0, value='{"v":1}')
    entries.write("S", "global", "gone", T0, value='"soon"')
    entries.write("S", "global", "gone", T0 + 1000, value=None)
    ordered.write("O", "global", "x", 1, T0)
    return store, entries, ordered


def _one_by_one(store: Store, entries: Entries, ordered: Ordered, seed: Seed, now_ms: int) -> None:
    with store.transaction():
        for name, scope, key, value, user_ids, metadata in seed.standard:
            entries.write(name, scope, key, now_ms, value=value, user_ids=user_ids, metadata=metadata)
        for name, scope, key, number in seed.ordered:
            ordered.write(name, scope, key, number, now_ms)


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row, with each entry's latest version named by its id rather than its seq (the
    order of seqs between keys is not observable)."""
    db = store.db
    return {
        "datastores": db.execute(
            "SELECT kind, name, created_ms, updated_ms FROM datastores ORDER BY kind, name"
        ).fetchall(),
        "entries": db.execute(
            "SELECT d.name, e.scope, e.key, e.created_ms, e.updated_ms, e.revision, v.version, e.deleted "
            "FROM entries e JOIN datastores d ON d.id = e.store_id LEFT JOIN versions v ON v.seq = e.latest_seq "
            "ORDER BY d.name, e.scope, e.key"
        ).fetchall(),
        "versions": db.execute(
            "SELECT d.name, v.scope, v.key, v.version, v.created_ms, v.value, v.user_ids, v.metadata, v.deleted, "
            "v.superseded_ms FROM versions v JOIN datastores d ON d.id = v.store_id "
            "ORDER BY d.name, v.scope, v.key, v.created_ms, v.version"
        ).fetchall(),
        "ordered": db.execute(
            "SELECT d.name, o.scope, o.key, o.value FROM ordered_entries o JOIN datastores d ON d.id = o.store_id "
            "ORDER BY d.name, o.scope, o.key"
        ).fetchall(),
    }


@pytest.mark.parametrize("later_ms", [2 * HOUR_MS, 10 * 60_000], ids=["next hour", "same hour"])
def test_bulk_seeding_writes_what_one_write_per_entry_writes(later_ms: int) -> None:
    seed = seeding.prepare(SEED)
    bulk, bulk_entries, bulk_ordered = _existing_state()
    with bulk.transaction():
        bulk_entries.write_many(seed.standard, T0 + later_ms)
        bulk_ordered.write_many(seed.ordered, T0 + later_ms)
    expected = _existing_state()
    _one_by_one(*expected, seed, T0 + later_ms)
    assert _contents(bulk) == _contents(expected[0])


def test_seeding_twice_keeps_an_hourly_backup_as_set_async_does() -> None:
    emulator = Emulator(seed=SEED)
    emulator.reset(T0 / 1000)
    emulator.seed(SEED, T0 / 1000 + 2 * 3600)
    rows = emulator.store.db.execute("SELECT count(*), max(revision) FROM entries WHERE key = 'new'").fetchone()
    assert rows == (1, 4)
    kept = emulator.store.db.execute("SELECT count(*) FROM versions WHERE key = 'new' AND scope = 'global'").fetchone()
    assert kept == (2,)


def test_a_key_named_twice_keeps_the_later_value() -> None:
    emulator = Emulator()
    emulator.seed(SEED, T0 / 1000)
    state = emulator.export()
    assert state["datastores"][1]["entries"]["new"] == {"value": "later"}
    assert state["ordered"] == [{"name": "O", "scope": "global", "entries": {"x": 5, "y": 9}}]


def test_a_seed_is_checked_once_and_written_at_every_reset() -> None:
    seed = seeding.prepare(SEED)
    assert seeding.prepare(seed) is seed
    emulator = Emulator(seed=seed)
    assert emulator.seed_data is seed
    emulator.reset(T0 / 1000)
    emulator.reset(T0 / 1000 + 10)
    assert len(emulator.export()["datastores"][1]["entries"]) == 3


def test_absent_attributes_are_stored_as_set_async_stores_none() -> None:
    seed = seeding.prepare({"datastores": [{"name": "S", "entries": {"k": {"value": 1}}}]})
    assert seed.standard == [("S", "global", "k", "1", "[]", "{}")]


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, 2.5])
def test_an_ordered_value_that_is_no_integer_names_its_entry(number: float) -> None:
    with pytest.raises(SeedError, match=r'^seed: ordered\[0\]\.entries\["k"\]: an ordered data store'):
        seeding.prepare({"ordered": [{"name": "O", "entries": {"k": number}}]})


def test_the_first_failing_entry_is_named_and_nothing_is_written() -> None:
    emulator = Emulator()
    entries = {f"Player_{index:06d}": {"value": index} for index in range(1, 1001)}
    entries["Player_000500"] = {"value": 1, "userIds": [1, 2, 3, 4, 5]}
    entries["Player_000900"] = {"value": 1, "metadata": {"m": "v" * 251}}
    with pytest.raises(SeedError) as raised:
        emulator.seed({"datastores": [{"name": "S", "entries": entries}]}, T0 / 1000)
    assert raised.value.message == 'seed: datastores[0].entries["Player_000500"]: 512: UserID size exceeds 4 limit.'
    assert emulator.export() == {"datastores": [], "ordered": []}


# Through the bridge: dsm.datastore.seed hands its table to Python as it is.


def _run(tmp_path: Path, source: str) -> tuple[str, str]:
    script = tmp_path / "script.luau"
    script.write_text(source, encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    Runtime(tmp_path, stdout=stdout, stderr=stderr).run_file(script)
    return stdout.getvalue(), stderr.getvalue()


def test_a_luau_seed_stores_what_json_encode_writes(tmp_path: Path) -> None:
    output, errors = _run(
        tmp_path,
        """
        dsm.datastore.seed({ datastores = { { name = "S", entries = {
            mixed = { value = { 1, 2, ignored = true } },
            sparse = { value = { [5] = "five" }, userIds = { 7 }, metadata = { m = 1 } },
        } } } })
        print(game:GetService("HttpService"):JSONEncode(dsm.datastore.export()))
        """,
    )
    assert not errors
    entries = luaujson.decode(output)["datastores"][0]["entries"]
    assert entries == {
        "mixed": {"value": [1, 2]},
        "sparse": {"value": {"5": "five"}, "userIds": [7], "metadata": {"m": 1}},
    }


def test_a_wrong_luau_seed_names_its_entry_and_writes_nothing(tmp_path: Path) -> None:
    output, errors = _run(
        tmp_path,
        """
        local ok, message = pcall(dsm.datastore.seed, { datastores = { { name = "S", entries = {
            good = { value = 1 }, [""] = { value = 2 },
        } } } })
        print(ok, message)
        local cyclic = {}
        cyclic.self = cyclic
        print(pcall(dsm.datastore.seed, { datastores = { { name = "T", entries = { k = { value = cyclic } } } } }))
        print(#dsm.datastore.export().datastores)
        """,
    )
    assert not errors
    assert output.splitlines() == [
        'false dsm.datastore.seed: datastores[0].entries[""]: 101: Key name can\'t be empty.',
        "false dsm.datastore.seed: tables cannot be cyclic",
        "0",
    ]
