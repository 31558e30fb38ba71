"""How ``dsm lint`` is configured: ``[tool.dsm.lint]`` in pyproject.toml, over the defaults."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsm.config import PYPROJECT, Config, command_table
from dsm.errors import UsageError
from dsm.lint.catalog import RULES, is_known
from dsm.project.globs import Glob, GlobError, compile_glob


@dataclass(frozen=True)
class Settings:
    root: Path
    paths: tuple[str, ...]
    """What to lint when no PATHS are given, relative to the root."""
    disable: frozenset[str]
    """Rules switched off for the whole project."""
    ignore: tuple[Glob, ...]
    """Files never linted, as globs relative to the root (``plugin/src/Vendor/**``)."""

    def ignores(self, relative: str) -> bool:
        return any(glob.matches(relative) for glob in self.ignore)


def _strings(table: dict[str, Any], key: str, pyproject: Path) -> list[str]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"[tool.dsm.lint] {key} must be a list of strings", path=pyproject)
    return value


def from_config(config: Config) -> Settings:
    """The settings of ``[tool.dsm.lint]``; unknown keys and rule names are usage errors."""
    pyproject = config.root / PYPROJECT
    merged = command_table(config, "lint")
    paths, disable, ignore = (_strings(merged, key, pyproject) for key in ("paths", "disable", "ignore"))
    for name in disable:
        if not is_known(name):
            close = difflib.get_close_matches(name, list(RULES), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; rules: {', '.join(RULES)}"
            raise UsageError(f'unknown rule "{name}" in [tool.dsm.lint] disable{hint}', path=pyproject)
    globs = []
    for pattern in ignore:
        try:
            globs.append(compile_glob(pattern))
        except GlobError as error:
            raise UsageError(f'[tool.dsm.lint] ignore: bad glob "{pattern}": {error}', path=pyproject) from None
    return Settings(config.root, tuple(paths), frozenset(disable), tuple(globs))
