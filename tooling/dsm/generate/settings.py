"""Where ``dsm generate`` reads and writes: ``[tool.dsm.generate]``, over the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dsm.config import PYPROJECT, Config, command_table
from dsm.errors import UsageError


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
    merged = command_table(config, "generate")
    for key, value in merged.items():
        if not isinstance(value, str) or not value:
            raise UsageError(f"[tool.dsm.generate] {key} must be a folder path string", path=pyproject)
    return Settings(
        root=config.root,
        templates=config.root / merged["templates"],
        data=config.root / merged["data"],
        output=config.root / merged["output"],
    )
