"""What templates can read, by name, and the file each name comes from.

- ``project``: ``name`` and ``version`` of ``[project]`` in pyproject.toml;
- ``catalogue``: the DataStore limits and error catalogue of ``dsm.emulator``;
- one name per ``*.toml`` in the data folder: ``theme`` and ``constants`` are checked
  (see ``theme.py``, ``constants.py``), any other file is read as it is.

Each source is loaded only when a template uses it, and a generated file's header lists
exactly the sources its template uses.
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsm.config import PYPROJECT
from dsm.errors import DsmError
from dsm.generate import constants, theme
from dsm.generate.datafile import read_toml
from dsm.generate.settings import Settings

# Data files that are checked on load; any other *.toml is read as it is.
_CHECKED: dict[str, Callable[[Path], Any]] = {"theme": theme.load, "constants": constants.load}
_BUILT_IN = ("project", "catalogue")
CATALOGUE_RESOURCE = ("dsm.emulator", "catalogue.toml")


@dataclass(frozen=True)
class Source:
    name: str
    path: Path
    load: Callable[[], Any]


class Sources:
    """The sources of one run, each loaded at most once."""

    def __init__(self, settings: Settings) -> None:
        self.root = settings.root
        self._sources: dict[str, Source] = {}
        self._loaded: dict[str, Any] = {}
        self._add(Source("project", settings.root / PYPROJECT, lambda: _project(settings.root / PYPROJECT)))
        catalogue_path = settings.catalogue or _packaged_catalogue()
        self._add(Source("catalogue", catalogue_path, lambda: _catalogue(settings.catalogue)))
        for path in sorted(settings.data.glob("*.toml")) if settings.data.is_dir() else []:
            if path.stem in _BUILT_IN:
                raise DsmError(f'"{path.stem}" is a built-in source name; rename the data file', path=path)
            self._add(Source(path.stem, path, _data_loader(path)))
        for name in _CHECKED:  # known even before its file exists, so a missing file is named
            if name not in self._sources:
                self._add(Source(name, settings.data / f"{name}.toml", _data_loader(settings.data / f"{name}.toml")))

    def _add(self, source: Source) -> None:
        self._sources[source.name] = source

    @property
    def names(self) -> list[str]:
        return sorted(self._sources)

    def __contains__(self, name: str) -> bool:
        return name in self._sources

    def value(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded[name] = self._sources[name].load()
        return self._loaded[name]

    def label(self, name: str) -> str:
        """The source's path as headers show it: relative to the project root, with forward slashes."""
        return relative_label(self._sources[name].path, self.root)


def relative_label(path: Path, root: Path) -> str:
    try:
        relative = os.path.relpath(path.resolve(), root.resolve())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        # Outside the project (an installed dsm): name the file the same on every machine.
        return "/".join(path.parts[-3:]) if path.name == CATALOGUE_RESOURCE[1] else path.as_posix()
    return Path(relative).as_posix()


def _data_loader(path: Path) -> Callable[[], Any]:
    checked = _CHECKED.get(path.stem)
    if checked is not None:
        return lambda: checked(path)
    return lambda: read_toml(path)


def _packaged_catalogue() -> Path:
    package, name = CATALOGUE_RESOURCE
    return Path(str(importlib.resources.files(package) / name))


def _project(pyproject: Path) -> dict[str, str]:
    table = read_toml(pyproject).get("project")
    if not isinstance(table, dict):
        raise DsmError("has no [project] table; the version comes from [project] version", path=pyproject)
    name, version = table.get("name"), table.get("version")
    if not isinstance(version, str) or not version:
        raise DsmError('[project] version must be a string such as "1.2.0"', path=pyproject)
    if not isinstance(name, str) or not name:
        raise DsmError("[project] name must be a string", path=pyproject)
    return {"name": name, "version": version}


@dataclass(frozen=True)
class CatalogueData:
    """The catalogue as templates read it; names follow the Luau fields they become."""

    limits: dict[str, int]
    """Sorted by name."""
    errors: list[dict[str, Any]]
    """In catalogue order (by code, then the named errors): ``code`` (absent for named
    errors), ``name``, ``robloxName``, ``aliases``, ``message``, ``category``, ``retryable``."""
    categories: list[str]
    """Every category an error can have, sorted."""


def _catalogue(path: Path | None) -> CatalogueData:
    from dsm.emulator import catalogue

    if path is None:
        data = catalogue.load()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DsmError(f"cannot read the catalogue ({error})", path=path) from None
        data = catalogue.parse(text, source=str(path))
    errors = [
        {
            "code": entry.code,
            "name": entry.name,
            "robloxName": entry.roblox_name or entry.name,
            "aliases": list(entry.aliases),
            "message": entry.message,
            "category": entry.category,
            "retryable": entry.retryable,
        }
        for entry in data.errors
    ]
    return CatalogueData(
        limits=dict(sorted(data.limits.items())), errors=errors, categories=sorted(catalogue.CATEGORIES)
    )
