"""Compiles every script of a built tree with the real Luau compiler (pluau) to find syntax errors.

Studio would load a plugin with a syntax error and fail at run time; ``dsm watch`` and
``dsm install`` refuse to install it and name the file and line instead. Results are cached
by source text, so a watch session compiles only the scripts that changed since its last build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pluau

from dsm.dom.instance import Instance
from dsm.dom.values import String
from dsm.errors import display_path

SCRIPT_CLASSES = frozenset({"Script", "LocalScript", "ModuleScript"})
# Compile as the runtime does (optimisation 1, debug info 2), so messages match `dsm test`.
_COMPILER = pluau.Compiler(1, 2, 0, 0)
_MESSAGE = re.compile(r"^(?:syntax error: )?(?:(\d+): )?(.*)$", re.DOTALL)


@dataclass(frozen=True)
class SyntaxProblem:
    where: str
    """The script's source file, or its place in the tree when it has none."""
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.message}" if self.line else f"{self.where}: {self.message}"


class SyntaxChecker:
    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, SyntaxProblem | None]] = {}

    def check(self, root: Instance) -> list[SyntaxProblem]:
        """Every script in ``root`` that does not compile, in tree order."""
        problems = []
        seen = set()
        for instance in root.walk():
            source = instance.properties.get("Source")
            if instance.class_name not in SCRIPT_CLASSES or not isinstance(source, String):
                continue
            # Keyed by the raw origin: turning every path into a display path costs more than the build.
            key = instance.origin or instance.full_name()
            seen.add(key)
            cached = self._cache.get(key)
            if cached is None or cached[0] != source.value:
                where = display_path(Path(instance.origin)) if instance.origin else key
                cached = (source.value, _compile(where, source.value))
                self._cache[key] = cached
            if cached[1] is not None:
                problems.append(cached[1])
        for gone in self._cache.keys() - seen:  # deleted scripts must not keep their entry alive
            del self._cache[gone]
        return problems


def _compile(where: str, source: str) -> SyntaxProblem | None:
    try:
        _COMPILER.compile(source)
    except Exception as error:  # pluau raises RuntimeError today; the message is what matters
        match = _MESSAGE.match(str(error).strip())
        line = int(match.group(1)) if match and match.group(1) else None
        message = match.group(2) if match else str(error)
        return SyntaxProblem(where, line, message.splitlines()[0] if message else "syntax error")
    return None
