"""File system access for the builder: one sorted listing per folder, and reads that explain failures.

Folders are listed once, sorted by name (Rojo's backend sorts ``read_dir`` by file name), and the
listing answers "is there a ``foo.meta.json`` here?" without another system call.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH118, PTH123

from __future__ import annotations

import os
from dataclasses import dataclass

from dsm.project.errors import ProjectError


@dataclass(frozen=True)
class Listing:
    entries: list[tuple[str, bool]]
    """``(name, is_folder)`` sorted by name; entries that are neither file nor folder are left out."""
    files: frozenset[str]

    def has_file(self, name: str) -> bool:
        return name in self.files


def list_dir(path: str) -> Listing:
    try:
        with os.scandir(path) as scan:
            raw = list(scan)
    except OSError as error:
        raise ProjectError(f"cannot list the folder: {error.strerror}", path=path) from None
    entries: list[tuple[str, bool]] = []
    files: set[str] = set()
    for entry in raw:
        name = entry.name
        _check_name(path, name)
        try:
            if entry.is_dir():
                entries.append((name, True))
            elif entry.is_file():
                entries.append((name, False))
                files.add(name)
        except OSError:
            continue  # vanished or unreadable entries are skipped, as a broken symlink is
    entries.sort()
    return Listing(entries, frozenset(files))


def _check_name(folder: str, name: str) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ProjectError(
            f"the name {name!r} is not valid UTF-8, so it cannot name an instance; rename it",
            path=os.path.join(folder, name),
        ) from None


def read_bytes(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ProjectError(f"cannot read the {what}: {error.strerror}", path=path) from None


def decode_utf8(data: bytes, path: str, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProjectError(
            f"the {what} is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8",
            path=path,
            line=line,
        ) from None


def read_text(path: str, what: str) -> str:
    return decode_utf8(read_bytes(path, what), path, what)


def file_stem(name: str) -> str:
    """Rust's ``Path::file_stem``: cut the last extension; a leading dot alone is not one."""
    dot = name.rfind(".")
    if dot <= 0 or name == "..":
        return name
    return name[:dot]
