"""Throwaway lint projects: a base plugin plus one rule's fixture files, and ways to lint them."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import REPO
from dsm import config
from dsm.cli import main
from dsm.lint import engine, settings
from dsm.lint.findings import Finding
from dsm.project import build_tree

FIXTURES = REPO / "tests" / "fixtures" / "lint"
# Fixture specs are stored under another suffix so the Luau spec runner does not collect them.
STORED_SPEC_SUFFIX = ".spec.fixture.luau"

ENTRY = """--!strict
-- The plugin's entry script: hands `plugin` to the app, which owns everything else.
local App = require(script.App)

App.start(plugin)
"""

APP = """--!strict
local App = {}

function App.start(plugin: Plugin)
	local toolbar = plugin:CreateToolbar("DataStore Manager Pro")
	toolbar:CreateButton("DataStores", "Browse DataStores", "")
end

return App
"""


def make_project(root: Path, *, tool_dsm: str = "", fixture: str | None = None) -> Path:
    """A plugin project like ours (a package mapped under Packages), plus a fixture overlay.

    ``fixture`` names a folder of tests/fixtures/lint copied over the project; its
    ``*.spec.fixture.luau`` files become ``*.spec.luau`` specs.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[tool.dsm]\n{tool_dsm}", encoding="utf-8")
    tree = {"$path": "plugin/src", "Packages": {"$className": "Folder", "Lib": {"$path": "node_modules/lib/src"}}}
    (root / "build.project.json").write_text(
        json.dumps({"name": "DataStoreManagerPro", "tree": tree}), encoding="utf-8"
    )
    write(root, "plugin/src/init.server.luau", ENTRY)
    write(root, "plugin/src/App.luau", APP)
    write(root, "node_modules/lib/src/init.luau", 'local util = require("@self/util")\nreturn { util = util }\n')
    write(root, "node_modules/lib/src/util.luau", 'local mock = game and {} or require("../test/mock")\nreturn mock\n')
    if fixture is not None:
        shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
        for stored in root.rglob(f"*{STORED_SPEC_SUFFIX}"):
            stored.rename(stored.with_name(stored.name.removesuffix(STORED_SPEC_SUFFIX) + ".spec.luau"))
    return root


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def working_folder(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def lint(root: Path, paths: list[str] | None = None) -> list[Finding]:
    """The findings of linting ``paths`` (default: the configured ones), from the project root."""
    with working_folder(root):
        project = config.load(root)
        result = engine.lint(
            settings.from_config(project),
            build_tree(project.project),
            [root / path for path in paths] if paths is not None else None,
        )
    return result.findings


def brief(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(finding.path, finding.line, finding.column, finding.rule) for finding in findings]


def run_cli(args: list[str], cwd: Path) -> Result:
    with working_folder(cwd):
        return CliRunner().invoke(main, args, catch_exceptions=False)


def fake_selene(folder: Path, script: str) -> Path:
    """An executable `selene` in ``folder`` running the shell ``script``."""
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / "selene"
    tool.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return tool
