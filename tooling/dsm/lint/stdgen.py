"""Generate ``data/std.json``, the globals ``dsm lint`` knows, from npm ``@rbxts/types`` and Luau.

Sources, in order:

- ``@rbxts/types`` declarations (``include/*.d.ts``, ``plugin.d.ts``): every ``declare const``,
  ``declare function`` and ``declare namespace`` with values. A namespace (``math``, ``task``)
  and a constructor object (``UDim2: UDim2Constructor``) get their members listed, so a typo
  such as ``UDim2.fromScal`` is caught; other globals (``game``, ``print``) take any member.
- The Luau base library as the VM in pluau has it: the builtins TypeScript cannot declare
  (``assert``, ``typeof``, ``unpack``...) and the members of each library table.
- Roblox globals the declarations leave out, stated below with the Creator Hub page.
- The spec globals of the headless runtime (``describe``, ``expect``, ``jest``, ``dsm``...),
  read from the runtime itself so the list follows it.

``Enum`` items come from the reflection data at lint time, not from this file.
Run ``scripts/generate-lint-std`` after updating ``@rbxts/types`` or pluau; ``--check`` fails
when the committed file is stale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from dsm.generated import DEFAULT_TYPES_DIR, GenerateError, read_types_file, write_or_check

OUTPUT = Path(__file__).resolve().parent / "data" / "std.json"
_DECLARATION_FILES = ("include/lua.d.ts", "include/roblox.d.ts", "plugin.d.ts")

# Globals Roblox has that @rbxts/types does not declare.
# https://create.roblox.com/docs/reference/engine/globals/RobloxGlobals
_ROBLOX_EXTRA = ("workspace", "stats", "PluginManager", "printidentity", "ypcall")
# Capitalised legacy aliases the engine still defines; listed so that deprecated-global, not
# undefined-global, reports them with their replacement.
_LEGACY_ALIASES = ("Game", "Workspace", "Delay", "Spawn", "Wait", "Version", "ElapsedTime", "Stats")
# Declarations that are TypeScript-only: compile-time helpers, not values in Luau.
_TYPESCRIPT_ONLY = frozenset({"TS", "Selector", "SharedTableNominal"})

_DECLARE = re.compile(r"^declare (const|function|namespace) (?!enum )(\w+)(.*)$")
_NAMESPACE_MEMBER = re.compile(r"^\t(?:export )?(?:function|const|let) (\w+)")
_INTERFACE = re.compile(r"^interface (\w+)(?:<.*?>)?(?: extends (.+?))? \{$")
_INTERFACE_MEMBER = re.compile(r"^\t(?:readonly )?(\w+)\??\s*[:(<]")
_TYPE_ALIAS = re.compile(r"^type (\w+) = (.*)$")

_LUAU_BASE_LIBRARY = """
local result = {}
for name, value in _G do
    if type(value) == "table" and name ~= "_G" then
        local members = {}
        for member in value do
            table.insert(members, tostring(member))
        end
        result[name] = members
    else
        result[name] = false
    end
end
return result
"""


def _block_end(lines: list[str], start: int) -> int:
    """The index of the line that closes the top-level block opened on ``lines[start]``."""
    for index in range(start + 1, len(lines)):
        if lines[index].startswith("}"):
            return index
    return len(lines)


def _interfaces(lines: list[str]) -> dict[str, tuple[set[str], str | None]]:
    """Top-level interfaces: their member names (``new (...)`` is ``new``) and base list."""
    found: dict[str, tuple[set[str], str | None]] = {}
    for index, line in enumerate(lines):
        if head := _INTERFACE.match(line):
            members = set()
            for body in lines[index + 1 : _block_end(lines, index)]:
                if body.startswith("\tnew ") or body.startswith("\tnew("):
                    members.add("new")
                elif member := _INTERFACE_MEMBER.match(body):
                    members.add(member.group(1))
            name = head.group(1)
            previous = found.get(name, (set(), None))
            found[name] = (previous[0] | members, head.group(2) or previous[1])
    return found


def _constructor_members(
    type_name: str, interfaces: dict[str, tuple[set[str], str | None]], aliases: dict[str, str]
) -> list[str] | None:
    """The members of a constructor object's type, or None when they cannot be listed whole."""
    if type_name in interfaces:
        members, bases = interfaces[type_name]
        return None if bases else sorted(members)
    alias = aliases.get(type_name, "")
    if alias.startswith("new "):  # `type XConstructor = new (...) => X`
        return ["new"]
    return None


def declared_globals(types_dir: Path) -> dict[str, list[str] | None]:
    """Globals declared by @rbxts/types: closed member lists for namespaces and constructors."""
    texts = [read_types_file(types_dir / name) for name in _DECLARATION_FILES]
    lines = [line for text in texts for line in text.splitlines()]
    interfaces = _interfaces(lines)
    aliases = {match.group(1): match.group(2) for line in lines if (match := _TYPE_ALIAS.match(line))}
    globals_: dict[str, list[str] | None] = {}
    for index, line in enumerate(lines):
        declaration = _DECLARE.match(line)
        if declaration is None or declaration.group(2) in _TYPESCRIPT_ONLY:
            continue
        kind, name, rest = declaration.groups()
        if kind == "namespace":
            members = {
                member.group(1)
                for body in lines[index + 1 : _block_end(lines, index)]
                if (member := _NAMESPACE_MEMBER.match(body))
            }
            if members:  # a namespace of types only is not a value
                globals_[name] = sorted(set(globals_.get(name) or []) | members)
        elif kind == "const":
            type_name = rest.removeprefix(":").strip().rstrip(";")
            globals_[name] = _constructor_members(type_name, interfaces, aliases)
        else:
            globals_.setdefault(name, None)
    globals_["Enum"] = None  # items are checked against the reflection data
    return globals_


def luau_base_library() -> dict[str, list[str] | None]:
    """The globals of a fresh Luau VM: library tables with their members, functions open."""
    import pluau

    from dsm.runtime.vm import from_lua

    lua = pluau.Lua()
    table = from_lua(lua.load_chunk(_LUAU_BASE_LIBRARY, "=std")()[0])
    return {name: sorted(members) if members else None for name, members in table.items()}


def spec_globals() -> list[str]:
    """The names a spec file sees besides the Roblox ones, read from the headless runtime."""
    from dsm.runtime.vm import LuauVM, from_lua

    vm = LuauVM()
    suite = vm.import_module("Test/TestRunner").get("newSuite")()[0]
    names = {str(key) for key in from_lua(suite.get("globals")(suite)[0])}
    return sorted(names | {"dsm"})


def build(types_dir: Path) -> dict[str, Any]:
    from importlib.metadata import version as installed_version

    globals_ = declared_globals(types_dir)
    for name, members in luau_base_library().items():
        if name not in globals_ or members is None:
            globals_.setdefault(name, None)
        else:
            globals_[name] = sorted(set(globals_[name] or []) | set(members))
    for name in (*_ROBLOX_EXTRA, *_LEGACY_ALIASES):
        globals_.setdefault(name, None)
    version = json.loads(read_types_file(types_dir / "package.json")).get("version", "unknown")
    return {
        "source": f"@rbxts/types {version}; Luau base library of pluau {installed_version('pluau')}",
        "globals": dict(sorted(globals_.items())),
        "spec_globals": spec_globals(),
    }


def render(document: dict[str, Any]) -> str:
    """JSON with one global per line, so a diff shows what changed."""
    out = ["{", f' "source": {json.dumps(document["source"])},', ' "globals": {']
    names = list(document["globals"])
    out.extend(
        f"  {json.dumps(name)}: {json.dumps(document['globals'][name])}" + ("," if index < len(names) - 1 else "")
        for index, name in enumerate(names)
    )
    out.append(" },")
    out.append(f' "spec_globals": {json.dumps(document["spec_globals"])}')
    out.append("}")
    return "\n".join(out) + "\n"


def run(types_dir: Path, output: Path, *, check: bool) -> bool:
    """Write (or with ``check``, compare) ``output``; False when a check finds it stale."""
    return write_or_check(output, render(build(types_dir)), check=check)


@click.command()
@click.option("--types-dir", type=click.Path(path_type=Path), default=DEFAULT_TYPES_DIR, show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=OUTPUT, show_default=True)
@click.option("--check", is_flag=True, help="Fail when the committed file is out of date instead of writing it.")
def main(types_dir: Path, output: Path, check: bool) -> None:
    """Regenerate the globals dsm lint knows from @rbxts/types and the Luau base library."""
    if not run(types_dir, output, check=check):
        raise GenerateError("out of date; run scripts/generate-lint-std to regenerate it", path=output)


if __name__ == "__main__":
    main()
