"""Which files ``dsm fmt`` formats: Luau and Lua files under the given paths, minus ``.styluaignore``.

Folders are walked in sorted order, skipping hidden folders and ``node_modules`` (packages
are formatted by their authors). ``.styluaignore`` at the project root uses ``.gitignore``
patterns, as StyLua's own does: ``*`` stays within one folder, ``**`` crosses folders, a
pattern with a ``/`` is anchored at the root, a trailing ``/`` matches folders only, ``!``
re-includes. Files named on the command line are formatted even when ignored, as StyLua does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dsm.errors import DsmError

IGNORE_FILE = ".styluaignore"
LUA_SUFFIXES = frozenset({".luau", ".lua"})
_SKIPPED_FOLDERS = frozenset({"node_modules"})


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool
    anchored: bool


class IgnoreRules:
    """The rules of one ``.styluaignore``; paths are relative to its folder, written with ``/``."""

    def __init__(self, lines: Iterable[str], source: Path | None = None) -> None:
        self.rules: list[_Rule] = []
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                self.rules.append(_rule(line))
            except re.error as error:
                raise DsmError(f"bad pattern {line!r} ({error}); fix or remove it", path=source, line=number) from None

    @classmethod
    def load(cls, root: Path) -> IgnoreRules:
        path = root / IGNORE_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls([])
        except (OSError, UnicodeDecodeError) as error:
            raise DsmError(f"cannot read the file ({error})", path=path) from None
        return cls(text.splitlines(), path)

    def ignores(self, relative: str, *, folder: bool = False) -> bool:
        """Whether ``relative`` (or a folder above it) is ignored; the last matching rule wins."""
        parts = relative.split("/")
        # A folder that is ignored hides everything below it, as in git.
        for depth in range(1, len(parts)):
            if self._decide(parts[:depth], folder=True):
                return True
        return self._decide(parts, folder=folder)

    def _decide(self, parts: list[str], *, folder: bool) -> bool:
        ignored = False
        for rule in self.rules:
            if rule.folders_only and not folder:
                continue
            subject = "/".join(parts) if rule.anchored else parts[-1]
            if rule.regex.fullmatch(subject):
                ignored = not rule.negated
        return ignored


def _rule(line: str) -> _Rule:
    negated = line.startswith("!")
    pattern = line[1:] if negated else line
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = "/" in pattern
    return _Rule(re.compile(_translate(pattern.lstrip("/"))), negated, folders_only, anchored)


def _translate(pattern: str) -> str:
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char)))
        index += 1
    return "".join(out)


def collect(root: Path, paths: Iterable[Path], ignore: IgnoreRules) -> list[Path]:
    """Every Luau/Lua file the ``paths`` name, sorted and without repeats."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update(dict.fromkeys(_walk(root, path, ignore)))
        elif path.is_file():
            found[path] = None
        else:
            raise DsmError("no such file or folder; give Luau files or folders that hold them", path=path)
    return list(found)


def _walk(root: Path, folder: Path, ignore: IgnoreRules) -> Iterator[Path]:
    for current, folders, files in os.walk(folder):
        base = Path(current)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and name not in _SKIPPED_FOLDERS
            and not ignore.ignores(_relative(root, base / name), folder=True)
        )
        for name in sorted(files):
            path = base / name
            if path.suffix in LUA_SUFFIXES and not ignore.ignores(_relative(root, path)):
                yield path


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the project: no project rule can name it
        return path.name
