"""Runs ``dsm generate`` from the watcher when its templates or data change."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from dsm.config import Config
from dsm.watch.session import Regenerate


@dataclass(frozen=True)
class Regeneration:
    inputs: list[Path]
    """The template and data folders to watch."""
    run: Regenerate | None
    """None when ``dsm generate`` cannot run here; ``note`` says why."""
    note: str | None = None


def regeneration(config: Config) -> Regeneration:
    """How to regenerate this project's generated modules, through ``dsm.generate``'s Python API."""
    try:
        generate = importlib.import_module("dsm.generate")
    except ImportError:
        return Regeneration(
            [], None, "dsm generate is not part of this toolchain; template changes are not regenerated"
        )
    settings = generate.from_config(config)
    if not settings.templates.is_dir():
        return Regeneration([], None, None)  # a project without templates has nothing to regenerate

    def run() -> list[Path]:
        return [output.path for output in generate.apply(generate.plan(settings))]

    return Regeneration([settings.templates, settings.data], run)
