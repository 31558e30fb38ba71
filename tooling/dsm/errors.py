"""The errors users see. Each names the file (and line or key) and what to do about it."""

from __future__ import annotations

import os
from pathlib import Path

import click

# Fixed exit codes, documented in docs/cli.md.
EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class DsmError(click.ClickException):
    """A user-facing error: printed as one line, no traceback."""

    exit_code = EXIT_FAILURES

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        location = ""
        if self.path is not None:
            location = f"{display_path(self.path)}:{line}: " if line is not None else f"{display_path(self.path)}: "
        super().__init__(location + message)

    def format_message(self) -> str:
        return self.message


class UsageError(DsmError):
    exit_code = EXIT_USAGE


def display_path(path: Path) -> str:
    """The path as the user would type it from the working folder: relative when that is short."""
    try:
        relative = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if Path(relative).parts[:3].count("..") < 3 else str(path)
