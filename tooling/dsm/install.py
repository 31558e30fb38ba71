"""`dsm install` / `dsm uninstall`: put the built plugin into Studio's Plugins folder, or take it out.

The file is written through a temporary file in the Plugins folder itself and renamed over the
old one, so Studio (which reloads plugins when their file changes) never reads half a plugin.
Two copies of one plugin in the folder both run, and the older keeps its toolbar and widget, so
every other file named like ours or holding a root of the same name is reported as a duplicate.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from dsm import formats
from dsm.dom.instance import Instance
from dsm.errors import DsmError, UsageError
from dsm.fsutil import write_atomic

PLUGIN_EXTENSIONS = (".rbxm", ".rbxmx")


@dataclass(frozen=True)
class Plugin:
    """A plugin ready to install: the file's bytes and what identifies it among other plugins."""

    data: bytes
    extension: str
    """``.rbxm`` or ``.rbxmx``: the format of ``data``."""
    root_name: str
    """The model's top instance: another file with a root of this name is another copy."""


@dataclass(frozen=True)
class Installed:
    path: Path
    size: int
    duplicates: list[Path]


def plugin_from_tree(root: Instance, extension: str = ".rbxm") -> Plugin:
    """Encode a built tree (``dsm.project.build_tree``) as a plugin model file."""
    kind = "binary" if extension == ".rbxm" else "xml"
    return Plugin(formats.encode([root], kind), extension, root.name)


def build_plugin(project_file: Path) -> Plugin:
    """Build the project into a binary plugin model; a script that does not compile is an error."""
    from dsm.luau_syntax import SyntaxChecker
    from dsm.project import build_tree

    root = build_tree(project_file)
    problems = SyntaxChecker().check(root)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DsmError(f"{problems[0]}{more}; fix the syntax error, nothing was installed")
    return plugin_from_tree(root)


def plugin_from_file(path: Path) -> Plugin:
    """A plugin model someone built already (``--from FILE``); it must be a readable model."""
    extension = path.suffix.lower()
    if extension not in PLUGIN_EXTENSIONS:
        raise UsageError("a plugin must be a model file (.rbxm or .rbxmx); places cannot be installed", path=path)
    document = formats.read_file(path)
    if len(document.roots) != 1:
        raise DsmError(
            f"holds {len(document.roots)} top-level instances; a plugin model has exactly one (its Script or Folder)",
            path=path,
        )
    root = document.roots[0]
    return Plugin(path.read_bytes(), extension, root.name)


def install(plugin: Plugin, folder: Path, stem: str) -> Installed:
    """Write ``plugin`` to ``folder/<stem><extension>`` atomically and look for duplicates."""
    target = folder / f"{stem}{plugin.extension}"
    write_atomic(target, plugin.data)
    return Installed(target, len(plugin.data), find_duplicates(folder, stem, {plugin.root_name}, keep=target))


def installed_files(folder: Path, stem: str) -> list[Path]:
    """The files ``install`` writes for ``stem`` that exist now (one per model format)."""
    return [path for extension in PLUGIN_EXTENSIONS if (path := folder / f"{stem}{extension}").is_file()]


def root_names(paths: Collection[Path]) -> set[str]:
    """The names of the top instances in ``paths`` (files that cannot be read give none)."""
    names: set[str] = set()
    for path in paths:
        try:
            names.update(root.name for root in formats.read_file(path).roots)
        except DsmError:
            continue
    return names


def uninstall(folder: Path, stem: str) -> list[Path]:
    """Delete the files ``install`` writes for ``stem``; returns what was deleted."""
    removed = []
    for path in installed_files(folder, stem):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DsmError(
                f"cannot delete the plugin ({error.strerror}); close Studio and try again", path=path
            ) from None
        removed.append(path)
    return removed


def find_duplicates(folder: Path, stem: str, names: Collection[str], keep: Path | None = None) -> list[Path]:
    """Other plugin files in ``folder`` holding this plugin: named like it, or with a root of the same name."""
    duplicates = []
    for path in _plugin_files(folder):
        if keep is not None and path == keep:
            continue
        if path.stem.lower().startswith(stem.lower()) or _has_root(path, names):
            duplicates.append(path)
    return duplicates


def _plugin_files(folder: Path) -> Sequence[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    # Hidden files are the temporary files of atomic writes, ours or another tool's.
    return [
        path
        for path in entries
        if path.suffix.lower() in PLUGIN_EXTENSIONS and not path.name.startswith(".") and path.is_file()
    ]


def _has_root(path: Path, names: Collection[str]) -> bool:
    try:
        document = formats.read_file(path)
    except Exception:  # another vendor's file we cannot read is not a copy of ours
        return False
    return any(root.name in names for root in document.roots)
