"""``syntax``: every file compiles with the real Luau compiler (pluau), as Studio would compile it."""

from __future__ import annotations

from dsm.lint.findings import Finding
from dsm.lint.source import SourceFile


def check(source: SourceFile) -> list[Finding]:
    error = source.compile_error
    if error is None:
        return []
    return [Finding(source.display, error.line, error.column, "syntax", error.message)]
