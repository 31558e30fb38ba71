"""Golden builds: every folder in tests/fixtures/build is a small project and its expected result.

A case holds a project (``default.project.json(c)``, or a single ``*.project.json(c)``) and either
``expected.dump`` (``dsm.dom.dump.dump([root])`` of the built tree) or, for cases named
``error_*``, ``expected-error.txt`` (the ProjectError message, paths relative to the case folder).
``expected-warnings.txt`` lists the warnings, one per line; without it the build must not warn.
``requires.txt`` names codecs (``binary``, ``xml``) the case needs to read model files.

``UPDATE_GOLDEN=1 pytest tests/project`` rewrites the expected files from the current output;
review every diff before keeping it.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from dsm.dom.dump import dump
from dsm.project import ProjectError, build_tree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "build"
CASES = sorted(path for path in FIXTURES.iterdir() if path.is_dir())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _project_file(case: Path) -> Path:
    for name in ("default.project.json", "default.project.jsonc"):
        if (case / name).is_file():
            return case
    found = sorted(case.glob("*.project.json*"))
    assert len(found) == 1, f"{case.name}: expected one project file, found {[p.name for p in found]}"
    return found[0]


def _codec_available(kind: str) -> bool:
    try:
        module = importlib.import_module(f"dsm.formats.{kind}")
    except ImportError:
        return False
    return hasattr(module, "read")


def _check(actual: str, expected_file: Path) -> None:
    if UPDATE:
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert expected_file.is_file(), f"missing {expected_file.name}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_build_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    requires = case / "requires.txt"
    if requires.is_file():
        for kind in requires.read_text(encoding="utf-8").split():
            if not _codec_available(kind):
                pytest.skip(f"the {kind} codec cannot read files yet")
    monkeypatch.chdir(case)
    from dsm.project import find_project

    project = find_project(Path(os.path.relpath(_project_file(case), case)))
    warnings: list[str] = []
    if case.name.startswith("error_"):
        error_file = case / "expected-error.txt"
        with pytest.raises(ProjectError) as raised:
            build_tree(project, warn=warnings.append)
        _check(raised.value.format_message() + "\n", error_file)
    else:
        root = build_tree(project, warn=warnings.append)
        _check(dump([root]), case / "expected.dump")
    warnings_file = case / "expected-warnings.txt"
    if warnings or warnings_file.is_file() or UPDATE:
        if UPDATE and not warnings:
            warnings_file.unlink(missing_ok=True)
            return
        _check("".join(f"{line}\n" for line in warnings), warnings_file)
