"""Globs with Rust ``globset`` semantics (Rojo's ``globIgnorePaths``, ``syncRules`` patterns).

They differ from :mod:`fnmatch`: ``*`` and ``?`` also match ``/``; ``**/x`` matches ``x`` at any
depth including the top; ``a/**`` matches everything below ``a``; ``{a,b}`` alternates (not
nested; empty branches are dropped); ``[!a-z]`` classes; ``\\`` escapes. A glob matches a whole
path, relative to its base, written with ``/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Token kinds; literals and classes carry their regex text.
_PREFIX = "(?:/?|.*/)"  # `**/` at the start: any leading directories, or none
_SUFFIX = "/.*"  # `/**` at the end: anything below
_MIDDLE = "(?:/|/.*/)"  # `/**/` inside: one separator, or any directories between


class GlobError(ValueError):
    pass


@dataclass(frozen=True)
class Glob:
    pattern: str
    regex: re.Pattern[str]

    def matches(self, path: str) -> bool:
        return self.regex.match(path) is not None


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.chars = pattern
        self.pos = 0
        self.stack: list[list[str]] = [[]]

    def bump(self) -> str | None:
        if self.pos >= len(self.chars):
            return None
        char = self.chars[self.pos]
        self.pos += 1
        return char

    def peek(self) -> str | None:
        return self.chars[self.pos] if self.pos < len(self.chars) else None

    def push(self, token: str) -> None:
        self.stack[-1].append(token)

    def parse(self) -> list[str]:
        while (char := self.bump()) is not None:
            if char == "?":
                self.push(".")
            elif char == "*":
                self.star()
            elif char == "[":
                self.char_class()
            elif char == "{":
                if len(self.stack) > 1:
                    raise GlobError("nested {} alternate groups are not allowed")
                self.stack.append([])
            elif char == "}":
                self.close_alternates()
            elif char == "," and len(self.stack) > 1:
                self.stack.append([])
            elif char == "\\":
                escaped = self.bump()
                if escaped is None:
                    raise GlobError("a \\ at the end escapes nothing")
                self.push(re.escape(escaped))
            else:
                self.push(re.escape(char))
        if len(self.stack) > 1:
            raise GlobError("a { alternate group is never closed")
        return self.stack[0]

    def close_alternates(self) -> None:
        if len(self.stack) < 2:
            raise GlobError("a } closes no { alternate group")
        branches = []
        while len(self.stack) >= 2:
            branch = "".join(self.stack.pop())
            if branch:  # globset drops empty branches by default
                branches.append(branch)
        if branches:
            self.push("(?:" + "|".join(reversed(branches)) + ")")

    def star(self) -> None:
        prev = self.chars[self.pos - 2] if self.pos >= 2 else None
        if self.peek() != "*":
            self.push(".*")
            return
        self.pos += 1  # the second `*`
        if not self.stack[-1]:
            if self.peek() not in (None, "/"):
                self.push(".*")
            else:
                self.push(_PREFIX)
                if self.peek() == "/":
                    self.pos += 1
            return
        if prev != "/":
            self.push(".*")
            return
        following = self.peek()
        if following is None or (following in ",}" and len(self.stack) >= 2):
            is_suffix = True
        elif following == "/":
            self.pos += 1
            is_suffix = False
        else:
            self.push(".*")
            return
        last = self.stack[-1].pop()
        if last in (_PREFIX, _SUFFIX):
            self.push(last)
        else:
            self.push(_SUFFIX if is_suffix else _MIDDLE)

    def char_class(self) -> None:
        negated = self.peek() in ("!", "^")
        if negated:
            self.pos += 1
        ranges: list[list[str]] = []
        first = True
        in_range = False
        while True:
            char = self.bump()
            if char is None:
                raise GlobError("a [ character class is never closed")
            if char == "]" and not first:
                break
            if char == "-" and not first:
                if in_range:
                    self.extend_range(ranges[-1], "-")
                    in_range = False
                else:
                    in_range = True
            elif in_range:
                self.extend_range(ranges[-1], char)
                in_range = False
            else:
                ranges.append([char, char])
            first = False
        if in_range:
            ranges.append(["-", "-"])
        body = "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in ranges)
        self.push(f"[{'^' if negated else ''}{body}]")

    @staticmethod
    def extend_range(last: list[str], char: str) -> None:
        if char < last[0]:
            raise GlobError(f'the range "{last[0]}-{char}" runs backwards')
        last[1] = char


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> Glob:
    """Compile ``pattern``; raises :class:`GlobError` saying what is malformed."""
    tokens = _Parser(pattern).parse()
    body = ".*" if tokens == [_PREFIX] else "".join(tokens)
    return Glob(pattern, re.compile(f"^{body}$"))
