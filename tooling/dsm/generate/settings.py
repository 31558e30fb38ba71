"""Where ``dsm generate`` reads and writes: ``[tool.dsm.generate]``, over the defaults."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from dsm.config import DEFAULTS, PYPROJECT, Config
from dsm.errors import UsageError

KEYS = ("templates", "data", "output")


@dataclass(frozen=True)
class Settings:
    root: Path
    """The project root: headers name every source relative to it."""
    templates: Path
    data: Path
    output: Path
    catalogue: Path | None = None
    """The DataStore limits and error catalogue; None means the one packaged with dsm.emulator."""


def from_config(config: Config) -> Settings:
    """The folders of ``[tool.dsm.generate]``; unknown keys are usage errors with a suggestion."""
    pyproject = config.root / PYPROJECT
    table = config.raw.get("generate")
    if not isinstance(table, dict):
        raise UsageError("[tool.dsm.generate] must be a table", path=pyproject)
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; known keys: {', '.join(KEYS)}"
            raise UsageError(f'unknown key "{key}" in [tool.dsm.generate]{hint}', path=pyproject)
    merged = {**DEFAULTS["generate"], **table}
    for key in KEYS:
        if not isinstance(merged[key], str) or not merged[key]:
            raise UsageError(f"[tool.dsm.generate] {key} must be a folder path string", path=pyproject)
    return Settings(
        root=config.root,
        templates=config.root / merged["templates"],
        data=config.root / merged["data"],
        output=config.root / merged["output"],
    )
