"""Throwaway dsm projects, and running ``dsm`` in them as a user would from a terminal."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from dsm.cli import main

PLUGIN_NAME = "DataStoreManagerPro"
PLUGIN_TREE = {"$path": "plugin/src"}
ENTRY = 'print("plugin")\n'


def make_project(
    root: Path,
    files: Mapping[str, str] | None = None,
    *,
    entry: str | None = ENTRY,
    name: str = PLUGIN_NAME,
    tree: dict[str, Any] | None = None,
    tool_dsm: str = "",
    pyproject_prefix: str = "",
) -> Path:
    """A project like ours in ``root`` (created if missing); returns ``root``.

    It has ``pyproject.toml`` with ``[tool.dsm]`` (``tool_dsm`` is the table's body,
    ``pyproject_prefix`` what comes before it, e.g. a ``[project]`` table), a
    ``build.project.json`` named ``name`` mapping ``tree`` (default: ``plugin/src``) and the
    plugin's entry script ``plugin/src/init.server.luau``. ``files`` adds more, by path
    relative to ``root``. ``entry=None`` leaves out the plugin and its project file, for
    commands that only need the ``[tool.dsm]`` root.
    """
    root.mkdir(parents=True, exist_ok=True)
    write(root, "pyproject.toml", f"{pyproject_prefix}[tool.dsm]\n{tool_dsm}")
    if entry is not None:
        write(root, "build.project.json", json.dumps({"name": name, "tree": tree or PLUGIN_TREE}))
        write(root, "plugin/src/init.server.luau", entry)
    for relative, text in (files or {}).items():
        write(root, relative, text)
    return root


def write(root: Path, relative: str, text: str) -> Path:
    """Write ``text`` to ``root/relative``, creating its folders."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fake_tool(folder: Path, name: str, script: str) -> Path:
    """An executable ``folder/name`` running the shell ``script``: put ``folder`` first on PATH
    and it stands in for the real tool."""
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return tool


@contextmanager
def working_folder(folder: Path) -> Iterator[None]:
    """Run the block in ``folder``: dsm finds its project from the working folder, upward."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def run_dsm(args: list[str], cwd: Path) -> Result:
    """``dsm ARGS`` typed in ``cwd``; exceptions propagate so a crash fails the test with its traceback."""
    with working_folder(cwd):
        return CliRunner().invoke(main, args, catch_exceptions=False)
