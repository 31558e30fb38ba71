"""``strict-header``: plugin sources are type-checked in strict mode.

The file must say ``--!strict`` before its first line of code. Luau reads directive comments
(``--!name``) only there, among the comments a file starts with; a ``--!strict`` after code
counts for nothing. A leading ``--!nonstrict`` or ``--!nocheck`` is reported where it stands.
"""

from __future__ import annotations

from dsm.lint.findings import Finding
from dsm.lint.source import SourceFile
from dsm.lint.tokens import Kind

_WEAKER_MODES = ("nonstrict", "nocheck")


def check(source: SourceFile) -> list[Finding]:
    for token in source.tokens:
        if token.kind is not Kind.COMMENT:
            break
        words = token.text.split()
        mode = words[0].removeprefix("!") if words and token.text.startswith("!") else None
        if mode == "strict":
            return []
        if mode in _WEAKER_MODES:
            message = f"--!{mode} here: plugin sources are --!strict; fix the types it hides instead"
            return [Finding(source.display, token.line, token.column, "strict-header", message)]
    late = next(
        (token for token in source.tokens if token.kind is Kind.COMMENT and token.text.strip() == "!strict"), None
    )
    if late is not None:
        message = f"--!strict on line {late.line} comes after code, where Luau ignores it; move it to the first line"
    else:
        message = "plugin sources start with --!strict; add it as the first line"
    return [Finding(source.display, 1, 1, "strict-header", message)]
