"""``-- dsm-lint: ignore rule-a, rule-b`` comments: which rules are off on which lines.

A comment switches the rules off on its own line; a comment alone on its line also switches
them off on the next line. Words after the comma-separated rule names are the reason.
"""

from __future__ import annotations

import re
from collections import defaultdict

from dsm.lint.source import SourceFile
from dsm.lint.tokens import Kind

_DIRECTIVE = re.compile(r"dsm-lint:\s*ignore\s+([\w/-]+(?:\s*,\s*[\w/-]+)*)")


def suppressed_lines(source: SourceFile) -> dict[int, set[str]]:
    """Line → the rules switched off there."""
    off: dict[int, set[str]] = defaultdict(set)
    code_lines = {token.line for token in source.code_tokens}
    for token in source.tokens:
        if token.kind is not Kind.COMMENT or (match := _DIRECTIVE.search(token.text)) is None:
            continue
        rules = {name.strip() for name in match.group(1).split(",")}
        for line in range(token.line, token.end_line + 1):
            off[line] |= rules
        if token.line not in code_lines:  # a comment on its own line covers the next line too
            off[token.end_line + 1] |= rules
    return off


def is_suppressed(rule: str, line: int, off: dict[int, set[str]]) -> bool:
    names = off.get(line)
    if not names:
        return False
    # `selene` switches off every selene lint; `selene/unused_variable` one of them.
    return rule in names or (rule.startswith("selene/") and "selene" in names)
