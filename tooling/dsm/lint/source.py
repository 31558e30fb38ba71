"""One Luau file as the rules see it: its text, the compiler's verdict, tokens and global accesses."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path

import pluau

from dsm.errors import DsmError
from dsm.lint.bytecode import BytecodeError, GlobalAccess, global_accesses
from dsm.lint.tokens import Kind, Token, tokenize

# Optimisation level 1 keeps every global access (level 2 folds `math.pi` away); debug level 1
# keeps the line of every instruction.
_COMPILER = pluau.Compiler(1, 1, 0, 0)
_COMPILE_ERROR = re.compile(r"^(?:syntax error: )?(?:.*?:)?(\d+): (.*)$", re.DOTALL)
_GOT_TOKEN = re.compile(r"got '([^']+)'$")
# Names that follow these tokens are fields, methods, types or new locals, not global reads.
_NOT_A_GLOBAL_AFTER = frozenset({".", ":", "::", "local"})


class Role(Enum):
    SOURCE = "source"
    """A plugin source under plugin/src: every rule applies."""
    TEST = "test"
    """A spec or other file under plugin/tests: the test runtime's globals are defined."""
    VENDORED = "vendored"
    """A package (node_modules, Packages): only its syntax and requires are checked."""
    OTHER = "other"
    """Any other Luau file given on the command line, e.g. a `dsm run` script."""


@dataclass(frozen=True)
class CompileError:
    line: int
    column: int
    message: str


class SourceFile:
    def __init__(self, path: Path, display: str, role: Role, text: str) -> None:
        self.path = path
        self.display = display
        self.role = role
        self.text = text

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def _compiled(self) -> bytes | CompileError:
        try:
            return bytes(_COMPILER.compile(self.text))
        except RuntimeError as error:
            return self._compile_error(str(error))

    @property
    def compile_error(self) -> CompileError | None:
        result = self._compiled
        return result if isinstance(result, CompileError) else None

    def _compile_error(self, text: str) -> CompileError:
        match = _COMPILE_ERROR.match(text.strip())
        if match is None:
            return CompileError(1, 1, text.strip())
        line, message = int(match.group(1)), match.group(2).strip()
        return CompileError(line, self._error_column(line, message), message)

    def _error_column(self, line: int, message: str) -> int:
        """Luau's compiler reports lines only; point at the offending token when it is unambiguous."""
        got = _GOT_TOKEN.search(message)
        if got is not None:
            matches = [token.column for token in self.tokens if token.line == line and token.text == got.group(1)]
            if len(matches) == 1:
                return matches[0]
        return self.first_column(line)

    def first_column(self, line: int) -> int:
        """The column of the first non-blank character of ``line`` (1 for an empty line)."""
        if 1 <= line <= len(self.lines):
            text = self.lines[line - 1]
            return len(text) - len(text.lstrip()) + 1
        return 1

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def code_tokens(self) -> list[Token]:
        """The tokens without comments."""
        return [token for token in self.tokens if token.kind is not Kind.COMMENT]

    @cached_property
    def accesses(self) -> list[GlobalAccess]:
        """Global reads and writes; empty when the file does not compile."""
        compiled = self._compiled
        if isinstance(compiled, CompileError):
            return []
        try:
            return global_accesses(compiled)
        except BytecodeError as error:
            raise DsmError(
                f"cannot read the Luau compiler's output for this file ({error}); the pluau version "
                "is newer than dsm lint supports",
                path=self.path,
            ) from None

    def global_lines(self, name: str) -> set[int]:
        """The lines where the global ``name`` itself is read (not a local of that name)."""
        return {access.line for access in self.accesses if access.path[0] == name and access.kind == "read"}

    @cached_property
    def _name_columns(self) -> dict[tuple[int, str], list[int]]:
        columns: dict[tuple[int, str], list[int]] = defaultdict(list)
        tokens = self.code_tokens
        for index, token in enumerate(tokens):
            if token.kind is Kind.NAME and not _declares_or_selects(tokens, index):
                columns[(token.line, token.text)].append(token.column)
        return columns

    def columns_of(self, line: int, name: str) -> list[int]:
        """Columns on ``line`` where ``name`` appears as a possible global (not after `.`, `:`, `local`)."""
        return self._name_columns.get((line, name), [])


def _declares_or_selects(tokens: list[Token], index: int) -> bool:
    """Whether the name at ``index`` is a field, method, type, or a new local's name."""
    previous = tokens[index - 1] if index > 0 else None
    if previous is None or previous.kind not in (Kind.SYMBOL, Kind.KEYWORD):
        return False
    if previous.text in _NOT_A_GLOBAL_AFTER:
        return True
    return previous.text == "function" and index > 1 and tokens[index - 2].is_keyword("local")
