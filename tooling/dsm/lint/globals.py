"""The global rules: ``deprecated-global`` and ``undefined-global``, from the compiler's global accesses.

``deprecated-global`` reports the globals the Creator Hub marks deprecated, with what replaces
each (https://create.roblox.com/docs/reference/engine/globals/RobloxGlobals and
https://create.roblox.com/docs/reference/engine/globals/LuaGlobals), and the engine's
capitalised legacy aliases (``Game``, ``Workspace``, ``Wait``...). ``tick`` and ``time`` are not
deprecated there and are not reported.

``undefined-global`` reports:

- a read of a global that is neither Roblox's, Luau's nor (in tests) the test runtime's,
  unless the file assigns it; an assignment to such a global;
- a member missing from a library or constructor (``UDim2.fromScal``, ``string.trimm``) and
  an Enum or Enum item that does not exist (``Enum.Fnt``, ``Enum.Font.Comic``);
- ``plugin`` outside the plugin's Scripts: Studio gives it only to Scripts run as the plugin,
  not to ModuleScripts (pass it from the entry script) nor to specs.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator

from dsm.lint.bytecode import GlobalAccess
from dsm.lint.findings import Finding
from dsm.lint.source import Role, SourceFile
from dsm.lint.stdlib import ENUM_METHODS, Std

DEPRECATED: dict[str, str] = {
    "wait": "use task.wait",
    "Wait": "use task.wait",
    "spawn": "use task.spawn (or task.defer)",
    "Spawn": "use task.spawn (or task.defer)",
    "delay": "use task.delay",
    "Delay": "use task.delay",
    "elapsedTime": "use os.clock",
    "ElapsedTime": "use os.clock",
    "ypcall": "use pcall, which yields",
    "stats": 'use game:GetService("Stats")',
    "Stats": 'use game:GetService("Stats")',
    "version": "Roblox no longer supports it",
    "Version": "Roblox no longer supports it",
    "printidentity": "Roblox no longer supports it",
    "DebuggerManager": "Roblox no longer supports it",
    "Game": "use game",
    "Workspace": "use workspace",
    "getfenv": "it turns off Luau's optimizations for the whole script; pass values explicitly",
    "setfenv": "it turns off Luau's optimizations for the whole script; pass values explicitly",
    "collectgarbage": 'use gcinfo() (collectgarbage("count") is the only form Roblox allows)',
}


def deprecated(source: SourceFile) -> list[Finding]:
    findings = []
    for access, column in _located(source):
        name = access.path[0]
        if name in DEPRECATED:
            findings.append(
                Finding(
                    source.display,
                    access.line,
                    column,
                    "deprecated-global",
                    f"{name} is deprecated: {DEPRECATED[name]}",
                )
            )
    return findings


def _located(source: SourceFile) -> Iterator[tuple[GlobalAccess, int]]:
    """Each global access with its column: the n-th access of a name on a line is its n-th use."""
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for access in sorted(source.accesses, key=lambda item: item.line):
        key = (access.line, access.path[0])
        columns = source.columns_of(*key)
        nth = seen[key]
        seen[key] += 1
        yield access, columns[min(nth, len(columns) - 1)] if columns else source.first_column(access.line)


def _suggest(name: str, choices: set[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def _member_problem(std: Std, path: tuple[str, ...]) -> str | None:
    """What is wrong with ``Library.member`` / ``Enum.Type.Item`` reads, or None."""
    head = path[0]
    if head == "Enum" and len(path) > 1:
        enums = std.enums()
        items = enums.get(path[1])
        if items is None:
            return f"Enum.{path[1]} is not an Enum{_suggest(path[1], set(enums))}"
        if len(path) > 2 and path[2] not in items and path[2] not in ENUM_METHODS:
            return f"{'.'.join(path[:3])} is not an item of Enum.{path[1]}{_suggest(path[2], items)}"
        return None
    members = std.globals.get(head)
    if members is not None and len(path) > 1 and path[1] not in members:
        return f"{head}.{path[1]} is not a member of {head}{_suggest(path[1], members)}"
    return None


def _unknown_name(name: str, std: Std, known: set[str]) -> str:
    if name == "dsm":
        return "dsm exists only in specs and dsm run scripts, not in the plugin"
    if name in std.spec_globals:
        return f"{name} exists only in specs (plugin/tests), not in the plugin"
    return f"{name} is not a Roblox, Luau or test global{_suggest(name, known)}"


def undefined(source: SourceFile, std: Std, *, plugin_script: bool) -> list[Finding]:
    """``plugin_script``: the file runs as a Script inside the plugin, so ``plugin`` is defined."""
    known = set(std.globals)
    if source.role in (Role.TEST, Role.OTHER):
        known |= {"dsm"} | (std.spec_globals if source.role is Role.TEST else set())
    assigned = {access.path[0] for access in source.accesses if access.kind == "write"}
    findings = []

    def report(access: GlobalAccess, column: int, message: str) -> None:
        findings.append(Finding(source.display, access.line, column, "undefined-global", message))

    for access, column in _located(source):
        name = access.path[0]
        if access.kind == "write":
            if name not in known:
                report(access, column, f"assigns the undefined global {name}; declare it with local")
        elif name == "plugin" and not plugin_script:
            report(
                access,
                column,
                "plugin is nil here: Studio gives it only to the plugin's Scripts, not to ModuleScripts or "
                "specs; pass it from the entry script",
            )
        elif name not in known and name not in assigned:
            report(access, column, _unknown_name(name, std, known))
        elif (problem := _member_problem(std, access.path)) is not None:
            report(access, column, problem)
    return findings
