"""Rojo 7.7-compatible project builder: a ``*.project.json`` and the files it maps → an instance tree.

``find_project`` locates the project file, ``build_tree`` builds the root instance; every user
error is a :class:`ProjectError` naming the file, line and key. The writer (``dsm.formats``)
decides what goes into a model or place file.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH100

from __future__ import annotations

import os
from pathlib import Path

from dsm.dom.instance import Instance
from dsm.project.builder import project_name_fallback, snapshot_project
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError, Warn
from dsm.project.refs import finish
from dsm.project.schema import DEFAULT_PROJECT_NAMES, PROJECT_SUFFIXES

__all__ = ["ProjectError", "build_tree", "find_project"]


def find_project(path: Path) -> Path:
    """``path`` itself when it is a project file, or the ``default.project.json(c)`` in that folder."""
    if path.is_dir():
        for name in DEFAULT_PROJECT_NAMES:
            candidate = path / name
            if candidate.is_file():
                return candidate
        raise ProjectError(
            "this folder has no default.project.json (or .jsonc); give the project file's path", path=path
        )
    if not path.exists():
        raise ProjectError("no such file or folder; give a *.project.json file or a folder holding one", path=path)
    if not path.name.endswith(PROJECT_SUFFIXES):
        raise ProjectError("not a project file; its name must end in .project.json or .project.jsonc", path=path)
    return path


def _discard(_message: str) -> None:
    pass


def build_tree(project_file: Path, *, warn: Warn = _discard) -> Instance:
    """Build the instance tree ``project_file`` describes; warnings go to ``warn``."""
    path = os.path.abspath(project_file)
    state = BuildState(warn)
    try:
        root = snapshot_project(state, Context(), path, project_name_fallback(path))
    except RecursionError:
        raise ProjectError("the tree is nested too deeply to build", path=project_file) from None
    if root is None:
        raise ProjectError(
            'the project gives no instance: its tree has only an optional "$path" that does not exist',
            path=project_file,
        )
    finish(state, root)
    return root
