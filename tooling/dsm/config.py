"""Where the project is and how it is configured: ``[tool.dsm]`` in ``pyproject.toml``.

``dsm`` runs from any folder inside the project: the root is the nearest ancestor whose
``pyproject.toml`` has a ``[tool.dsm]`` table. Flags override the configuration.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsm.errors import DsmError, UsageError

PYPROJECT = "pyproject.toml"

# Every key [tool.dsm] accepts, with its default; sub-tables belong to one command each.
DEFAULTS: dict[str, Any] = {
    "project": "build.project.json",
    "output": "build/DataStoreManagerPro.rbxm",
    # `dsm generate`: templates and data in, generated Luau modules out.
    "generate": {"templates": "plugin/templates", "data": "plugin/data", "output": "plugin/src/Shared/Generated"},
    # `dsm lint`: what it checks without PATHS, rules switched off, globs of files it skips.
    "lint": {"paths": ["plugin/src", "plugin/tests"], "disable": [], "ignore": []},
}


@dataclass(frozen=True)
class Config:
    root: Path
    project: Path
    output: Path
    raw: dict[str, Any]


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.dsm]."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file() and "tool" in (table := _read_pyproject(candidate)) and "dsm" in table["tool"]:
            return folder
    return None


def _read_pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DsmError(f"not valid TOML ({error}); fix the file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DsmError(f"cannot read the file ({error})", path=path) from None


def _check_keys(table: dict[str, Any], known: Sequence[str], where: str, path: Path) -> None:
    """Unknown keys are usage errors naming the closest known key, or all of them in ``known``'s order."""
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; known keys: {', '.join(known)}"
            raise UsageError(f'unknown key "{key}" in [{where}]{hint}', path=path)


def command_table(config: Config, command: str) -> dict[str, Any]:
    """``[tool.dsm.<command>]`` merged over its entry in ``DEFAULTS``.

    Anything but a table, or a key the defaults do not have, is a usage error (with a "did
    you mean"); the values are left for the command to check, as only it knows their meaning.
    """
    pyproject = config.root / PYPROJECT
    table = config.raw.get(command)
    if not isinstance(table, dict):
        raise UsageError(f"[tool.dsm.{command}] must be a table", path=pyproject)
    _check_keys(table, list(DEFAULTS[command]), f"tool.dsm.{command}", pyproject)
    return {**DEFAULTS[command], **table}


def load(start: Path | None = None) -> Config:
    """The configuration of the project that contains ``start`` (default: the working folder)."""
    start = (start or Path.cwd()).resolve()
    root = find_root(start)
    if root is None:
        raise UsageError(
            f"no DataStore Manager Pro project here: no {PYPROJECT} with a [tool.dsm] table in "
            f"{start} or any folder above it; run dsm from inside the project"
        )
    pyproject = root / PYPROJECT
    table = _read_pyproject(pyproject)["tool"]["dsm"]
    if not isinstance(table, dict):
        raise UsageError("[tool.dsm] must be a table", path=pyproject)
    _check_keys(table, sorted(DEFAULTS), "tool.dsm", pyproject)
    merged = {**DEFAULTS, **table}
    for key in ("project", "output"):
        if not isinstance(merged[key], str):
            raise UsageError(f"[tool.dsm] {key} must be a path string", path=pyproject)
    return Config(root=root, project=root / merged["project"], output=root / merged["output"], raw=merged)
