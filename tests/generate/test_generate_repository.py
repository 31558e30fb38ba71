"""The project's own generated modules: committed up to date, StyLua-clean, true to their sources."""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from dsm import config, generate
from dsm.emulator import catalogue
from dsm.errors import DsmError

GENERATED = REPO / "plugin/src/Shared/Generated"

READ_CONSTANTS = """
local HttpService = game:GetService("HttpService")
local Constants = require(game.ServerStorage.DataStoreManagerPro.Shared.Generated.Constants)
print(HttpService:JSONEncode({
	version = Constants.VERSION,
	limits = Constants.LIMITS,
	errors = Constants.ERRORS.list,
	views = Constants.VIEWS,
}))
"""


def test_the_committed_modules_are_up_to_date() -> None:
    stale = [output for output in generate.plan(generate.from_config(config.load(REPO))) if output.stale]
    assert not stale, "run `dsm generate`:\n" + "".join(generate.diff(output, output.path.name) for output in stale)


def test_the_committed_modules_are_formatted_as_stylua_formats_them() -> None:
    from dsm.fmt.backends import open_formatter
    from dsm.fmt.config import load_config

    try:
        with open_formatter(REPO, load_config(REPO)) as formatter:
            for path in sorted(GENERATED.glob("*.luau")):
                text = path.read_text(encoding="utf-8")
                assert formatter.format(text) == text, path.name
    except DsmError as error:
        pytest.skip(f"StyLua is not available here: {error}")


def _constants_in_the_runtime(tmp_path: Path) -> dict[str, Any]:
    """The Constants module as the plugin sees it, read back through the headless runtime."""
    from dsm.project import build_tree
    from dsm.runtime.host import Runtime

    script = tmp_path / "read_constants.luau"
    script.write_text(READ_CONSTANTS, encoding="utf-8")
    stdout = io.StringIO()
    runtime = Runtime(REPO, stdout=stdout, stderr=io.StringIO())
    runtime.mount(build_tree(REPO / "build.project.json"))
    assert runtime.run_file(script) == []
    return json.loads(stdout.getvalue())  # type: ignore[no-any-return]


def test_constants_match_the_catalogue_and_pyproject(tmp_path: Path) -> None:
    constants = _constants_in_the_runtime(tmp_path)
    source = catalogue.load()
    assert constants["limits"] == source.limits
    expected_errors = [
        {
            **({"code": entry.code} if entry.code is not None else {}),
            "name": entry.name,
            "robloxName": entry.roblox_name or entry.name,
            "aliases": list(entry.aliases),
            "message": entry.message,
            "category": entry.category,
            "retryable": entry.retryable,
        }
        for entry in source.errors
    ]
    assert constants["errors"] == expected_errors
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert constants["version"] == pyproject["project"]["version"]
    data = tomllib.loads((REPO / "plugin/data/constants.toml").read_text(encoding="utf-8"))
    assert constants["views"] == data["views"]
    assert len(constants["views"]) == 12
