"""`dsm release`: the checks in order, the versioned builds, checksums and notes, and the CLI."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dsm import changelog, config, formats
from dsm import release as core
from dsm.cli import main
from dsm.errors import DsmError
from projectkit import make_project, run_dsm, working_folder

CHANGELOG = """\
# Changelog

All notable changes. The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

### Added
- Work in progress.

## [1.2.0] - 2026-01-05

### Added
- Bulk edits.

```markdown
## [9.9.9] - a heading inside a code block is not a section
```

## [1.1.0] - 2025-12-01

### Fixed
- The first fix.

[unreleased]: https://example.com/compare/v1.2.0...HEAD
[1.2.0]: https://example.com/compare/v1.1.0...v1.2.0
[1.1.0]: https://example.com/releases/tag/v1.1.0
"""


def _project(root: Path, *, version: str = "1.2.0", changelog_text: str = CHANGELOG) -> config.Config:
    files = {"plugin/src/App.luau": "return { name = 'App' }\n", "CHANGELOG.md": changelog_text}
    make_project(root, files, entry='print("entry")\n', pyproject_prefix=f'[project]\nversion = "{version}"\n\n')
    return config.load(root)


class Recorder:
    """A step runner that records each step and fails the one named in ``fail``."""

    def __init__(self, fail: str | None = None) -> None:
        self.ran: list[str] = []
        self.fail = fail

    def __call__(self, step: core.Step) -> None:
        self.ran.append(step.label)
        if step.command == self.fail:
            raise DsmError(f"dsm {step.label} failed: 2 findings")


def _release(
    settings: config.Config,
    out: Path,
    *,
    run_step: core.StepRunner | None = None,
    allow_unreleased: bool = False,
    tag: str | None = None,
) -> core.ReleaseResult:
    runner = run_step or Recorder()
    return core.release(settings, out, run_step=runner, allow_unreleased=allow_unreleased, tag=tag)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# the release


def test_runs_every_check_in_order_then_writes_the_versioned_files(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    recorder = Recorder()
    result = _release(settings, tmp_path / "dist", run_step=recorder)
    assert recorder.ran == ["generate --check", "lint", "fmt --check", "test"]
    assert [step.step.label for step in result.steps] == recorder.ran
    assert sorted(_files(tmp_path / "dist")) == [
        "DataStoreManagerPro-1.2.0.rbxm",
        "DataStoreManagerPro-1.2.0.rbxmx",
        "RELEASE_NOTES.md",
        "SHA256SUMS",
    ]
    for name in ("DataStoreManagerPro-1.2.0.rbxm", "DataStoreManagerPro-1.2.0.rbxmx"):
        plugin = formats.read_file(tmp_path / "dist" / name).roots[0]
        assert (plugin.class_name, plugin.name, [child.name for child in plugin.children]) == (
            "Script",
            "DataStoreManagerPro",
            ["App"],
        )
    assert result.version == "1.2.0"
    assert result.other_files == ()


def test_checksums_are_right_and_in_sha256sum_format(tmp_path: Path) -> None:
    result = _release(_project(tmp_path), tmp_path / "dist")
    dist = tmp_path / "dist"
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    expected = [
        f"{hashlib.sha256((dist / name).read_bytes()).hexdigest()}  {name}"
        for name in ("DataStoreManagerPro-1.2.0.rbxm", "DataStoreManagerPro-1.2.0.rbxmx")
    ]
    assert lines == expected
    by_name = {file.path.name: file for file in result.files}
    assert by_name["DataStoreManagerPro-1.2.0.rbxm"].sha256 == expected[0].split()[0]
    assert by_name["DataStoreManagerPro-1.2.0.rbxm"].size == (dist / "DataStoreManagerPro-1.2.0.rbxm").stat().st_size
    if shutil.which("sha256sum"):  # the tool users check downloads with reads the file as written
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    _release(settings, tmp_path / "first")
    _release(settings, tmp_path / "second")
    first = _files(tmp_path / "first")
    assert first == _files(tmp_path / "second")
    _release(settings, tmp_path / "first")  # again into the same folder
    assert _files(tmp_path / "first") == first


def test_a_failing_step_stops_the_release_with_its_message(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    recorder = Recorder(fail="lint")
    with pytest.raises(DsmError, match=r"^dsm lint failed: 2 findings$"):
        _release(settings, tmp_path / "dist", run_step=recorder)
    assert recorder.ran == ["generate --check", "lint"]
    assert not (tmp_path / "dist").exists()


def test_files_of_other_releases_in_the_folder_are_reported(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "DataStoreManagerPro-1.1.0.rbxm").write_bytes(b"old")
    result = _release(settings, tmp_path / "dist")
    assert [path.name for path in result.other_files] == ["DataStoreManagerPro-1.1.0.rbxm"]
    assert "1.1.0.rbxm" not in (tmp_path / "dist" / "SHA256SUMS").read_text(encoding="utf-8")


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    (tmp_path / "dist").write_text("", encoding="utf-8")
    recorder = Recorder()
    with pytest.raises(DsmError, match="is a file, not a folder"):
        _release(settings, tmp_path / "dist", run_step=recorder)
    assert recorder.ran == []


# versions and tags


def test_the_tag_must_name_the_version(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    recorder = Recorder()
    with pytest.raises(DsmError, match=r'the tag "v1.3.0" does not name the version 1.2.0 .* or tag v1.2.0'):
        _release(settings, tmp_path / "dist", run_step=recorder, tag="v1.3.0")
    assert recorder.ran == []  # checked before the slow steps
    assert _release(settings, tmp_path / "dist", tag="v1.2.0").version == "1.2.0"


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[tool.dsm]\n", r"\[project\] version is missing"),
        ('[project]\nversion = "1.0/evil"\n[tool.dsm]\n', "cannot go into a file name"),
        ("[project\n", "cannot read the version"),
    ],
)
def test_a_missing_or_unusable_version_is_an_error(tmp_path: Path, pyproject: str, message: str) -> None:
    settings = _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    with pytest.raises(DsmError, match=message) as raised:
        _release(settings, tmp_path / "dist")
    assert raised.value.path == tmp_path / "pyproject.toml"


# release notes


def test_notes_hold_the_versions_section_without_the_link_definitions(tmp_path: Path) -> None:
    _release(_project(tmp_path), tmp_path / "dist")
    assert (tmp_path / "dist" / "RELEASE_NOTES.md").read_text(encoding="utf-8") == (
        "## [1.2.0] - 2026-01-05\n\n### Added\n- Bulk edits.\n\n"
        "```markdown\n## [9.9.9] - a heading inside a code block is not a section\n```\n"
    )
    last = changelog.release_notes(tmp_path / "CHANGELOG.md", "1.1.0")
    assert last.text() == "## [1.1.0] - 2025-12-01\n\n### Fixed\n- The first fix.\n"


def test_a_version_without_a_section_fails_before_any_step(tmp_path: Path) -> None:
    settings = _project(tmp_path, version="1.3.0")
    recorder = Recorder()
    with pytest.raises(DsmError) as raised:
        _release(settings, tmp_path / "dist", run_step=recorder)
    message = raised.value.format_message()
    assert raised.value.path == tmp_path / "CHANGELOG.md"
    assert "CHANGELOG.md: has no section for 1.3.0; " in message
    assert '"## [1.3.0] - YYYY-MM-DD"' in message
    assert "--allow-unreleased" in message
    assert recorder.ran == []


def test_allow_unreleased_takes_the_unreleased_section_only_when_the_version_has_none(tmp_path: Path) -> None:
    settings = _project(tmp_path, version="1.3.0")
    result = _release(settings, tmp_path / "dist", allow_unreleased=True)
    assert result.notes.name == changelog.UNRELEASED
    assert (tmp_path / "dist" / "RELEASE_NOTES.md").read_text(encoding="utf-8") == (
        "## [Unreleased]\n\n### Added\n- Work in progress.\n"
    )
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "1.2.0"\n[tool.dsm]\n', encoding="utf-8")
    assert _release(settings, tmp_path / "other", allow_unreleased=True).notes.name == "1.2.0"


def test_allow_unreleased_without_an_unreleased_section_is_an_error(tmp_path: Path) -> None:
    settings = _project(tmp_path, version="2.0.0", changelog_text="# Changelog\n\n## [1.0.0] - 2025-01-01\n- x\n")
    with pytest.raises(DsmError, match=r"has no section for 2.0.0 and no \[Unreleased\] section"):
        _release(settings, tmp_path / "dist", allow_unreleased=True)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("# Changelog\n\n## [1.2.0] - 2026-01-05\n\n## [1.1.0] - 2025-12-01\n- x\n", r"\[1.2.0\] is empty", 3),
        ("## [1.2.0] - 2026-01-05\n- a\n\n## [1.2.0] - 2026-01-06\n- b\n", "a second section for", 4),
    ],
)
def test_an_empty_or_repeated_section_names_its_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    settings = _project(tmp_path, changelog_text=text)
    with pytest.raises(DsmError, match=message) as raised:
        _release(settings, tmp_path / "dist")
    assert raised.value.line == line


def test_headings_without_brackets_or_with_a_v_are_read() -> None:
    sections = changelog.parse("## v1.0.0 - 2025-01-01\n- one\n## 0.9.0\n- nine\n")
    assert [(section.name, section.body) for section in sections] == [("1.0.0", "- one"), ("0.9.0", "- nine")]


def test_a_missing_changelog_is_an_error(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    (tmp_path / "CHANGELOG.md").unlink()
    with pytest.raises(DsmError, match=r"CHANGELOG\.md: not found; dsm release takes the release notes from it"):
        _release(settings, tmp_path / "dist")


# the click step runner


def _group_with_steps() -> click.Group:
    @click.group()
    def group() -> None:
        pass

    @group.command()
    @click.option("--check", is_flag=True)
    def generate(check: bool) -> None:
        if not check:
            raise DsmError("generate ran without --check")

    @group.command()
    def lint() -> None:
        raise click.exceptions.Exit(1)

    @group.command()
    def test() -> None:
        raise DsmError("spec failed", path="plugin/tests/a.spec.luau", line=3)

    @group.command()
    def quiet() -> None:
        raise click.exceptions.Exit(0)

    return group


def _runner() -> core.StepRunner:
    group = _group_with_steps()
    return core.click_step_runner(click.Context(group, info_name="dsm"))


def test_the_click_runner_passes_arguments_as_typed() -> None:
    _runner()(core.Step("generate", ("--check",)))
    _runner()(core.Step("quiet"))  # exit code 0 is success


def test_the_click_runner_turns_failures_into_one_line() -> None:
    run = _runner()
    with pytest.raises(DsmError, match=r"^dsm lint failed \(exit code 1\); see its output above$"):
        run(core.Step("lint"))
    with pytest.raises(DsmError, match=r"^dsm test failed: plugin/tests/a.spec.luau:3: spec failed$"):
        run(core.Step("test"))
    with pytest.raises(DsmError, match=r"^dsm fmt is not available in this version of dsm; the release needs it$"):
        run(core.Step("fmt", ("--check",)))


# the command line


def test_cli_release_prints_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    recorder = Recorder()
    monkeypatch.setattr(core, "click_step_runner", lambda _ctx: recorder)
    result = run_dsm(["release"], tmp_path / "plugin")  # from a subfolder: dist/ goes to the project root
    assert result.exit_code == 0, result.output
    assert recorder.ran == ["generate --check", "lint", "fmt --check", "test"]
    assert "dsm fmt --check" in result.output
    assert "../dist/DataStoreManagerPro-1.2.0.rbxmx" in result.output
    assert "Released 1.2.0 with the notes of [1.2.0] - 2026-01-05" in result.output
    assert (tmp_path / "dist" / "SHA256SUMS").is_file()


def test_cli_release_stops_with_the_failing_steps_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    monkeypatch.setattr(core, "click_step_runner", lambda _ctx: Recorder(fail="fmt"))
    result = run_dsm(["release", "--out", "out"], tmp_path)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: dsm fmt --check failed: 2 findings"
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_release_without_the_other_commands_says_which_is_missing(tmp_path: Path) -> None:
    _project(tmp_path)

    @click.group()
    def bare() -> None:
        pass

    bare.add_command(main.commands["release"])
    with working_folder(tmp_path):
        result = CliRunner().invoke(bare, ["release"])
    assert result.exit_code == 1
    assert "dsm generate is not available in this version of dsm" in result.output


def test_cli_release_help_names_the_steps() -> None:
    result = CliRunner().invoke(main, ["release", "--help"])
    assert result.exit_code == 0
    for text in ("generate --check", "lint", "fmt --check", "--allow-unreleased", "--tag", "SHA256SUMS"):
        assert text in result.output
