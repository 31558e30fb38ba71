"""What a lint rule reports, and the two ways ``dsm lint`` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    # Field order is the sort order: by file, then position, then rule.
    path: str
    """As the user would type it from the working folder, with ``/`` separators."""
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"
    """Set from the rule's entry in the catalog, except for selene's lints, which keep selene's."""

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
            "severity": self.severity,
        }
