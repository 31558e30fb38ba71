"""The XML codec's internal error: a problem found at a line, turned into a FormatError by the reader."""

from __future__ import annotations

from dsm.formats.common import FormatError


class Malformed(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message

    def to_format_error(self, context: str = "") -> FormatError:
        """A FormatError whose message starts with the line, so it survives being re-raised with a path."""
        prefix = f"{context}: " if context else ""
        error = FormatError(f"line {self.line}: {prefix}{self.message}")
        error.line = self.line
        return error
