"""`dsm build`: project file -> instance tree -> model or place file, as `rojo build` does."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dsm import formats
from dsm.dom.instance import Instance
from dsm.errors import DsmError, UsageError

PLACE_EXTENSIONS = frozenset({".rbxl", ".rbxlx"})


@dataclass(frozen=True)
class BuildResult:
    output: Path
    instances: int
    size: int


def check_output_path(output: Path) -> None:
    if output.suffix.lower() not in formats.EXTENSIONS:
        raise UsageError(
            f'cannot write "{output.name}": the output extension picks the format; '
            "use .rbxm or .rbxmx for a model, .rbxl or .rbxlx for a place"
        )


def roots_for(output: Path, root: Instance) -> list[Instance]:
    """A model holds the root itself; a place holds the DataModel's children (Rojo's rule)."""
    if output.suffix.lower() in PLACE_EXTENSIONS:
        if root.class_name != "DataModel":
            raise UsageError(
                f"cannot write a place: the project root is a {root.class_name}, not a DataModel; "
                'give the tree "$className": "DataModel" or build a model (.rbxm/.rbxmx)'
            )
        return list(root.children)
    return [root]


def build(project: Path, output: Path, *, warn: Callable[[str], None]) -> BuildResult:
    """Build ``project`` into ``output`` with the built-in builder (atomic write)."""
    from dsm.project import build_tree, find_project

    check_output_path(output)
    project_file = find_project(project)
    root = build_tree(project_file, warn=warn)
    roots = roots_for(output, root)
    formats.write_file(output, roots)
    return BuildResult(output, sum(1 for node in roots for _ in node.walk()), output.stat().st_size)


def build_with_rojo(project: Path, output: Path) -> BuildResult:
    """Delegate to the real `rojo build` when it is installed."""
    rojo = shutil.which("rojo")
    if rojo is None:
        raise UsageError("--builder rojo needs `rojo` on PATH (install it with rokit: `rokit install`)")
    check_output_path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [rojo, "build", str(project), "-o", str(output)], check=False, capture_output=True, text=True
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise DsmError(f"rojo build failed: {detail[-1] if detail else f'exit code {result.returncode}'}")
    document = formats.read_file(output)
    return BuildResult(output, sum(1 for _ in document.walk()), output.stat().st_size)
