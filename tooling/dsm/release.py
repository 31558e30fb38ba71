"""`dsm release`: run every check, then write versioned, checksummed builds and their notes.

The checks are other dsm commands, run in order through click; the first failure stops the
release with its message. The files it writes depend only on the sources, so releasing the
same sources again gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dsm import changelog, config, formats
from dsm.errors import DsmError

CHECKSUMS = "SHA256SUMS"
NOTES = "RELEASE_NOTES.md"
CHANGELOG = "CHANGELOG.md"
# A model holds the plugin's root instance; both formats load in Studio.
MODEL_FORMATS = {".rbxm": "binary", ".rbxmx": "xml"}

# A version goes into file names and a tag: letters, digits and . + - only (PEP 440 and SemVer fit).
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")


@dataclass(frozen=True)
class Step:
    """One check: a dsm command and the arguments it runs with."""

    command: str
    args: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join((self.command, *self.args))


STEPS: tuple[Step, ...] = (
    Step("generate", ("--check",)),
    Step("lint"),
    Step("fmt", ("--check",)),
    Step("test"),
)

# Runs one step; raises DsmError with the step's message when it fails.
StepRunner = Callable[[Step], None]


@dataclass(frozen=True)
class StepResult:
    step: Step
    seconds: float


@dataclass(frozen=True)
class ReleasedFile:
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class ReleaseResult:
    version: str
    notes: changelog.Section
    steps: tuple[StepResult, ...]
    files: tuple[ReleasedFile, ...]
    out_dir: Path
    # Files already in the output folder that this release did not write (an older version's).
    other_files: tuple[Path, ...]


def project_version(root: Path) -> str:
    """``[project] version`` of the project's pyproject.toml."""
    pyproject = root / config.PYPROJECT
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DsmError(f"cannot read the version ({error})", path=pyproject) from None
    project = table.get("project")
    version = project.get("version") if isinstance(project, dict) else None
    if not isinstance(version, str) or not version:
        raise DsmError(
            '[project] version is missing; set version = "x.y.z" (dsm release names files with it)', path=pyproject
        )
    if not _VERSION.match(version):
        raise DsmError(
            f'[project] version "{version}" cannot go into a file name; use letters, digits and . + - only',
            path=pyproject,
        )
    return version


def check_tag(tag: str, version: str) -> None:
    """CI releases a pushed tag: it must name the version the files will carry."""
    if tag.removeprefix("v") != version:
        raise DsmError(
            f'the tag "{tag}" does not name the version {version} in pyproject.toml; '
            f"set [project] version to {tag.removeprefix('v')} or tag v{version}"
        )


def click_step_runner(ctx: click.Context) -> StepRunner:
    """Runs steps as the dsm commands registered on ``ctx``'s root group.

    Each command parses its arguments as if typed on the command line, so a step does not
    depend on the names of the command's Python parameters.
    """
    root = ctx.find_root()

    def run(step: Step) -> None:
        group = root.command
        command = group.get_command(root, step.command) if isinstance(group, click.Group) else None
        if command is None:
            raise DsmError(f"dsm {step.command} is not available in this version of dsm; the release needs it")
        try:
            with command.make_context(step.command, list(step.args), parent=root) as step_ctx:
                command.invoke(step_ctx)
        except click.exceptions.Exit as stop:
            if stop.exit_code != 0:
                raise DsmError(f"dsm {step.label} failed (exit code {stop.exit_code}); see its output above") from None
        except click.ClickException as error:
            raise DsmError(f"dsm {step.label} failed: {error.format_message()}") from None

    return run


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checksums(files: dict[str, bytes]) -> bytes:
    # `sha256sum` text format: digest, two spaces, name; sorted so the file is stable.
    return "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(files.items())).encode("utf-8")


def _models(settings: config.Config, version: str, warn: Callable[[str], None]) -> dict[str, bytes]:
    from dsm.project import build_tree, find_project

    tree = build_tree(find_project(settings.project), warn=warn)
    # Named after the plugin (the project's root instance), as Studio lists it.
    return {
        f"{tree.name}-{version}{extension}": formats.encode([tree], kind) for extension, kind in MODEL_FORMATS.items()
    }


def _write(out_dir: Path, files: dict[str, bytes]) -> tuple[ReleasedFile, ...]:
    from dsm.fsutil import write_atomic

    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(ReleasedFile(out_dir / name, len(data), _sha256(data)))
    return tuple(written)


def release(
    settings: config.Config,
    out_dir: Path,
    *,
    run_step: StepRunner,
    allow_unreleased: bool = False,
    tag: str | None = None,
    on_step: Callable[[Step], Any] = lambda _step: None,
    warn: Callable[[str], None] = lambda _message: None,
) -> ReleaseResult:
    """Check the project, then write its release into ``out_dir``.

    The version, tag, notes and output folder are checked before the (slow) steps run, so
    a missing changelog section fails in a moment rather than after the tests.
    """
    version = project_version(settings.root)
    if tag is not None:
        check_tag(tag, version)
    notes = changelog.release_notes(settings.root / CHANGELOG, version, allow_unreleased=allow_unreleased)
    if out_dir.exists() and not out_dir.is_dir():
        raise DsmError("is a file, not a folder; give --out a folder", path=out_dir)

    results = []
    for step in STEPS:
        on_step(step)
        started = time.perf_counter()
        run_step(step)
        results.append(StepResult(step, time.perf_counter() - started))

    models = _models(settings, version, warn)
    files = {**models, CHECKSUMS: _checksums(models), NOTES: notes.text().encode("utf-8")}
    written = _write(out_dir, files)
    others = tuple(sorted(path for path in out_dir.iterdir() if path.name not in files))
    return ReleaseResult(version, notes, tuple(results), written, out_dir, others)
