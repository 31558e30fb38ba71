"""Rendering templates into files: golden outputs, headers, stale and orphaned files, writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from generate_fixtures import FIXTURES, OUTPUT, copy_project, settings

from dsm import generate
from dsm.errors import DsmError
from dsm.generate.outputs import HEADER_END, HEADER_START
from projectkit import write


def _outputs_by_name(root: Path) -> dict[str, generate.Output]:
    return {output.path.relative_to(root / OUTPUT).as_posix(): output for output in generate.plan(settings(root))}


def test_fixture_templates_render_the_expected_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    written = generate.apply(generate.plan(settings(root)))
    expected_files = sorted(path for path in (FIXTURES / "expected").rglob("*") if path.is_file())
    assert sorted(output.path.relative_to(root / OUTPUT) for output in written) == [
        path.relative_to(FIXTURES / "expected") for path in expected_files
    ]
    for path in expected_files:
        relative = path.relative_to(FIXTURES / "expected")
        assert (root / OUTPUT / relative).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), relative


def test_the_header_names_the_template_and_only_the_sources_it_reads(tmp_path: Path) -> None:
    outputs = _outputs_by_name(copy_project(tmp_path))
    first_lines = {name: (output.text or "").splitlines()[0] for name, output in outputs.items()}
    assert first_lines["Palette.luau"] == (
        f"{HEADER_START}plugin/templates/Palette.luau.j2, plugin/data/theme.toml{HEADER_END}"
    )
    assert first_lines["Info.luau"] == (
        f"{HEADER_START}plugin/templates/Info.luau.j2, catalogue.toml, plugin/data/constants.toml, "
        f"pyproject.toml{HEADER_END}"
    )
    assert first_lines["nested/Extra.luau"].startswith(f"{HEADER_START}plugin/templates/nested/Extra.luau.j2, ")
    assert "_macros" not in " ".join(outputs)  # partials are not rendered on their own


def test_rendering_is_deterministic_and_a_second_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    generate.apply(generate.plan(settings(root)))
    target = root / OUTPUT / "Info.luau"
    os.utime(target, (1_000_000, 1_000_000))
    again = generate.plan(settings(root))
    assert [output.status for output in again] == ["unchanged"] * 3
    assert generate.apply(again) == []
    assert target.stat().st_mtime == 1_000_000


def test_output_is_normalised_to_what_stylua_leaves(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    write(root, "plugin/templates/Spaces.luau.j2", "\n\n--!strict   \nlocal a = 1\t\n\n\n\nreturn a\n\n\n")
    write(root, "plugin/templates/Separators.luau.j2", 'return "a\u2028b\x0cc"\n')
    outputs = _outputs_by_name(root)
    assert (outputs["Spaces.luau"].text or "").split("\n", 1)[1] == "--!strict\nlocal a = 1\n\nreturn a\n"
    # Only newlines end lines: other line separators inside strings are kept as they are.
    assert (outputs["Separators.luau"].text or "").split("\n", 1)[1] == 'return "a\u2028b\x0cc"\n'


def test_a_changed_data_file_makes_the_output_stale_with_a_readable_diff(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    generate.apply(generate.plan(settings(root)))
    constants = root / "plugin/data/constants.toml"
    constants.write_text(constants.read_text(encoding="utf-8").replace("The first view.", "The 1st view."))
    outputs = _outputs_by_name(root)
    assert {name: output.status for name, output in outputs.items()} == {
        "Info.luau": "changed",
        "Palette.luau": "unchanged",
        "nested/Extra.luau": "unchanged",
    }
    diff = generate.diff(outputs["Info.luau"], "Info.luau")
    assert diff.startswith("--- a/Info.luau\n+++ b/Info.luau\n@@ ")
    assert '-\t\t{ id = "first", title = "First", description = "The first view." },\n' in diff
    assert '+\t\t{ id = "first", title = "First", description = "The 1st view." },\n' in diff


def test_missing_files_are_new_and_diff_from_nothing(tmp_path: Path) -> None:
    outputs = _outputs_by_name(copy_project(tmp_path))
    assert {output.status for output in outputs.values()} == {"new"}
    assert generate.diff(outputs["Palette.luau"], "Palette.luau").startswith("--- /dev/null\n+++ b/Palette.luau\n")


def test_a_generated_file_without_a_template_is_orphaned_and_removed(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    generate.apply(generate.plan(settings(root)))
    handwritten = write(root, f"{OUTPUT}/Notes.luau", "-- written by hand\nreturn {}\n")
    (root / "plugin/templates/nested/Extra.luau.j2").unlink()
    outputs = _outputs_by_name(root)
    assert outputs["nested/Extra.luau"].status == "orphaned"
    assert "Notes.luau" not in outputs  # no generated header: not ours to remove
    assert generate.diff(outputs["nested/Extra.luau"], "Extra.luau").startswith("--- a/Extra.luau\n+++ /dev/null\n")
    generate.apply(list(outputs.values()))
    assert not (root / OUTPUT / "nested/Extra.luau").exists()
    assert handwritten.exists()


def test_windows_line_endings_in_a_checkout_are_not_stale(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    generate.apply(generate.plan(settings(root)))
    target = root / OUTPUT / "Palette.luau"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    assert _outputs_by_name(root)["Palette.luau"].status == "unchanged"


def test_a_file_without_a_final_newline_shows_it_in_the_diff(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    generate.apply(generate.plan(settings(root)))
    target = root / OUTPUT / "Palette.luau"
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    output = _outputs_by_name(root)["Palette.luau"]
    assert output.status == "changed"
    assert "\\ No newline at end of file" in generate.diff(output, "Palette.luau")


def test_a_project_without_templates_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    for template in (root / "plugin/templates").rglob("*.j2"):
        template.unlink()
    with pytest.raises(DsmError, match=r"templates: no templates \(\*\.j2\) in the folder"):
        generate.plan(settings(root))
    (root / "plugin/templates/nested").rmdir()
    (root / "plugin/templates").rmdir()
    with pytest.raises(DsmError, match="templates folder not found"):
        generate.plan(settings(root))


def test_a_hand_written_file_in_the_way_is_never_overwritten(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    mine = write(root, f"{OUTPUT}/Palette.luau", "-- my own palette\nreturn {}\n")
    with pytest.raises(DsmError, match=r"Palette\.luau: exists without the generated header, so plugin/templates/"):
        generate.plan(settings(root))
    assert mine.read_text(encoding="utf-8") == "-- my own palette\nreturn {}\n"
