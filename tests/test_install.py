"""`dsm install` / `dsm uninstall` and where Studio's Plugins folder is on each system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsm import formats, install, studio
from dsm.dom.instance import Instance
from dsm.errors import DsmError, UsageError
from projectkit import make_project, run_dsm


def _project(root: Path) -> Path:
    return make_project(root, {"plugin/src/Util.luau": "return {}\n"})


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _model(path: Path, root_name: str) -> Path:
    formats.write_file(path, [Instance("Script", root_name)])
    return path


# install


def test_install_builds_into_the_plugins_folder(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    plugins = tmp_path / "Plugins"  # missing: created
    result = run_dsm(["install", "--plugins-dir", str(plugins)], root)
    assert result.exit_code == 0, result.output
    assert "Installed" in result.output
    installed = formats.read_file(plugins / "DataStoreManagerPro.rbxm").roots[0]
    assert (installed.class_name, installed.name, [c.name for c in installed.children]) == (
        "Script",
        "DataStoreManagerPro",
        ["Util"],
    )
    assert _names(plugins) == ["DataStoreManagerPro.rbxm"]  # no temporary file left behind


def test_install_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "project")
    monkeypatch.setenv("ROBLOX_PLUGINS_DIR", str(tmp_path / "FromEnv"))
    assert run_dsm(["install"], root).exit_code == 0
    assert (tmp_path / "FromEnv" / "DataStoreManagerPro.rbxm").is_file()


def test_install_warns_about_duplicate_copies(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    plugins = tmp_path / "Plugins"
    plugins.mkdir()
    _model(plugins / "DataStoreManagerPro-dev.rbxmx", "Whatever")  # named like ours
    _model(plugins / "Downloaded.rbxm", "DataStoreManagerPro")  # holds our root
    _model(plugins / "OtherPlugin.rbxm", "OtherPlugin")
    (plugins / "Broken.rbxm").write_bytes(b"garbage")  # unreadable files are not judged
    (plugins / ".DataStoreManagerPro.rbxm.abc.tmp").write_bytes(b"")  # someone's temporary file
    result = run_dsm(["install", "--plugins-dir", str(plugins)], root)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if "another copy of the plugin" in line]
    assert len(warned) == 2, result.output
    assert "DataStoreManagerPro-dev.rbxmx" in warned[0]
    assert "Downloaded.rbxm" in warned[1]
    assert "Studio runs both" in warned[0]


def test_install_refuses_a_plugin_with_a_syntax_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    (root / "plugin" / "src" / "Util.luau").write_text("return {\n", encoding="utf-8")
    plugins = tmp_path / "Plugins"
    result = run_dsm(["install", "--plugins-dir", str(plugins)], root)
    assert result.exit_code == 1
    assert "Util.luau:2: Expected" in result.output
    assert "nothing was installed" in result.output
    assert not (plugins / "DataStoreManagerPro.rbxm").exists()


def test_install_from_a_file_keeps_its_format(tmp_path: Path) -> None:
    plugins = tmp_path / "Plugins"
    built = _model(tmp_path / "DataStoreManagerPro-1.2.0.rbxmx", "DataStoreManagerPro")
    result = run_dsm(["install", "--from", str(built), "--plugins-dir", str(plugins)], tmp_path)  # no project here
    assert result.exit_code == 0, result.output
    assert (plugins / "DataStoreManagerPro.rbxmx").read_bytes() == built.read_bytes()


def test_install_from_a_place_or_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    place = tmp_path / "game.rbxl"
    place.write_bytes(b"")
    result = run_dsm(["install", "--from", str(place), "--plugins-dir", str(tmp_path / "P")], tmp_path)
    assert result.exit_code == 2
    assert "a plugin must be a model file (.rbxm or .rbxmx)" in result.output
    result = run_dsm(["install", "--from", "nope.rbxm", "--plugins-dir", str(tmp_path / "P")], tmp_path)
    assert result.exit_code == 1
    assert "nope.rbxm: cannot read the file" in result.output


def test_reinstalling_replaces_the_file_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugins = tmp_path / "Plugins"
    plugin = install.Plugin(b"first", ".rbxm", "DataStoreManagerPro")
    install.install(plugin, plugins, "DataStoreManagerPro")

    def failing_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        install.install(install.Plugin(b"second", ".rbxm", "DataStoreManagerPro"), plugins, "DataStoreManagerPro")
    assert _names(plugins) == ["DataStoreManagerPro.rbxm"]
    assert (plugins / "DataStoreManagerPro.rbxm").read_bytes() == b"first"


# uninstall


def test_uninstall_removes_ours_and_reports_other_copies(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    plugins = tmp_path / "Plugins"
    assert run_dsm(["install", "--plugins-dir", str(plugins)], root).exit_code == 0
    _model(plugins / "Copy.rbxm", "DataStoreManagerPro")
    _model(plugins / "OtherPlugin.rbxm", "OtherPlugin")
    result = run_dsm(["uninstall", "--plugins-dir", str(plugins)], root)
    assert result.exit_code == 0, result.output
    assert "Removed" in result.output
    assert "DataStoreManagerPro.rbxm" in result.output
    assert "Copy.rbxm looks like another copy of the plugin; it was left in place" in result.output
    assert _names(plugins) == ["Copy.rbxm", "OtherPlugin.rbxm"]


def test_uninstall_with_nothing_installed_says_so(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    missing = tmp_path / "NoPlugins"
    result = run_dsm(["uninstall", "--plugins-dir", str(missing)], root)
    assert result.exit_code == 0, result.output
    assert "Nothing to remove: no DataStoreManagerPro.rbxm or DataStoreManagerPro.rbxmx in" in result.output
    assert not missing.exists()  # uninstall never creates the folder


# where the Plugins folder is


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("ROBLOX_PLUGINS_DIR", raising=False)
    monkeypatch.delenv("WSL_DISTRO_NAME", raising=False)
    return monkeypatch


def test_windows_uses_local_appdata(no_override: pytest.MonkeyPatch) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Windows")
    no_override.setenv("LOCALAPPDATA", r"C:\Users\Ann\AppData\Local")
    assert studio.plugins_dir(create=False) == Path(r"C:\Users\Ann\AppData\Local") / "Roblox" / "Plugins"
    no_override.delenv("LOCALAPPDATA")
    no_override.setenv("USERPROFILE", r"C:\Users\Ann")
    assert studio.detect() == Path(r"C:\Users\Ann") / "AppData" / "Local" / "Roblox" / "Plugins"


def test_macos_uses_documents(no_override: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Darwin")
    no_override.setenv("HOME", str(tmp_path))
    folder = studio.plugins_dir()
    assert folder == tmp_path / "Documents" / "Roblox" / "Plugins"
    assert folder.is_dir()  # created when missing


def test_wsl_asks_windows_for_local_appdata(no_override: pytest.MonkeyPatch) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Linux")
    no_override.setenv("WSL_DISTRO_NAME", "Ubuntu")
    no_override.setattr(studio, "_ask_windows_for_local_appdata", lambda: r"C:\Users\Ann B\AppData\Local")
    no_override.setattr(studio.shutil, "which", lambda _name: None)  # no wslpath: the default mount layout
    assert studio.detect() == Path("/mnt/c/Users/Ann B/AppData/Local/Roblox/Plugins")


def test_wsl_without_interop_takes_the_only_profile_with_roblox(
    no_override: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Linux")
    no_override.setenv("WSL_DISTRO_NAME", "Ubuntu")
    no_override.setattr(studio, "_ask_windows_for_local_appdata", lambda: None)
    no_override.setattr(studio, "_WSL_SYSTEM_DRIVE", tmp_path)
    (tmp_path / "Users" / "Public" / "AppData" / "Local" / "Roblox").mkdir(parents=True)
    (tmp_path / "Users" / "Ann" / "AppData" / "Local" / "Roblox").mkdir(parents=True)
    (tmp_path / "Users" / "Bob" / "AppData" / "Local").mkdir(parents=True)
    assert studio.detect() == tmp_path / "Users" / "Ann" / "AppData" / "Local" / "Roblox" / "Plugins"
    (tmp_path / "Users" / "Bob" / "AppData" / "Local" / "Roblox").mkdir()
    with pytest.raises(UsageError, match=r"several Windows profiles with Roblox.*pass --plugins-dir"):
        studio.detect()


def test_plain_linux_asks_for_the_folder(no_override: pytest.MonkeyPatch) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Linux")
    no_override.setattr(studio, "is_wsl", lambda: False)
    with pytest.raises(UsageError) as caught:
        studio.plugins_dir()
    message = caught.value.format_message()
    assert "Roblox Studio does not run on Linux" in message
    assert "pass --plugins-dir DIR or set ROBLOX_PLUGINS_DIR" in message


def test_overrides_win_over_detection(no_override: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_override.setattr(studio.platform, "system", lambda: "Linux")
    no_override.setattr(studio, "is_wsl", lambda: False)
    no_override.setenv("ROBLOX_PLUGINS_DIR", str(tmp_path / "env"))
    assert studio.plugins_dir() == tmp_path / "env"
    assert studio.plugins_dir(tmp_path / "flag") == tmp_path / "flag"
    assert (tmp_path / "flag").is_dir()


def test_a_plugins_folder_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "Plugins").write_text("", encoding="utf-8")
    with pytest.raises(DsmError, match="cannot create the Plugins folder"):
        studio.plugins_dir(tmp_path / "Plugins")
    with pytest.raises(UsageError, match="the Plugins folder is a file"):
        studio.plugins_dir(tmp_path / "Plugins", create=False)


def test_windows_paths_map_to_wsl_mounts() -> None:
    assert studio.windows_to_mnt_path(r"D:\Data\Roblox") == Path("/mnt/d/Data/Roblox")
    with pytest.raises(DsmError, match="not on a drive letter"):
        studio.windows_to_mnt_path(r"\\server\share\Local")


def test_plain_linux_through_the_cli_is_one_clear_line(no_override: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    no_override.setattr(studio.platform, "system", lambda: "Linux")
    no_override.setattr(studio, "is_wsl", lambda: False)
    result = run_dsm(["install"], root)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "pass --plugins-dir DIR" in result.output
