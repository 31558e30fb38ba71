"""Spec helpers: `.luau` modules beside a spec that the spec requires as `./name`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from dsm.cli import main

HELPER = """
local Helper = {}
function Helper.double(value: number): number
	return value * 2
end
Helper.where = script:GetFullName()
return Helper
"""

USING_SPEC = """
local helper = require("./helper")
describe("a spec with a helper", function()
	it("requires the module beside it", function()
		expect(helper.double(21)).toBe(42)
		expect(helper.where).toBe("ServerScriptService.helper")
	end)
end)
"""

FAILING_HELPER = """
error("the helper broke on purpose")
"""


def _project(root: Path, files: dict[str, str]) -> Path:
    (root / "pyproject.toml").write_text("[tool.dsm]\n", encoding="utf-8")
    (root / "build.project.json").write_text(
        json.dumps({"name": "DataStoreManagerPro", "tree": {"$path": "plugin/src"}}), encoding="utf-8"
    )
    source = root / "plugin" / "src"
    source.mkdir(parents=True)
    (source / "init.server.luau").write_text("-- the entry\n", encoding="utf-8")
    for name, text in files.items():
        path = root / "plugin" / "tests" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _run(args: list[str], cwd: Path) -> Result:
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(previous)


def test_a_spec_requires_a_helper_beside_it(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": HELPER, "UI/uses.spec.luau": USING_SPEC})
    result = _run(["test"], root)
    assert result.exit_code == 0, result.output
    assert "1 passed, 1 total" in result.output
    # The helper is a module, not a spec of its own.
    assert "helper.luau" not in result.output


def test_helpers_belong_to_their_folder(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": HELPER, "Other/uses.spec.luau": USING_SPEC})
    result = _run(["test"], root)
    assert result.exit_code == 1
    assert 'Could not require "./helper"' in result.output
    assert 'has no child named "helper"' in result.output


def test_an_error_in_a_helper_names_the_helper(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": FAILING_HELPER, "UI/uses.spec.luau": USING_SPEC})
    result = _run(["test"], root)
    assert result.exit_code == 1
    assert "plugin/tests/UI/helper.luau:2" in result.output
    assert "the helper broke on purpose" in result.output
