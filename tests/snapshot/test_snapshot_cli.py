"""`dsm snapshot` on a small plugin: the widget opened, sized, themed and navigated."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from projectkit import make_project, run_dsm

ENTRY = """
local toolbar = plugin:CreateToolbar("Tools")
local button = toolbar:CreateButton("Open", "Opens the widget", "", "Open")
local widget = plugin:CreateDockWidgetPluginGui(
	"Widget",
	DockWidgetPluginGuiInfo.new(Enum.InitialDockState.Float, false, false, 300, 200, 100, 100)
)
button.Click:Connect(function()
	widget.Enabled = not widget.Enabled
end)

local nav = Instance.new("Frame")
nav.Size = UDim2.new(0, 100, 1, 0)
nav.BackgroundColor3 = Color3.fromRGB(0, 0, 255)
nav.BorderSizePixel = 0
nav.Parent = widget
Instance.new("UIListLayout").Parent = nav

local page = Instance.new("Frame")
page.Name = "Page"
page.Position = UDim2.fromOffset(100, 0)
page.Size = UDim2.new(1, -100, 1, 0)
page.BackgroundColor3 = Color3.fromRGB(255, 0, 0)
page.BorderSizePixel = 0
page.Parent = widget

for _, name in { "Home", "Settings" } do
	local entry = Instance.new("TextButton")
	entry.Size = UDim2.new(1, 0, 0, 30)
	entry.Text = name
	entry.Parent = nav
	entry.Activated:Connect(function()
		page.BackgroundColor3 = if name == "Settings" then Color3.fromRGB(0, 255, 0) else Color3.fromRGB(255, 0, 0)
	end)
end
"""


def _project(root: Path) -> Path:
    return make_project(root, name="Plugin", entry=ENTRY)


def _pixel(path: Path, x: int, y: int) -> tuple[int, ...]:
    with Image.open(path) as image:
        return tuple(image.convert("RGB").getpixel((x, y)))  # type: ignore[arg-type]


def test_snapshot_opens_sizes_and_navigates(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["snapshot", "-o", "shot.png", "--size", "320x180", "--view", "settings"], root)
    assert result.exit_code == 0, result.output
    with Image.open(root / "shot.png") as image:
        assert image.size == (320, 180)
    assert _pixel(root / "shot.png", 50, 100) == (0, 0, 255)
    assert _pixel(root / "shot.png", 200, 100) == (0, 255, 0)


def test_a_view_folded_into_a_drawer_is_reached_through_the_menu_button(tmp_path: Path) -> None:
    # A narrow widget hides the navigation in a drawer behind the header's MenuButton.
    drawer = (
        ENTRY
        + """
nav.Visible = false
local menu = Instance.new("TextButton")
menu.Name = "MenuButton"
menu.Text = "Views"
menu.Position = UDim2.new(1, -60, 0, 0)
menu.Size = UDim2.fromOffset(60, 20)
menu.Parent = widget
menu.Activated:Connect(function()
	nav.Visible = not nav.Visible
end)
"""
    )
    root = make_project(tmp_path, name="Plugin", entry=drawer)
    result = run_dsm(["snapshot", "-o", "shot.png", "--size", "320x180", "--view", "Settings"], root)
    assert result.exit_code == 0, result.output
    assert _pixel(root / "shot.png", 200, 100) == (0, 255, 0)


def test_without_a_view_the_widget_shows_as_it_opens(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["snapshot", "-o", "shot.png", "--size", "320x180", "--theme", "light"], root)
    assert result.exit_code == 0, result.output
    assert _pixel(root / "shot.png", 200, 100) == (255, 0, 0)


def test_an_unknown_view_lists_the_entries_there_are(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["snapshot", "-o", "shot.png", "--view", "Analytics"], root)
    assert result.exit_code == 1
    assert 'no navigation entry "Analytics"' in result.output
    assert '"Home", "Settings"' in result.output
    assert not (root / "shot.png").exists()


def test_the_script_runs_before_the_picture_with_the_widget_at_hand(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "setup.luau").write_text(
        "snapshot.widget.Page.BackgroundColor3 = Color3.fromRGB(255, 255, 0)\n", encoding="utf-8"
    )
    result = run_dsm(["snapshot", "-o", "shot.png", "--size", "320x180", "--script", "setup.luau"], root)
    assert result.exit_code == 0, result.output
    assert _pixel(root / "shot.png", 200, 100) == (255, 255, 0)


def test_the_same_command_paints_the_same_picture_even_with_random_numbers(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "setup.luau").write_text(
        "snapshot.widget.Page.BackgroundColor3 = Color3.new(math.random(), math.random(), math.random())\n",
        encoding="utf-8",
    )
    command = ["snapshot", "--size", "320x180", "--script", "setup.luau", "-o"]
    assert run_dsm([*command, "first.png"], root).exit_code == 0
    assert run_dsm([*command, "second.png"], root).exit_code == 0
    assert (root / "first.png").read_bytes() == (root / "second.png").read_bytes()


def test_a_failing_script_is_reported_in_one_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "setup.luau").write_text('error("no such key")\n', encoding="utf-8")
    result = run_dsm(["snapshot", "-o", "shot.png", "--script", "setup.luau"], root)
    assert result.exit_code == 1
    assert "set-up script failed" in result.output and "no such key" in result.output


def test_a_malformed_size_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["snapshot", "-o", "shot.png", "--size", "wide"], root)
    assert result.exit_code == 2
    assert "WIDTHxHEIGHT" in result.output


def test_seed_loads_the_data_store_emulator(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "seed.json").write_text('{"datastores": [{"name": "Shown", "entries": {"k": {"value": 1}}}]}', "utf-8")
    (root / "check.luau").write_text(
        'assert(game:GetService("DataStoreService"):GetDataStore("Shown"):GetAsync("k") == 1)\n', encoding="utf-8"
    )
    result = run_dsm(["snapshot", "-o", "shot.png", "--seed", "seed.json", "--script", "check.luau"], root)
    assert result.exit_code == 0, result.output


def test_without_a_seed_the_emulator_holds_its_own_example_state(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "check.luau").write_text(
        'local pages = game:GetService("DataStoreService"):ListDataStoresAsync()\n'
        "for _, info in pages:GetCurrentPage() do\n"
        '\tassert(string.find(info.DataStoreName, "^EmulatorExample_"), info.DataStoreName)\n'
        "end\n",
        encoding="utf-8",
    )
    result = run_dsm(["snapshot", "-o", "shot.png", "--script", "check.luau"], root)
    assert result.exit_code == 0, result.output


def test_a_malformed_seed_names_the_file(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "seed.json").write_text("{", encoding="utf-8")
    result = run_dsm(["snapshot", "-o", "shot.png", "--seed", "seed.json"], root)
    assert result.exit_code == 1
    assert "seed.json" in result.output
