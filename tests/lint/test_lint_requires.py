"""Static requires: which calls are recognised, and where each one leads in the built plugin."""

from __future__ import annotations

from pathlib import Path

from lint_fixtures import make_project

from dsm.lint.files import read_source
from dsm.lint.requirecalls import require_calls
from dsm.lint.resolve import Found, TreeModel, Unknown
from dsm.project import build_tree


def _resolved(root: Path, relative: str) -> list[tuple[int, str]]:
    """(line, full name of the module) for each static require of the file, Unknown as "?"."""
    model = TreeModel(build_tree(root / "build.project.json"))
    path = (root / relative).resolve()
    source = read_source(path, root)
    node = model.node_for(str(path))
    in_plugin = node is not None
    script = node or model.runner_script(path.name.split(".")[0])
    out = []
    for call in require_calls(source):
        if isinstance(call.target, str):
            result = model.resolve_string(script, call.target, in_plugin)
        else:
            result = model.resolve_path(script, call.target, in_plugin)
        assert isinstance(result, Found | Unknown), (call, result)
        out.append((call.line, result.node.full_name() if isinstance(result, Found) else "?"))
    return out


def test_every_form_in_the_clean_fixture_reaches_its_module(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", fixture="require-resolves/clean")
    core = "DataStoreManagerPro.Core"
    assert _resolved(root, "plugin/src/Core/Store.luau") == [
        (6, "DataStoreManagerPro.Views.Browser"),
        (7, f"{core}.Cache"),
        (8, f"{core}.Cache"),
        (9, "DataStoreManagerPro.Packages.Lib"),
        (10, "DataStoreManagerPro.Views.Browser.Row"),
        (11, "DataStoreManagerPro.Views.Browser.Row"),
        (12, f"{core}.Signal"),
        (13, f"{core}.Signal"),
        (14, "DataStoreManagerPro.Views.Key List"),
        (15, f"{core}.Cache"),
        # line 19 builds the name at run time: not a static require
    ]


def test_specs_reach_the_mounted_plugin_and_skip_what_they_make_at_run_time(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", fixture="require-resolves/clean")
    assert _resolved(root, "plugin/tests/Store.spec.luau") == [
        (3, "DataStoreManagerPro.Core.Signal"),
        (4, "DataStoreManagerPro.Core.Store"),
        (11, "?"),  # game.ServerStorage.MadeBySpec: ServerStorage's other children are not known
    ]


def test_fallback_requires_and_shadowed_names_are_not_static(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    source = "local require = function(x: any) return x end\nlocal a = require(script.Parent.Missing)\n"
    (root / "plugin/src/Shadow.luau").write_text(source, encoding="utf-8")
    assert _resolved(root, "plugin/src/Shadow.luau") == []
    # `game and {} or require("../test/mock")` in the package: only outside Roblox.
    assert _resolved(root, "node_modules/lib/src/util.luau") == []
    assert _resolved(root, "node_modules/lib/src/init.luau") == [(1, "DataStoreManagerPro.Packages.Lib.util")]


def test_a_require_spread_over_lines(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    source = "local App = require(\n\tscript.Parent.App\n)\nlocal Lib =\n\trequire(script.Parent.Packages.Lib)\n"
    (root / "plugin/src/Spread.luau").write_text(source, encoding="utf-8")
    assert _resolved(root, "plugin/src/Spread.luau") == [
        (1, "DataStoreManagerPro.App"),
        (5, "DataStoreManagerPro.Packages.Lib"),
    ]


def test_a_local_alias_bound_twice_is_not_trusted(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    source = (
        "local Folder = script.Parent\n"
        "local function other()\n"
        "\tlocal Folder = script.Parent.Parent\n"
        "\treturn Folder\n"
        "end\n"
        "local App = require(Folder.App)\n"
        "local Same = script.Parent\n"
        "local Again = require(Same.App)\n"
        "return { other = other, App = App, Again = Again }\n"
    )
    (root / "plugin/src/Alias.luau").write_text(source, encoding="utf-8")
    assert _resolved(root, "plugin/src/Alias.luau") == [(8, "DataStoreManagerPro.App")]
