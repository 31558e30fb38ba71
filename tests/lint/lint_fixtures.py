"""Throwaway lint projects: a base plugin plus one rule's fixture files, and ways to lint them."""

from __future__ import annotations

import shutil
from pathlib import Path

import projectkit
from conftest import REPO
from dsm import config
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

# Like our own project file: the plugin, and an npm package mapped under Packages.
TREE = {"$path": "plugin/src", "Packages": {"$className": "Folder", "Lib": {"$path": "node_modules/lib/src"}}}
BASE_FILES = {
    "plugin/src/App.luau": APP,
    "node_modules/lib/src/init.luau": 'local util = require("@self/util")\nreturn { util = util }\n',
    "node_modules/lib/src/util.luau": 'local mock = game and {} or require("../test/mock")\nreturn mock\n',
}


def make_project(root: Path, *, tool_dsm: str = "", fixture: str | None = None) -> Path:
    """A plugin project like ours (a package mapped under Packages), plus a fixture overlay.

    ``fixture`` names a folder of tests/fixtures/lint copied over the project; its
    ``*.spec.fixture.luau`` files become ``*.spec.luau`` specs.
    """
    projectkit.make_project(root, BASE_FILES, entry=ENTRY, tree=TREE, tool_dsm=tool_dsm)
    if fixture is not None:
        shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
        for stored in root.rglob(f"*{STORED_SPEC_SUFFIX}"):
            stored.rename(stored.with_name(stored.name.removesuffix(STORED_SPEC_SUFFIX) + ".spec.luau"))
    return root


def lint(root: Path, paths: list[str] | None = None) -> list[Finding]:
    """The findings of linting ``paths`` (default: the configured ones), from the project root."""
    with projectkit.working_folder(root):
        project = config.load(root)
        result = engine.lint(
            settings.from_config(project),
            build_tree(project.project),
            [root / path for path in paths] if paths is not None else None,
        )
    return result.findings


def brief(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(finding.path, finding.line, finding.column, finding.rule) for finding in findings]
