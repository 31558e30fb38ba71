"""`dsm fmt` and `dsm fmt --check` with StyLua's WASM build (and a stand-in for the native binary)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dsm.errors import DsmError
from dsm.fmt import format_paths, unified_diff
from projectkit import fake_tool, make_project, run_dsm

REPO = Path(__file__).resolve().parents[2]
WASM = REPO / "node_modules" / "@johnnymorganz" / "stylua"

needs_wasm = pytest.mark.skipif(
    shutil.which("node") is None or not WASM.is_dir(), reason="needs node and npm ci (@johnnymorganz/stylua)"
)

UNFORMATTED = "local B = require(script.B)\nlocal A = require(script.A)\nlocal t = {1,2,  3}\nprint( 'x' )\n"
FORMATTED = 'local A = require(script.A)\nlocal B = require(script.B)\nlocal t = { 1, 2, 3 }\nprint("x")\n'


def _project(root: Path, files: dict[str, str]) -> Path:
    """A [tool.dsm] root with ``files`` (no plugin to build), our stylua.toml and the WASM StyLua."""
    make_project(root, files, entry=None)
    shutil.copy(REPO / "stylua.toml", root / "stylua.toml")
    (root / "node_modules" / "@johnnymorganz").mkdir(parents=True)
    (root / "node_modules" / "@johnnymorganz" / "stylua").symlink_to(WASM)
    return root


@pytest.fixture
def no_native_stylua(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests pin the WASM backend even where a stylua binary is installed."""
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "stylua" else real_which(name, *a, **k))


@needs_wasm
def test_check_reports_a_diff_and_writes_nothing(tmp_path: Path, no_native_stylua: None) -> None:
    root = _project(tmp_path, {"plugin/src/A.luau": UNFORMATTED, "plugin/src/B.luau": FORMATTED})
    result = run_dsm(["fmt", "--check"], root)
    assert result.exit_code == 1, result.output
    assert "--- plugin/src/A.luau (current)" in result.output
    assert "+local t = { 1, 2, 3 }" in result.output
    assert "-local t = {1,2,  3}" in result.output
    assert "B.luau" not in result.output
    assert "1 of 2 files need formatting; run `dsm fmt` (StyLua 2.5.2 WASM" in result.output
    assert (root / "plugin/src/A.luau").read_text(encoding="utf-8") == UNFORMATTED


@needs_wasm
def test_write_formats_in_place_then_check_is_clean(tmp_path: Path, no_native_stylua: None) -> None:
    root = _project(tmp_path, {"plugin/src/A.luau": UNFORMATTED, "plugin/tests/T.spec.luau": UNFORMATTED})
    result = run_dsm(["fmt"], root)
    assert result.exit_code == 0, result.output
    assert "formatted plugin/src/A.luau" in result.output
    assert "Formatted 2 of 2 files" in result.output
    # Both files come out right: each request gets a fresh StyLua Config (one cannot be reused).
    assert (root / "plugin/src/A.luau").read_text(encoding="utf-8") == FORMATTED
    assert (root / "plugin/tests/T.spec.luau").read_text(encoding="utf-8") == FORMATTED
    assert sorted(path.name for path in (root / "plugin/src").iterdir()) == ["A.luau"]  # no temp files
    assert run_dsm(["fmt", "--check"], root).exit_code == 0


@needs_wasm
def test_paths_narrow_the_run(tmp_path: Path, no_native_stylua: None) -> None:
    root = _project(tmp_path, {"plugin/src/A.luau": UNFORMATTED, "other/B.luau": UNFORMATTED})
    result = run_dsm(["fmt", "other"], root)
    assert result.exit_code == 0, result.output
    assert (root / "other/B.luau").read_text(encoding="utf-8") == FORMATTED
    assert (root / "plugin/src/A.luau").read_text(encoding="utf-8") == UNFORMATTED


@needs_wasm
def test_a_parse_error_names_file_line_and_column(tmp_path: Path, no_native_stylua: None) -> None:
    root = _project(tmp_path, {"plugin/src/Bad.luau": "local x = 1\nlocal = 2\n", "plugin/src/Good.luau": UNFORMATTED})
    result = run_dsm(["fmt"], root)
    assert result.exit_code == 1
    assert "error: plugin/src/Bad.luau:2:7: StyLua cannot parse the file: unexpected token `=`" in result.output
    assert (root / "plugin/src/Good.luau").read_text(encoding="utf-8") == FORMATTED  # the others still run
    assert (root / "plugin/src/Bad.luau").read_text(encoding="utf-8") == "local x = 1\nlocal = 2\n"


@needs_wasm
def test_the_config_file_is_honoured(tmp_path: Path, no_native_stylua: None) -> None:
    root = _project(tmp_path, {"a.luau": "if x then\n\tprint( 'x' )\nend\n"})
    (root / "stylua.toml").write_text('indent_type = "Spaces"\nindent_width = 2\nquote_style = "ForceSingle"\n')
    report = format_paths(root, [root / "a.luau"], check=False)
    assert report.formatter.startswith("StyLua 2.5.2 WASM")
    assert (root / "a.luau").read_text(encoding="utf-8") == "if x then\n  print('x')\nend\n"


@needs_wasm
def test_the_repository_is_formatted(no_native_stylua: None) -> None:
    report = format_paths(REPO, check=True)
    assert not report.errors, [result.error for result in report.errors]
    assert not report.changed, "\n".join(result.diff for result in report.changed)


def test_the_native_binary_is_preferred_and_driven_through_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    log = tmp_path / "calls.txt"
    # A stand-in StyLua: records its arguments, "formats" by squeezing spaces, fails on a marker.
    script = f"""echo "$@" >> {log}
if [ "$1" = "--version" ]; then echo "stylua 2.9.0"; exit 0; fi
input=$(cat)
case "$input" in *BROKEN*) echo "error: could not format from stdin: failed to parse (1:1 to 1:7)" >&2; exit 1;; esac
printf '%s\\n' "$input" | tr -s ' '
"""
    fake_tool(tools, "stylua", script)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "stylua.toml").write_text("column_width = 100\n", encoding="utf-8")
    (root / "src" / "a.luau").write_text("local  x  =  1\n", encoding="utf-8")
    (root / "src" / "b.luau").write_text("BROKEN\n", encoding="utf-8")
    monkeypatch.chdir(root)  # paths in messages are shown relative to where the user runs dsm
    report = format_paths(root, [root / "src"], check=False)
    assert report.formatter == "StyLua 2.9.0 native"
    assert (root / "src" / "a.luau").read_text(encoding="utf-8") == "local x = 1\n"
    assert [result.error for result in report.errors] == [
        "src/b.luau:1:1: StyLua cannot parse the file: "
        "error: could not format from stdin: failed to parse; fix the syntax and run dsm fmt again"
    ]
    assert f"--config-path {root / 'stylua.toml'} -" in log.read_text(encoding="utf-8")


def test_without_any_stylua_the_error_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kwargs: None)
    (tmp_path / "a.luau").write_text("", encoding="utf-8")
    with pytest.raises(DsmError, match=r"no StyLua to run: no `stylua` on PATH and node is not on PATH"):
        format_paths(tmp_path, [tmp_path], check=True)


def test_unified_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("print(1)", "print(1)\n", "a.luau")
    assert diff.splitlines() == [
        "--- a.luau (current)",
        "+++ a.luau (formatted)",
        "@@ -1 +1 @@",
        "-print(1)",
        "\\ No newline at end of file",
        "+print(1)",
    ]
