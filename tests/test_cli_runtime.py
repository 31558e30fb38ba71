"""`dsm test` and `dsm run`: what a plugin developer sees, and the exit codes CI relies on."""

from __future__ import annotations

from pathlib import Path

from projectkit import make_project, run_dsm

ENTRY = """
local toolbar = plugin:CreateToolbar("Spec Toolbar")
local button = toolbar:CreateButton("Open", "Opens the widget", "", "Open")
local widget = plugin:CreateDockWidgetPluginGui(
	"Widget",
	DockWidgetPluginGuiInfo.new(Enum.InitialDockState.Float, false, false, 300, 200, 100, 100)
)
widget.Title = "Spec Widget"
button.Click:Connect(function()
	widget.Enabled = not widget.Enabled
end)
"""

PASSING_SPEC = """
describe("the plugin", function()
	it("toggles its widget", function()
		local plugin = dsm.loadPlugin()
		local widget = plugin:getWidgets()[1]
		dsm.click(plugin:getButtons()[1])
		expect(widget.Enabled).toBe(true)
	end)
	it.skip("is skipped", function() end)
end)
"""

FAILING_SPEC = """
describe("arithmetic", function()
	it("is wrong on purpose", function()
		local value = 1 + 1
		expect(value).toBe(3)
	end)
end)
"""


def _project(root: Path, specs: dict[str, str]) -> Path:
    files = {"plugin/src/Util.luau": "return { answer = 42 }\n"}
    files.update({f"plugin/tests/{name}": text for name, text in specs.items()})
    return make_project(root, files, entry=ENTRY)


# dsm test


def test_test_passes_and_reports_counts(tmp_path: Path) -> None:
    root = _project(tmp_path, {"plugin.spec.luau": PASSING_SPEC})
    result = run_dsm(["test", "-v"], root)
    assert result.exit_code == 0, result.output
    assert "PASS plugin/tests/plugin.spec.luau" in result.output
    assert "✓ the plugin > toggles its widget" in result.output
    assert "1 passed, 1 skipped, 2 total" in result.output


def test_failing_expectation_exits_1_with_file_and_line(tmp_path: Path) -> None:
    root = _project(tmp_path, {"math.spec.luau": FAILING_SPEC, "plugin.spec.luau": PASSING_SPEC})
    result = run_dsm(["test"], root)
    assert result.exit_code == 1
    assert "FAIL plugin/tests/math.spec.luau" in result.output
    assert "✕ arithmetic > is wrong on purpose" in result.output
    assert "plugin/tests/math.spec.luau:5" in result.output
    assert "Expected: 3" in result.output
    assert "Received: 2" in result.output
    assert "1 failed, 1 passed" in result.output


def test_pattern_selects_spec_files(tmp_path: Path) -> None:
    root = _project(tmp_path, {"math.spec.luau": FAILING_SPEC, "plugin.spec.luau": PASSING_SPEC})
    result = run_dsm(["test", "plugin"], root)
    assert result.exit_code == 0, result.output
    assert "math.spec" not in result.output


def test_a_spec_file_or_folder_path_selects_what_it_names(tmp_path: Path) -> None:
    root = _project(tmp_path, {"math.spec.luau": FAILING_SPEC, "core/plugin.spec.luau": PASSING_SPEC})
    for selection in ("plugin/tests/core/plugin.spec.luau", "plugin/tests/core", str(root / "plugin/tests/core")):
        result = run_dsm(["test", selection], root)
        assert result.exit_code == 0, result.output
        assert "math.spec" not in result.output
        assert "1 passed" in result.output


def test_no_matching_specs_is_a_clear_error(tmp_path: Path) -> None:
    root = _project(tmp_path, {"plugin.spec.luau": PASSING_SPEC})
    result = run_dsm(["test", "nothing-here"], root)
    assert result.exit_code == 1
    assert "no spec files matching nothing-here under plugin/tests" in result.output


def test_runaway_test_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    spec = 'it("spins", function() while true do end end)\nit("still runs", function() expect(1).toBe(1) end)\n'
    root = _project(tmp_path, {"loop.spec.luau": spec})
    result = run_dsm(["test", "--time-limit", "0.5"], root)
    assert result.exit_code == 1
    assert "the test was stopped: it ran longer than the time limit of 0.5 s" in result.output
    assert "1 failed, 1 passed" in result.output


def test_spec_with_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    root = _project(tmp_path, {"broken.spec.luau": 'describe("x", function()\n\tit("y" function() end)\nend)\n'})
    result = run_dsm(["test"], root)
    assert result.exit_code == 1
    assert "FAIL plugin/tests/broken.spec.luau" in result.output
    assert "broken.spec.luau:2" in result.output


# dsm run


def test_run_prints_to_stdout_and_warns_to_stderr(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    script = root / "hello.luau"
    script.write_text(
        'print("answer", require(game.ServerStorage.DataStoreManagerPro.Util).answer)\nwarn("careful")\n'
        "task.wait(2)\nprint(os.clock())\n",
        encoding="utf-8",
    )
    result = run_dsm(["run", "hello.luau"], root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "answer 42\n2\n"
    assert result.stderr == "careful\n"


def test_run_exits_1_on_an_uncaught_error_with_a_traceback(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "plugin" / "src" / "Broken.luau").write_text(
        "local function explode()\n\terror('kaboom')\nend\nreturn explode()\n", encoding="utf-8"
    )
    (root / "boom.luau").write_text("require(game.ServerStorage.DataStoreManagerPro.Broken)\n", encoding="utf-8")
    result = run_dsm(["run", "boom.luau"], root)
    assert result.exit_code == 1
    assert "plugin/src/Broken.luau:2: kaboom" in result.stderr
    assert "plugin/src/Broken.luau:4" in result.stderr
    assert "boom.luau:1" in result.stderr


def test_run_errors_in_delayed_threads_also_fail_the_run(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "late.luau").write_text("task.delay(30, function() error('late failure') end)\n", encoding="utf-8")
    result = run_dsm(["run", "--no-project", "late.luau"], root)
    assert result.exit_code == 1
    assert "late failure" in result.stderr


def test_run_reports_a_missing_script(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    result = run_dsm(["run", "missing.luau"], root)
    assert result.exit_code == 1
    assert "no such script: missing.luau" in result.output


def test_run_stops_a_runaway_script(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "spin.luau").write_text("while true do end\n", encoding="utf-8")
    result = run_dsm(["run", "--no-project", "--time-limit", "0.5", "spin.luau"], root)
    assert result.exit_code == 1
    assert "the script was stopped: it ran longer than the time limit of 0.5 s" in result.stderr
