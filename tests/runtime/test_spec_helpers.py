"""Spec helpers: `.luau` modules beside a spec that the spec requires as `./name`."""

from __future__ import annotations

from pathlib import Path

from projectkit import make_project, run_dsm

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


def _project(root: Path, specs: dict[str, str]) -> Path:
    """A plugin with ``specs`` (path below plugin/tests → source)."""
    return make_project(root, {f"plugin/tests/{name}": text for name, text in specs.items()}, entry="-- the entry\n")


def test_a_spec_requires_a_helper_beside_it(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": HELPER, "UI/uses.spec.luau": USING_SPEC})
    result = run_dsm(["test"], root)
    assert result.exit_code == 0, result.output
    assert "1 passed, 1 total" in result.output
    # The helper is a module, not a spec of its own.
    assert "helper.luau" not in result.output


def test_helpers_belong_to_their_folder(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": HELPER, "Other/uses.spec.luau": USING_SPEC})
    result = run_dsm(["test"], root)
    assert result.exit_code == 1
    assert 'Could not require "./helper"' in result.output
    assert 'has no child named "helper"' in result.output


def test_an_error_in_a_helper_names_the_helper(tmp_path: Path) -> None:
    root = _project(tmp_path, {"UI/helper.luau": FAILING_HELPER, "UI/uses.spec.luau": USING_SPEC})
    result = run_dsm(["test"], root)
    assert result.exit_code == 1
    assert "plugin/tests/UI/helper.luau:2" in result.output
    assert "the helper broke on purpose" in result.output
