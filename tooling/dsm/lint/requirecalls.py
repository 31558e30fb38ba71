"""The ``require`` calls of a file whose target can be known without running it.

Recognised arguments:

- a string path: ``require("./Sibling")``, ``require("@self/Child")``, ``require "../Up"``;
- an instance path from ``script``, ``game`` or a local bound to one: ``script.Parent.Foo``,
  ``script:FindFirstChild("Foo")``, ``script.Parent:WaitForChild("Foo")``, ``game:GetService(
  "ServerStorage").Plugin``, ``Shared["Name With Spaces"]`` after ``local Shared = script.Parent.Shared``.

Anything else (a variable holding an Instance made at run time, a computed name) is dynamic and
not checked; so is a require that is an operand of ``and``/``or``, the idiom for a fallback that
runs only outside Roblox (``game and typeof or require("../test/mock").typeof``).

``script``, ``game`` and ``require`` count only where they are the globals (the compiler's
global accesses on that line say so), not locals of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dsm.lint.source import SourceFile
from dsm.lint.tokens import Kind, Token

StepKind = Literal["child", "parent", "find", "find-descendant", "wait", "service"]
_METHODS: dict[str, StepKind] = {
    "FindFirstChild": "find",
    "WaitForChild": "wait",
    "GetService": "service",
}
_ROOTS = ("script", "game")


@dataclass(frozen=True)
class Step:
    kind: StepKind
    name: str = ""

    def text(self) -> str:
        if self.kind == "parent":
            return ".Parent"
        if self.kind == "child":
            return f".{self.name}" if self.name.isidentifier() else f'["{self.name}"]'
        method = {"find": "FindFirstChild", "find-descendant": "FindFirstChild", "wait": "WaitForChild"}.get(
            self.kind, "GetService"
        )
        extra = ", true" if self.kind == "find-descendant" else ""
        return f':{method}("{self.name}"{extra})'


@dataclass(frozen=True)
class InstancePath:
    root: Literal["script", "game"]
    steps: tuple[Step, ...]

    def text(self) -> str:
        return self.root + "".join(step.text() for step in self.steps)


@dataclass(frozen=True)
class RequireCall:
    line: int
    column: int
    target: str | InstancePath
    """A string path as written, or an instance path with local aliases expanded."""
    top_level: bool
    """Runs when the module loads (not inside a function), so it can take part in a cycle."""

    def text(self) -> str:
        return f'"{self.target}"' if isinstance(self.target, str) else self.target.text()


class _Parser:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.tokens = source.code_tokens
        self.aliases: dict[str, InstancePath | None] = {}
        """Locals bound to an instance path; None once a name is bound to two different things."""
        self.global_roots = {name: source.global_lines(name) for name in _ROOTS}

    def at(self, index: int) -> Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def is_symbol(self, index: int, text: str) -> bool:
        token = self.at(index)
        return token is not None and token.is_symbol(text)

    def string_at(self, index: int) -> str | None:
        token = self.at(index)
        if token is None or token.kind not in (Kind.STRING, Kind.INTERPOLATED):
            return None
        # An interpolated string with `{...}` parts is followed by its expression, not `)`.
        if token.kind is Kind.INTERPOLATED and not self.is_symbol(index + 1, ")"):
            return None
        return token.text

    def path_at(self, index: int) -> tuple[InstancePath, int] | None:
        """An instance path starting at ``index`` and the index after it, or None."""
        head = self.at(index)
        if head is None or head.kind is not Kind.NAME:
            return None
        if head.text in _ROOTS and head.line in self.global_roots[head.text]:
            path = InstancePath(head.text, ())  # type: ignore[arg-type]
        elif (alias := self.aliases.get(head.text)) is not None:
            path = alias
        else:
            return None
        steps = list(path.steps)
        index += 1
        while True:
            step, after = self.step_at(index)
            if step is None:
                return InstancePath(path.root, tuple(steps)), index
            steps.append(step)
            index = after

    def step_at(self, index: int) -> tuple[Step | None, int]:
        """The step (``.Name``, ``["Name"]``, ``:Method("Name")``) at ``index`` and the index after it."""
        field = self.at(index + 1)
        if self.is_symbol(index, ".") and field is not None and field.kind is Kind.NAME:
            return (Step("parent") if field.text == "Parent" else Step("child", field.text)), index + 2
        key = self.string_at(index + 1)
        if self.is_symbol(index, "[") and key is not None and self.is_symbol(index + 2, "]"):
            return Step("child", key), index + 3
        if self.is_symbol(index, ":") and field is not None:
            return self.method_step(_METHODS.get(field.text), index + 2)
        return None, index

    def method_step(self, kind: StepKind | None, index: int) -> tuple[Step | None, int]:
        """``("Name")`` or ``("Name", true)`` after a known method; ``index`` is at the parenthesis."""
        name = self.string_at(index + 1)
        if kind is None or not self.is_symbol(index, "(") or not name:
            return None, index
        if self.is_symbol(index + 2, ")"):
            return Step(kind, name), index + 3
        recursive = self.at(index + 3)
        if kind == "find" and self.is_symbol(index + 2, ",") and recursive is not None and recursive.is_keyword("true"):
            return (Step("find-descendant", name), index + 5) if self.is_symbol(index + 4, ")") else (None, index)
        return None, index

    def ends_expression(self, index: int) -> bool:
        """Whether the expression before ``index`` is complete (not continued by a call or operator)."""
        token = self.at(index)
        if token is None or token.is_symbol("::"):
            return True
        if token.kind is Kind.KEYWORD:
            return token.text not in ("and", "or")
        if token.kind is Kind.NAME:
            return True
        return token.kind is Kind.SYMBOL and token.text in (";", ")", "}", ",")

    def record_alias(self, index: int) -> None:
        """``local NAME = <instance path>``: remember NAME; a second, different binding forgets it."""
        name = self.at(index + 1)
        if name is None or name.kind is not Kind.NAME or not self.is_symbol(index + 2, "="):
            return
        found = self.path_at(index + 3)
        value = found[0] if found is not None and self.ends_expression(found[1]) else None
        if name.text in self.aliases and self.aliases[name.text] != value:
            value = None
        self.aliases[name.text] = value

    def forget_reassigned(self, index: int) -> None:
        """``NAME = ...`` outside a declaration makes an alias of that name unknowable."""
        token = self.at(index)
        before = self.at(index - 1)
        declared = before is not None and before.is_keyword("local")
        if token is not None and token.text in self.aliases and self.is_symbol(index + 1, "=") and not declared:
            self.aliases[token.text] = None

    def call_at(self, index: int, require_lines: set[int], top_lines: set[int]) -> RequireCall | None:
        token = self.tokens[index]
        if token.text != "require" or token.kind is not Kind.NAME or token.line not in require_lines:
            return None
        before = self.at(index - 1)
        if before is not None and (
            before.is_symbol(".") or before.is_symbol(":") or before.is_keyword("or") or before.is_keyword("and")
        ):
            return None
        target: str | InstancePath | None = None
        if (text := self.string_at(index + 1)) is not None:  # require "path"
            target = text
        elif self.is_symbol(index + 1, "("):
            if (text := self.string_at(index + 2)) is not None and self.is_symbol(index + 3, ")"):
                target = text
            elif (found := self.path_at(index + 2)) is not None:
                path, after = found
                if self.is_symbol(after, ")") or self.is_symbol(after, "::"):
                    target = path
        if target is None:
            return None
        return RequireCall(token.line, token.column, target, token.line in top_lines)


def require_calls(source: SourceFile) -> list[RequireCall]:
    """Every statically known require in ``source``, in source order."""
    parser = _Parser(source)
    require_reads = [access for access in source.accesses if access.path == ("require",)]
    require_lines = {access.line for access in require_reads}
    top_lines = {access.line for access in require_reads if access.top_level}
    calls: list[RequireCall] = []
    for index, token in enumerate(parser.tokens):
        if token.is_keyword("local"):
            parser.record_alias(index)
        elif token.kind is Kind.NAME:
            parser.forget_reassigned(index)
            if (call := parser.call_at(index, require_lines, top_lines)) is not None:
                calls.append(call)
    return calls
