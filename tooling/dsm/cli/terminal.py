"""What every command prints with: a rich console, warnings on stderr, paths shown short."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dsm.errors import display_path


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    console(stderr=True).print(f"[yellow]warning:[/yellow] {message}", markup=True)


def display(path: Path) -> str:
    return display_path(path)
