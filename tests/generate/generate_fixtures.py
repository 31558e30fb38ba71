"""A throwaway copy of the generate fixture project, and the settings to run ``dsm generate`` on it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from conftest import REPO
from dsm import config, generate

FIXTURES = REPO / "tests" / "fixtures" / "generate"
OUTPUT = Path("plugin/src/Shared/Generated")


def copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    return root


def settings(root: Path) -> generate.Settings:
    """The project's settings, reading the fixture catalogue instead of the packaged one."""
    return replace(generate.from_config(config.load(root)), catalogue=root / "catalogue.toml")
