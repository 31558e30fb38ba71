"""File-system events as the watcher sees them: one ``Change`` per event worth a rebuild.

Editors save in many ways: write in place, write a temporary file and rename it over the
original, or delete and re-create. They also leave swap, backup and lock files around. Those
side files are dropped here; what remains names the file the user edited.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["changed", "added", "removed", "moved"]

_NOISE_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".temp", ".bak", ".orig", "~")
_NOISE_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})  # 4913: vim's write-permission probe


@dataclass(frozen=True)
class Change:
    kind: Kind
    path: Path
    destination: Path | None = None
    """Where a moved file went."""


def is_noise(path: Path) -> bool:
    """Editor side files and the temporary files of atomic writes (ours included)."""
    name = path.name
    return (
        name in _NOISE_NAMES
        or name.endswith(_NOISE_SUFFIXES)
        or name.startswith((".#", "#"))  # emacs lock and auto-save files
        or (name.startswith(".") and ".tmp" in name)
    )


def describe(changes: Sequence[Change]) -> str:
    """``Foo.luau changed (+2 more)``: the first file a batch touched and how many others."""
    if not changes:
        return "a change"
    first = changes[0]
    touched = {path for change in changes for path in (change.path, change.destination) if path is not None}
    if first.kind == "moved" and first.destination is not None:
        text = f"{first.path.name} renamed to {first.destination.name}"
        touched -= {first.path, first.destination}
    else:
        text = f"{first.path.name} {_verb(first.path, changes)}"
        touched.discard(first.path)
    return f"{text} (+{len(touched)} more)" if touched else text


def _verb(path: Path, changes: Sequence[Change]) -> str:
    if not os.path.lexists(path):
        return "removed"
    kinds = {change.kind for change in changes if path in (change.path, change.destination)}
    return "added" if kinds == {"added"} else "changed"
