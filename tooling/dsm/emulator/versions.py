"""Version identifiers and the backup policy of §5 (versioning, hourly backups, 30-day expiry).

Version ids have the shape of Roblox's (``08D9E6A3F2188CFF.0000000001.08D9E6A3F2188CFF.01``):
the entry's creation time and the version's creation time as hex .NET ticks around a
10-digit revision counter. Clients treat them as opaque; the shape keeps tools that show
or sort them realistic.
"""

from __future__ import annotations

import math
import re

from dsm.emulator import catalogue

# .NET ticks (100 ns since 0001-01-01) at the Unix epoch.
TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000
TICKS_PER_MS = 10_000
DAY_MS = 86_400_000

_VERSION = re.compile(r"^([0-9A-F]{16})\.(\d{10})\.([0-9A-F]{16})\.01$")


def unix_ms(now: float) -> int:
    """Unix seconds of the virtual clock as whole milliseconds, floored as
    DateTime.now().UnixTimestampMillis is, so KeyInfo times and a script's clock agree."""
    return math.floor(now * 1000)


def ticks_hex(unix_ms: int) -> str:
    return f"{TICKS_AT_UNIX_EPOCH + unix_ms * TICKS_PER_MS:016X}"


def version_id(entry_created_ms: int, revision: int, version_created_ms: int) -> str:
    return f"{ticks_hex(entry_created_ms)}.{revision:010d}.{ticks_hex(version_created_ms)}.01"


def is_version_id(text: str) -> bool:
    return _VERSION.match(text) is not None


def backup_hour(unix_ms: int) -> int:
    """The UTC hour a write falls in; the first write of each hour is kept as a backup."""
    return unix_ms // (catalogue.load().limit("version_backup_interval_seconds") * 1000)


def overwrites_previous(previous_created_ms: int, now_ms: int) -> bool:
    """True when a write at ``now_ms`` replaces the previous version instead of keeping it.

    "Successive writes to a key in the same UTC hour permanently overwrite the previous
    data" (VLC): the newest version is replaced when it was written in the same UTC hour.
    """
    return backup_hour(previous_created_ms) == backup_hour(now_ms)


def retention_ms() -> int:
    return catalogue.load().limit("version_retention_days") * DAY_MS
