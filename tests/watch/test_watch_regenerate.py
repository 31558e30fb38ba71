"""The watcher runs `dsm generate` through its Python API."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from dsm import config
from dsm.watch.regenerate import regeneration


def test_regeneration_renders_templates_and_reports_what_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dsm]\n", encoding="utf-8")
    templates = tmp_path / "plugin" / "templates"
    templates.mkdir(parents=True)
    (templates / "Answer.luau.j2").write_text("--!strict\nreturn 42\n", encoding="utf-8")
    regen = regeneration(config.load(tmp_path))
    assert regen.inputs == [templates, tmp_path / "plugin" / "data"]
    assert regen.run is not None
    output = tmp_path / "plugin" / "src" / "Shared" / "Generated" / "Answer.luau"
    assert regen.run() == [output]
    assert output.read_text(encoding="utf-8").endswith("--!strict\nreturn 42\n")
    assert regen.run() == []  # up to date: nothing rewritten, so nothing for the watcher to rebuild


def test_a_project_without_templates_has_nothing_to_regenerate(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dsm]\n", encoding="utf-8")
    regen = regeneration(config.load(tmp_path))
    assert (regen.inputs, regen.run, regen.note) == ([], None, None)


def test_without_dsm_generate_the_watcher_says_it_skips_regeneration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dsm]\n", encoding="utf-8")

    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", missing)
    regen = regeneration(config.load(tmp_path))
    assert (regen.inputs, regen.run) == ([], None)
    assert regen.note == "dsm generate is not part of this toolchain; template changes are not regenerated"
