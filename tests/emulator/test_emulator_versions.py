"""Versions, backups and expiry (§5): what each write leaves in a key's history."""

from __future__ import annotations

from dsm.emulator import versions
from dsm.emulator.entries import Entries
from dsm.emulator.store import Store

HOUR_MS = 3_600_000
DAY_MS = 86_400_000
# 2023-11-14T22:00:00Z, the start of a UTC hour.
HOUR_START = 1_699_999_200_000


def _history(entries: Entries, key: str, now_ms: int) -> list[tuple[int, bool]]:
    found = entries.versions_page(
        "S", "global", key, ascending=True, min_ms=0, max_ms=0, after=None, limit=100, now_ms=now_ms
    )
    return [(item.created_ms, item.deleted) for item in found]


def test_version_ids_have_roblox_shape_and_decode_to_their_times() -> None:
    version = versions.version_id(HOUR_START, 3, HOUR_START + 5)
    assert versions.is_version_id(version)
    created, revision, written, suffix = version.split(".")
    assert revision == "0000000003" and suffix == "01"
    assert (int(created, 16) - versions.TICKS_AT_UNIX_EPOCH) // versions.TICKS_PER_MS == HOUR_START
    assert (int(written, 16) - versions.TICKS_AT_UNIX_EPOCH) // versions.TICKS_PER_MS == HOUR_START + 5
    # The Open Cloud docs' example field decodes to its roblox-entry-created-time (2022-02-02T23:30:06.538Z).
    example = int("08D9E6A3F2188CFF", 16)
    assert (example - versions.TICKS_AT_UNIX_EPOCH) // versions.TICKS_PER_MS == 1_643_844_606_538
    assert not versions.is_version_id("not a version")


def test_writes_in_one_utc_hour_overwrite_and_the_next_hour_keeps_a_backup() -> None:
    entries = Entries(Store())
    entries.write("S", "global", "k", HOUR_START + 10, value="1")
    entries.write("S", "global", "k", HOUR_START + 20 * 60_000, value="2")
    assert _history(entries, "k", HOUR_START + HOUR_MS) == [(HOUR_START + 20 * 60_000, False)]
    entries.write("S", "global", "k", HOUR_START + HOUR_MS + 1, value="3")
    assert len(_history(entries, "k", HOUR_START + HOUR_MS + 1)) == 2


def test_every_write_gets_a_new_version_id_even_when_it_overwrites() -> None:
    entries = Entries(Store())
    first = entries.write("S", "global", "k", HOUR_START, value="1")
    second = entries.write("S", "global", "k", HOUR_START + 1, value="2")
    assert first.version is not None and second.version is not None
    assert first.version.version != second.version.version
    assert first.created_ms == second.created_ms


def test_remove_appends_a_tombstone_and_keeps_the_older_versions() -> None:
    entries = Entries(Store())
    entries.write("S", "global", "k", HOUR_START, value="1")
    entries.write("S", "global", "k", HOUR_START + 60_000, value=None)
    latest = entries.read("S", "global", "k", HOUR_START + 60_000)
    assert latest is not None and latest.deleted and latest.live is None
    assert _history(entries, "k", HOUR_START + 60_000) == [(HOUR_START, False), (HOUR_START + 60_000, True)]


def test_superseded_versions_expire_after_30_days_and_the_latest_never_does() -> None:
    entries = Entries(Store())
    entries.write("S", "global", "k", HOUR_START, value="1")
    entries.write("S", "global", "k", HOUR_START + 2 * HOUR_MS, value="2")
    day_29 = HOUR_START + 2 * HOUR_MS + 29 * DAY_MS
    assert len(_history(entries, "k", day_29)) == 2
    day_31 = HOUR_START + 2 * HOUR_MS + 31 * DAY_MS
    assert _history(entries, "k", day_31) == [(HOUR_START + 2 * HOUR_MS, False)]
    latest = entries.read("S", "global", "k", HOUR_START + 400 * DAY_MS)
    assert latest is not None and latest.live is not None and latest.live.value == "2"


def test_a_deleted_key_is_gone_30_days_after_its_tombstone() -> None:
    entries = Entries(Store())
    entries.write("S", "global", "k", HOUR_START, value="1")
    entries.write("S", "global", "k", HOUR_START + HOUR_MS, value=None)
    assert entries.read("S", "global", "k", HOUR_START + HOUR_MS + 29 * DAY_MS) is not None
    assert entries.read("S", "global", "k", HOUR_START + HOUR_MS + 30 * DAY_MS) is None
    entries.purge("S", "global", "k", HOUR_START + HOUR_MS + 30 * DAY_MS)
    assert entries.revision("S", "global", "k") == 0


def test_version_at_a_time_is_the_one_that_was_latest_then() -> None:
    entries = Entries(Store())
    entries.write("S", "global", "k", HOUR_START, value="1")
    entries.write("S", "global", "k", HOUR_START + 2 * HOUR_MS, value="2")
    before = entries.version_at("S", "global", "k", HOUR_START - 1, HOUR_START + 3 * HOUR_MS)
    between = entries.version_at("S", "global", "k", HOUR_START + HOUR_MS, HOUR_START + 3 * HOUR_MS)
    assert before is None
    assert between is not None and between.value == "1"


def test_removing_the_latest_version_leaves_the_key_without_a_value() -> None:
    entries = Entries(Store())
    old = entries.write("S", "global", "k", HOUR_START, value="1")
    new = entries.write("S", "global", "k", HOUR_START + 2 * HOUR_MS, value="2")
    assert old.version is not None and new.version is not None
    entries.remove_version("S", "global", "k", new.version.version, HOUR_START + 3 * HOUR_MS)
    latest = entries.read("S", "global", "k", HOUR_START + 3 * HOUR_MS)
    assert latest is not None and latest.live is None
    assert entries.version("S", "global", "k", old.version.version, HOUR_START + 3 * HOUR_MS) is not None
    entries.remove_version("S", "global", "k", old.version.version, HOUR_START + 3 * HOUR_MS)
    assert entries.read("S", "global", "k", HOUR_START + 3 * HOUR_MS) is None
