"""Which Luau files ``dsm lint`` checks, and the role of each (plugin source, test, package)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from dsm.errors import UsageError, display_path
from dsm.lint.settings import Settings
from dsm.lint.source import Role, SourceFile

LUAU_SUFFIXES = (".luau", ".lua")
SOURCES = "plugin/src"
TESTS = "plugin/tests"
# Folders package managers install into: npm, and Wally's three.
PACKAGE_FOLDERS = frozenset({"node_modules", "Packages", "DevPackages", "ServerPackages"})


def relative_to_root(path: Path, root: Path) -> str:
    """``path`` relative to the project root with ``/`` separators (``../x`` when outside it)."""
    return Path(os.path.relpath(path, root)).as_posix()


def role_of(relative: str) -> Role:
    parts = relative.split("/")
    if PACKAGE_FOLDERS.intersection(parts):
        return Role.VENDORED
    if relative.startswith(SOURCES + "/"):
        return Role.SOURCE
    if relative.startswith(TESTS + "/"):
        return Role.TEST
    return Role.OTHER


def _luau_files(folder: Path) -> Iterable[Path]:
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(LUAU_SUFFIXES):
                yield Path(directory) / name


def _expand(path: Path, *, explicit: bool) -> list[Path]:
    if path.is_dir():
        return list(_luau_files(path))
    if path.is_file():
        if not path.name.endswith(LUAU_SUFFIXES):
            raise UsageError("not a Luau file (.luau or .lua); give a Luau file or a folder", path=path)
        return [path]
    if explicit:
        raise UsageError("no such file or folder", path=path)
    return []  # a default folder the project does not have (yet)


def read_source(path: Path, root: Path) -> SourceFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError("is not UTF-8 text; save it as UTF-8", path=path) from None
    except OSError as error:
        raise UsageError(f"cannot read the file ({error.strerror})", path=path) from None
    return SourceFile(path, display_path(path).replace(os.sep, "/"), role_of(relative_to_root(path, root)), text)


def collect(settings: Settings, paths: Iterable[Path] | None) -> list[SourceFile]:
    """The files to lint: ``paths`` (files or folders), or the configured defaults.

    Files matching ``[tool.dsm.lint] ignore`` are left out; each file appears once.
    """
    root = settings.root
    explicit = paths is not None
    targets = list(paths) if paths is not None else [root / path for path in settings.paths]
    seen: set[Path] = set()
    files: list[SourceFile] = []
    for target in targets:
        for path in _expand(target, explicit=explicit):
            resolved = path.resolve()
            if resolved in seen or settings.ignores(relative_to_root(resolved, root)):
                continue
            seen.add(resolved)
            files.append(read_source(resolved, root))
    return files
