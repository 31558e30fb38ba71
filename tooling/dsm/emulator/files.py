"""The files of ``dsm datastore``: export a state file to the seed format, generate a large state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsm.emulator import generate
from dsm.emulator.operations import Operations
from dsm.emulator.seeding import export
from dsm.emulator.settings import Settings
from dsm.emulator.store import Store
from dsm.errors import DsmError
from dsm.fsutil import write_atomic


@dataclass(frozen=True)
class Written:
    path: Path
    datastores: int
    keys: int
    size: int


def _counts(state: dict[str, Any]) -> tuple[int, int]:
    stores = [*state.get("datastores", []), *state.get("ordered", [])]
    return len(stores), sum(len(store["entries"]) for store in stores)


def export_file(state_file: Path, output: Path) -> Written:
    """Writes the latest value of every key in ``state_file`` to ``output`` as seed JSON."""
    if not state_file.is_file():
        raise DsmError("no such state file (dsm run/test --datastore FILE creates one)", path=state_file)
    store = Store(state_file)
    try:
        state = export(Operations(store, Settings.defaults()))
    finally:
        store.close()
    # NaN and infinities, which Luau values may hold, are written as Python's JSON writes them.
    data = json.dumps(state, indent=2, ensure_ascii=False, allow_nan=True).encode() + b"\n"
    write_atomic(output, data)
    stores, keys = _counts(state)
    return Written(output, stores, keys, len(data))


def generate_file(players: int, output: Path, seed: int) -> Written:
    """Writes a generated state for ``players`` players to ``output`` (compact JSON)."""
    if players < 1:
        raise DsmError("--players must be at least 1")
    state = generate.generate(players, seed)
    data = json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
    write_atomic(output, data)
    stores, keys = _counts(state)
    return Written(output, stores, keys, len(data))
