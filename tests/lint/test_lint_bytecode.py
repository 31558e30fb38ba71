"""Global accesses read from the bytecode of pluau's Luau compiler."""

from __future__ import annotations

import pluau
import pytest

from dsm.lint.bytecode import BytecodeError, GlobalAccess, global_accesses

COMPILER = pluau.Compiler(1, 1, 0, 0)


def _accesses(source: str) -> list[GlobalAccess]:
    return sorted(global_accesses(bytes(COMPILER.compile(source))), key=lambda access: (access.line, access.path))


def test_reads_writes_imports_and_their_lines() -> None:
    source = """--!strict
local x: number = math.floor(1.5)
print(
	`value {x} {Enum.Font.SourceSans}`,
	undefinedThing
)
counter = 1
"""
    assert [(access.path, access.line, access.kind) for access in _accesses(source)] == [
        (("math", "floor"), 2, "read"),
        (("print",), 3, "read"),
        (("Enum", "Font", "SourceSans"), 4, "read"),
        (("undefinedThing",), 5, "read"),
        (("counter",), 7, "write"),
    ]


def test_locals_parameters_generics_and_types_are_not_globals() -> None:
    source = """--!strict
type Box<T> = { value: T }
type function Same(t)
	return t
end
local function wrap<T>(value: T): Box<T>
	local wait = value
	return { value = wait }
end
return wrap
"""
    assert _accesses(source) == []


def test_top_level_is_the_chunk_itself_not_its_functions() -> None:
    source = "local a = require(script.A)\nlocal function later()\n\treturn require(script.B)\nend\nreturn later\n"
    requires = [access for access in _accesses(source) if access.path == ("require",)]
    assert [(access.line, access.top_level) for access in requires] == [(1, True), (3, False)]


def test_a_version_it_cannot_read_is_an_error() -> None:
    with pytest.raises(BytecodeError, match="bytecode version 9 is not supported"):
        global_accesses(b"\x09\x03")
    with pytest.raises(BytecodeError, match="ends early"):
        global_accesses(b"\x06\x03\x05ab")
