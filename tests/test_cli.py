"""The `dsm` command line: every command's success and failure paths, messages and exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import RBX_FIXTURES
from dsm import formats
from projectkit import fake_tool, make_project, run_dsm

PLUGIN_ENTRY = 'print("hello from the plugin")\n'


def _project(root: Path, *, tool_dsm: str = "") -> Path:
    """A minimal project like ours: pyproject with [tool.dsm], a project file, one script."""
    return make_project(root, {"plugin/src/Util.luau": "return {}\n"}, entry=PLUGIN_ENTRY, tool_dsm=tool_dsm)


# build


def test_build_without_arguments_uses_tool_dsm_defaults(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["build"], root / "plugin" / "src")  # found from a subfolder, upward
    assert result.exit_code == 0, result.output
    assert "Built ../../build/DataStoreManagerPro.rbxm (2 instances" in result.output
    tree = formats.read_file(root / "build" / "DataStoreManagerPro.rbxm").roots[0]
    assert (tree.class_name, tree.name) == ("Script", "DataStoreManagerPro")
    assert [child.name for child in tree.children] == ["Util"]


def test_build_respects_configured_output(tmp_path: Path) -> None:
    root = _project(tmp_path, tool_dsm='output = "out/Plugin.rbxmx"\n')
    assert run_dsm(["build"], root).exit_code == 0
    assert (root / "out" / "Plugin.rbxmx").read_bytes().startswith(b"<roblox")


def test_build_project_folder_and_explicit_output(tmp_path: Path) -> None:
    (tmp_path / "default.project.json").write_text('{"tree": {"$path": "src"}}', encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Main.server.luau").write_text("print(1)\n", encoding="utf-8")
    result = run_dsm(["build", ".", "-o", "model.rbxmx"], tmp_path)
    assert result.exit_code == 0, result.output
    root = formats.read_file(tmp_path / "model.rbxmx").roots[0]
    assert root.name == tmp_path.name  # a default.project.json without a name takes its folder's


def test_build_is_deterministic(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run_dsm(["build", "-o", "a.rbxm"], root)
    run_dsm(["build", "-o", "b.rbxm"], root)
    assert (root / "a.rbxm").read_bytes() == (root / "b.rbxm").read_bytes()


def test_build_outside_a_project_needs_an_output(tmp_path: Path) -> None:
    (tmp_path / "default.project.json").write_text('{"tree": {"$className": "Folder"}}', encoding="utf-8")
    result = run_dsm(["build", "."], tmp_path)
    assert result.exit_code == 2
    assert "no output given: pass -o OUTPUT" in result.output


def test_build_without_any_project_says_where_it_looked(tmp_path: Path) -> None:
    result = run_dsm(["build"], tmp_path)
    assert result.exit_code == 2
    assert "no DataStore Manager Pro project here" in result.output


def test_unknown_output_extension_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["build", "-o", "plugin.zip"], root)
    assert result.exit_code == 2
    assert 'cannot write "plugin.zip"' in result.output
    assert not (root / "plugin.zip").exists()


def test_place_output_needs_a_datamodel_root(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_dsm(["build", "-o", "place.rbxl"], root)
    assert result.exit_code == 2
    assert "the project root is a Script, not a DataModel" in result.output
    assert not (root / "place.rbxl").exists()


def test_place_output_writes_the_datamodel_children(tmp_path: Path) -> None:
    project = {"tree": {"$className": "DataModel", "ServerStorage": {"Thing": {"$className": "Folder"}}}}
    (tmp_path / "place.project.json").write_text(json.dumps(project), encoding="utf-8")
    assert run_dsm(["build", "place.project.json", "-o", "place.rbxl"], tmp_path).exit_code == 0
    roots = formats.read_file(tmp_path / "place.rbxl").roots
    assert [(r.class_name, [c.name for c in r.children]) for r in roots] == [("ServerStorage", ["Thing"])]


def test_bad_project_is_one_line_and_keeps_the_last_good_output(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_dsm(["build"], root).exit_code == 0
    good = (root / "build" / "DataStoreManagerPro.rbxm").read_bytes()
    (root / "build.project.json").write_text('{"name": "X", "tree": {"$path": "plugin/src"}, "treee": 1}')
    result = run_dsm(["build"], root)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: build.project.json:1: ")
    assert '"treee"' in lines[0]
    assert "Traceback" not in result.output
    assert (root / "build" / "DataStoreManagerPro.rbxm").read_bytes() == good
    assert not [p for p in (root / "build").iterdir() if p.name.endswith(".tmp")]


def test_missing_path_names_the_key(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "build.project.json").write_text('{\n  "name": "X",\n  "tree": {"$path": "plugin/srcc"}\n}\n')
    result = run_dsm(["build"], root)
    assert result.exit_code == 1
    assert "build.project.json:3: tree.$path" in result.output
    assert '"plugin/srcc"' in result.output
    assert not (root / "build").exists()


def test_non_utf8_script_names_the_file(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "plugin" / "src" / "Broken.luau").write_bytes(b"return '\xff'\n")
    result = run_dsm(["build"], root)
    assert result.exit_code == 1
    assert "Broken.luau" in result.output
    assert "UTF-8" in result.output


def test_unknown_tool_dsm_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = _project(tmp_path, tool_dsm='outptu = "x.rbxm"\n')
    result = run_dsm(["build"], root)
    assert result.exit_code == 2
    assert 'unknown key "outptu" in [tool.dsm]; did you mean "output"?' in result.output


def test_builder_rojo_needs_rojo_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    root = _project(tmp_path)
    result = run_dsm(["build", "--builder", "rojo"], root)
    assert result.exit_code == 2
    assert "needs `rojo` on PATH" in result.output


def test_builder_rojo_delegates_to_rojo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    # A stand-in rojo that records its arguments and writes a real model (built by us).
    run_dsm(["build", "-o", "reference.rbxm"], root)
    bin_dir = tmp_path / "bin"
    fake_tool(bin_dir, "rojo", f'echo "$@" > "{tmp_path}/rojo-args"\ncp "{root}/reference.rbxm" "$4"\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = run_dsm(["build", "--builder", "rojo", "-o", "via-rojo.rbxm"], root)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rojo-args").read_text().split() == [
        "build",
        str(root / "build.project.json"),
        "-o",
        "via-rojo.rbxm",
    ]
    assert (root / "via-rojo.rbxm").read_bytes() == (root / "reference.rbxm").read_bytes()


def test_builder_rojo_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    fake_tool(tmp_path / "bin", "rojo", 'echo "[ERROR] Rojo project file is invalid" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = run_dsm(["build", "--builder", "rojo"], root)
    assert result.exit_code == 1
    assert "rojo build failed: [ERROR] Rojo project file is invalid" in result.output


def test_internal_errors_exit_3_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dsm.build

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dsm.build, "build", broken)
    result = run_dsm(["build"], _project(tmp_path))
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


# inspect


def test_inspect_prints_one_instance_per_line(tmp_path: Path) -> None:
    result = run_dsm(
        ["inspect", str(RBX_FIXTURES / "rbx-test-files" / "three-nested-folders" / "binary.rbxm")], tmp_path
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(" Attributes=")[0] for line in lines] == [
        'Folder "Grandparent"',
        '  Folder "Parent"',
        '    Folder "Child"',
    ]


def test_inspect_json_and_formats_agree(tmp_path: Path) -> None:
    folder = RBX_FIXTURES / "rbx-test-files" / "three-intvalues"
    binary = json.loads(run_dsm(["inspect", "--json", str(folder / "binary.rbxm")], tmp_path).output)
    xml = json.loads(run_dsm(["inspect", "--json", str(folder / "xml.rbxmx")], tmp_path).output)
    assert binary == xml
    assert [(root["name"], root["properties"]["Value"]) for root in binary] == [
        ("Value=1234567", {"Int64": 1234567}),
        ("Value=1337", {"Int64": 1337}),
        ("Value=-7654321", {"Int64": -7654321}),
    ]


def test_inspect_shortens_long_values_unless_full(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "plugin" / "src" / "init.server.luau").write_text("-- " + "x" * 500 + "\n")
    run_dsm(["build"], root)
    short = run_dsm(["inspect", "build/DataStoreManagerPro.rbxm"], root).output
    full = run_dsm(["inspect", "--full", "build/DataStoreManagerPro.rbxm"], root).output
    assert "chars)" in short
    assert "x" * 500 in full


def test_inspect_corrupt_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.rbxm"
    bad.write_bytes(b"<roblox!\x89\xff\r\n\x1a\n\x00\x00" + b"\x01" * 10)
    result = run_dsm(["inspect", str(bad)], tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: broken.rbxm: ")
    assert len(result.output.strip().splitlines()) == 1


def test_inspect_missing_and_unknown_files(tmp_path: Path) -> None:
    missing = run_dsm(["inspect", "nothing.rbxm"], tmp_path)
    assert missing.exit_code == 1
    assert "nothing.rbxm: cannot read the file" in missing.output
    (tmp_path / "notes.txt").write_text("hi")
    unknown = run_dsm(["inspect", "notes.txt"], tmp_path)
    assert unknown.exit_code == 1
    assert 'unknown model file extension ".txt"' in unknown.output


# doctor


def test_doctor_reports_found_and_missing_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tool(tmp_path / "bin", "rojo", 'echo "Rojo 7.7.0"\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "project").mkdir()
    result = run_dsm(["doctor"], _project(tmp_path / "project"))
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "7.7.0" in rows["rojo"]
    assert "not found" in rows["selene"]
    assert "not found" in rows["stylua"]
    assert "dsm build --builder rojo" in rows["rojo"]


def test_version_and_help(tmp_path: Path) -> None:
    assert run_dsm(["--version"], tmp_path).output.startswith("dsm, version ")
    help_text = run_dsm(["build", "--help"], tmp_path).output
    assert "-o, --output" in help_text
    assert "--builder [builtin|rojo]" in help_text
