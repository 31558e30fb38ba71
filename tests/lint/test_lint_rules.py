"""Each rule on its fixture: a project with findings and a project without (tests/fixtures/lint/<rule>)."""

from __future__ import annotations

from pathlib import Path

from lint_fixtures import brief, lint, make_project


def _findings(tmp_path: Path, fixture: str) -> list[tuple[str, int, int, str]]:
    return brief(lint(make_project(tmp_path / "project", fixture=fixture)))


def _messages(tmp_path: Path, fixture: str) -> list[str]:
    return [finding.text() for finding in lint(make_project(tmp_path / "project", fixture=fixture))]


def test_syntax_error_names_the_line_and_the_token(tmp_path: Path) -> None:
    # Luau reports lines only: the column is the token the message names when the line has one
    # such token, else the line's first character.
    assert _messages(tmp_path, "syntax/finding") == [
        "plugin/src/Broken.luau:5:13: syntax: Expected identifier when parsing expression, got 'then'",
        "plugin/src/Unfinished.luau:2:1: syntax: Malformed string; did you forget to finish it?",
    ]


def test_syntax_accepts_interpolation_generics_and_type_functions(tmp_path: Path) -> None:
    assert _findings(tmp_path, "syntax/clean") == []


def test_require_resolves_reports_every_broken_require(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "require-resolves/finding")
    core = "plugin/src/Core/Store.luau"
    assert messages == [
        'node_modules/lib/src/util.luau:1:17: require-resolves: require("./helpers") does not resolve: '
        'DataStoreManagerPro.Packages.Lib has no child named "helpers"',
        f'{core}:2:15: require-resolves: require("./Cache") does not resolve: '
        'DataStoreManagerPro.Core has no child named "Cache"',
        f'{core}:3:16: require-resolves: require(script:FindFirstChild("Helper")) does not resolve: '
        'DataStoreManagerPro.Core.Store has no child named "Helper"',
        f"{core}:4:17: require-resolves: require(script.Parent.Parent.Parent.Other) does not resolve: "
        "it leads above the plugin's root DataStoreManagerPro, which has no parent in Studio",
        f"{core}:5:16: require-resolves: require(script.Parent.Signal) does not resolve: "
        'DataStoreManagerPro.Core has no child named "Signal"',
        f'{core}:6:15: require-resolves: require("Shared/Theme") does not resolve: '
        "a path must start with ./, ../, @self/ or @game/",
        f"{core}:7:15: require-resolves: require(script.Parent.Parent.Views) does not resolve: "
        "DataStoreManagerPro.Views is a Folder, not a ModuleScript",
        "plugin/tests/Store.spec.luau:3:15: require-resolves: "
        "require(game.ServerStorage.DataStoreManagerPro.Core.Stores) does not resolve: "
        'DataStoreManagerPro.Core has no child named "Stores"',
    ]


def test_require_resolves_accepts_every_form_the_runtime_resolves(tmp_path: Path) -> None:
    # String paths, instance paths through locals, FindFirstChild/WaitForChild, init modules,
    # names with spaces, the mounted tree from specs; dynamic requires are left alone.
    assert _findings(tmp_path, "require-resolves/clean") == []


def test_require_cycle_names_the_whole_cycle_once(tmp_path: Path) -> None:
    assert _messages(tmp_path, "require-cycle/finding") == [
        "plugin/src/Core/Log.luau:2:15: require-cycle: DataStoreManagerPro.Core.Log -> "
        "DataStoreManagerPro.Core.Store -> DataStoreManagerPro.Core.Log: these modules require each other "
        "while loading, which fails in Studio; move what they share into another module or require one of "
        "them inside a function"
    ]


def test_require_inside_a_function_breaks_a_cycle(tmp_path: Path) -> None:
    assert _findings(tmp_path, "require-cycle/clean") == []


def test_deprecated_globals_with_their_replacements(tmp_path: Path) -> None:
    assert _messages(tmp_path, "deprecated-global/finding") == [
        "plugin/src/Poller.luau:5:2: deprecated-global: spawn is deprecated: use task.spawn (or task.defer)",
        "plugin/src/Poller.luau:8:4: deprecated-global: wait is deprecated: use task.wait",
        "plugin/src/Poller.luau:11:2: deprecated-global: delay is deprecated: use task.delay",
        "plugin/src/Poller.luau:12:9: deprecated-global: Workspace is deprecated: use workspace",
        "plugin/src/Poller.luau:12:20: deprecated-global: Game is deprecated: use game",
    ]


def test_task_library_and_a_local_named_wait_are_fine(tmp_path: Path) -> None:
    assert _findings(tmp_path, "deprecated-global/clean") == []


def test_strict_header_missing_weaker_or_too_late(tmp_path: Path) -> None:
    assert _messages(tmp_path, "strict-header/finding") == [
        "plugin/src/Late.luau:1:1: strict-header: --!strict on line 2 comes after code, where Luau ignores it; "
        "move it to the first line",
        "plugin/src/Lenient.luau:1:1: strict-header: --!nonstrict here: plugin sources are --!strict; "
        "fix the types it hides instead",
        "plugin/src/Loose.luau:1:1: strict-header: plugin sources start with --!strict; add it as the first line",
    ]


def test_strict_header_after_leading_comments_and_not_in_specs(tmp_path: Path) -> None:
    assert _findings(tmp_path, "strict-header/clean") == []


def test_undefined_globals_members_enums_and_plugin_outside_scripts(tmp_path: Path) -> None:
    toolbar = "plugin/src/Toolbar.luau"
    spec = "plugin/tests/Toolbar.spec.luau"
    plugin_nil = (
        "plugin is nil here: Studio gives it only to the plugin's Scripts, not to ModuleScripts or specs; "
        "pass it from the entry script"
    )
    assert _messages(tmp_path, "undefined-global/finding") == [
        f"{toolbar}:5:17: undefined-global: {plugin_nil}",
        f"{toolbar}:7:15: undefined-global: UDim2.fromScal is not a member of UDim2; did you mean fromScale?",
        f"{toolbar}:10:15: undefined-global: Enum.Font.ComicSans is not an item of Enum.Font; did you mean SourceSans?",
        f"{toolbar}:11:25: undefined-global: Enum.TextXAlign is not an Enum; did you mean TextXAlignment?",
        f"{toolbar}:12:2: undefined-global: pirnt is not a Roblox, Luau or test global; did you mean print?",
        f"{toolbar}:13:2: undefined-global: assigns the undefined global lastFrame; declare it with local",
        f"{toolbar}:14:2: undefined-global: describe exists only in specs (plugin/tests), not in the plugin",
        f"{toolbar}:15:16: undefined-global: string.trimm is not a member of string",
        f"{spec}:4:10: undefined-global: {plugin_nil}",
        f"{spec}:5:10: undefined-global: notAGlobal is not a Roblox, Luau or test global",
    ]


def test_roblox_luau_and_spec_globals_are_defined(tmp_path: Path) -> None:
    assert _findings(tmp_path, "undefined-global/clean") == []


def test_placeholder_data_in_strings_comments_names_and_random_values(tmp_path: Path) -> None:
    key_list = "plugin/src/KeyList.luau"
    assert _messages(tmp_path, "placeholder-data/finding") == [
        f'{key_list}:4:1: placeholder-data: a TODO about "placeholder" marks made-up data left in place; '
        "finish the real code or remove it",
        f"{key_list}:5:7: placeholder-data: fakeEntries names made-up data; plugin sources use real data only "
        "(fakes belong in plugin/tests)",
        f'{key_list}:8:15: placeholder-data: "Lorem ipsum" is made-up data; the plugin shows real data only',
        f'{key_list}:9:19: placeholder-data: "mock data" is made-up data; the plugin shows real data only',
        f"{key_list}:11:27: placeholder-data: math.random makes up values; if they are never shown as data "
        "(e.g. retry jitter), say so with -- dsm-lint: ignore placeholder-data",
    ]


def test_placeholder_text_property_suppressed_jitter_and_specs_are_fine(tmp_path: Path) -> None:
    assert _findings(tmp_path, "placeholder-data/clean") == []


def test_linting_one_module_of_a_cycle_still_finds_the_cycle(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", fixture="require-cycle/finding")
    assert brief(lint(root, ["plugin/src/Core/Store.luau"])) == [("plugin/src/Core/Log.luau", 2, 15, "require-cycle")]
    # A module outside the cycle, linted alone, reports nothing about it.
    assert lint(root, ["plugin/src/App.luau"]) == []
