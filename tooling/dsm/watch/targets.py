"""What ``dsm watch`` watches: the project file, every ``$path`` it maps, and generate's inputs.

``$path`` entries are read from the project file (and from nested project files a ``$path``
points at), so a project that maps ``node_modules/@rbxts/vide/src`` gets that folder watched
too. Folders are watched recursively; a single file is watched through its folder. A path that
does not exist yet is watched through its nearest existing parent so its creation is seen.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dsm.project.schema import DEFAULT_PROJECT_NAMES, PROJECT_SUFFIXES, Node, load_project


@dataclass(frozen=True)
class Targets:
    project_files: frozenset[Path]
    sources: frozenset[Path]
    """Files and folders the project maps with ``$path``."""
    generate_inputs: frozenset[Path]
    """Template and data folders of ``dsm generate``."""

    def covers(self, path: Path) -> bool:
        return path in self.project_files or _under_any(path, self.sources | self.generate_inputs)

    def is_project_file(self, path: Path) -> bool:
        return path in self.project_files

    def is_generate_input(self, path: Path) -> bool:
        return _under_any(path, self.generate_inputs)

    def watch_points(self) -> list[tuple[Path, bool]]:
        """``(folder, recursive)`` pairs to schedule, without folders another one already covers."""
        points: dict[Path, bool] = {}
        for path in sorted(self.sources | self.generate_inputs):
            if path.is_dir():
                points[path] = True
            else:
                points.setdefault(_existing_parent(path), False)
        for path in self.project_files:
            points.setdefault(path.parent, False)
        recursive = [folder for folder, deep in points.items() if deep]
        return sorted(
            (folder, deep)
            for folder, deep in points.items()
            if not any(folder != other and folder.is_relative_to(other) for other in recursive)
        )


def find_targets(project_file: Path, generate_inputs: Iterable[Path] = ()) -> Targets:
    """Read the project file (and nested ones) for every ``$path``; raises ProjectError when broken."""
    project_files: set[Path] = set()
    sources: set[Path] = set()
    pending = [Path(project_file).absolute()]
    while pending:
        current = pending.pop()
        if current in project_files:
            continue
        project_files.add(current)
        project = load_project(str(current), _ignore_warning)
        for path in _paths(project.tree, Path(project.folder)):
            nested = _nested_project(path)
            if nested is not None:
                pending.append(nested)
            else:
                sources.add(path)
    return Targets(frozenset(project_files), frozenset(sources), frozenset(Path(p).absolute() for p in generate_inputs))


def _paths(node: Node, folder: Path) -> Iterator[Path]:
    if node.path is not None:
        yield Path(os.path.normpath(folder / node.path.path))
    for _, child in node.children:
        yield from _paths(child, folder)


def _nested_project(path: Path) -> Path | None:
    if path.name.endswith(PROJECT_SUFFIXES) and path.is_file():
        return path
    if path.is_dir():
        return next((candidate for name in DEFAULT_PROJECT_NAMES if (candidate := path / name).is_file()), None)
    return None


def _ignore_warning(_message: str) -> None:
    """Warnings are the build's to report; reading the paths stays silent."""


def _under_any(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.is_dir():
            return parent
    return Path(path.anchor)
