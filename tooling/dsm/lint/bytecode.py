"""The global names a Luau chunk reads and writes, read from the bytecode of the real compiler.

Why bytecode: the Luau compiler resolves scopes exactly (locals, upvalues, shadowing, type
annotations erased), so every ``GETGLOBAL``, ``SETGLOBAL`` and ``GETIMPORT`` instruction is one
real global access, with the line it came from. A parser of our own would have to keep up
with Luau's syntax (type functions, generics, interpolation); the compiler already does.

The format is Luau's serialized bytecode (``Common/include/Luau/Bytecode.h`` and
``VM/src/lvmload.cpp`` in the Luau sources), versions 4 to 6. Only what is needed is decoded:
the string table, each function's instructions, constants and line table.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

# Opcodes from Bytecode.h's LuauOpcode (order-sensitive); only those we read are named.
_OP_GETGLOBAL = 7
_OP_SETGLOBAL = 8
_OP_GETIMPORT = 12
_OPCODE_COUNT = 83
# Instructions followed by an AUX word (Luau's getOpLength): GETGLOBAL, SETGLOBAL, GETIMPORT,
# GETTABLEKS, SETTABLEKS, NAMECALL, JUMPIFEQ..JUMPIFNOTLT, NEWTABLE, SETLIST, FORGLOOP,
# FASTCALL3, LOADKX, FASTCALL2, FASTCALL2K, JUMPXEQKNIL..JUMPXEQKS.
_WITH_AUX = frozenset({7, 8, 12, 15, 16, 20, 27, 28, 29, 30, 31, 32, 53, 55, 58, 60, 66, 74, 75, 77, 78, 79, 80})

_CONSTANT_NIL = 0
_CONSTANT_BOOLEAN = 1
_CONSTANT_NUMBER = 2
_CONSTANT_STRING = 3
_CONSTANT_IMPORT = 4
_CONSTANT_TABLE = 5
_CONSTANT_CLOSURE = 6
_CONSTANT_VECTOR = 7
_CONSTANT_TABLE_WITH_CONSTANTS = 8

SUPPORTED_VERSIONS = range(4, 7)


class BytecodeError(Exception):
    """The compiler produced bytecode this reader does not understand (a newer Luau)."""


@dataclass(frozen=True)
class GlobalAccess:
    path: tuple[str, ...]
    """The global and, for imports, the fields read from it: ``("math", "floor")``."""
    line: int
    kind: Literal["read", "write"]
    top_level: bool
    """In the chunk's main function (runs when the module loads), not inside a function."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def byte(self) -> int:
        if self.offset >= len(self.data):
            raise BytecodeError("the bytecode ends early")
        value = self.data[self.offset]
        self.offset += 1
        return value

    def varint(self) -> int:
        result = shift = 0
        while True:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    def take(self, count: int) -> bytes:
        if self.offset + count > len(self.data):
            raise BytecodeError("the bytecode ends early")
        chunk = self.data[self.offset : self.offset + count]
        self.offset += count
        return chunk

    def words(self, count: int) -> tuple[int, ...]:
        return struct.unpack(f"<{count}I", self.take(4 * count))

    def ints(self, count: int) -> tuple[int, ...]:
        return struct.unpack(f"<{count}i", self.take(4 * count))


@dataclass
class _Proto:
    code: tuple[int, ...]
    constants: list[object]
    lines: list[int]


def _constants(reader: _Reader, strings: list[str]) -> list[object]:
    """Strings as ``str``, imports as a tuple of constant indices, anything else as None."""
    constants: list[object] = []
    for _ in range(reader.varint()):
        kind = reader.byte()
        value: object = None
        if kind == _CONSTANT_BOOLEAN:
            reader.byte()
        elif kind == _CONSTANT_NUMBER:
            reader.take(8)
        elif kind == _CONSTANT_STRING:
            index = reader.varint()
            value = strings[index - 1] if index else None
        elif kind == _CONSTANT_IMPORT:
            (import_id,) = reader.words(1)
            count = import_id >> 30
            value = tuple((import_id >> shift) & 0x3FF for shift in (20, 10, 0)[:count])
        elif kind == _CONSTANT_TABLE:
            for _ in range(reader.varint()):
                reader.varint()
        elif kind == _CONSTANT_TABLE_WITH_CONSTANTS:
            for _ in range(reader.varint()):
                reader.varint()
                reader.take(4)
        elif kind == _CONSTANT_CLOSURE:
            reader.varint()
        elif kind == _CONSTANT_VECTOR:
            reader.take(16)
        elif kind != _CONSTANT_NIL:
            raise BytecodeError(f"unknown constant kind {kind}")
        constants.append(value)
    return constants


def _line_table(reader: _Reader, size: int) -> list[int]:
    if not reader.byte():
        return [0] * size
    gap_log2 = reader.byte()
    intervals = ((size - 1) >> gap_log2) + 1
    offsets, last = [], 0
    for delta in reader.take(size):
        last = (last + delta) & 0xFF
        offsets.append(last)
    absolute, line = [], 0
    for delta in reader.ints(intervals):
        line += delta
        absolute.append(line)
    return [absolute[pc >> gap_log2] + offsets[pc] for pc in range(size)]


def _skip_debug_info(reader: _Reader) -> None:
    if not reader.byte():
        return
    for _ in range(reader.varint()):  # locals: name, start pc, end pc, register
        reader.varint()
        reader.varint()
        reader.varint()
        reader.byte()
    for _ in range(reader.varint()):  # upvalue names
        reader.varint()


def _proto(reader: _Reader, strings: list[str], version: int, types_version: int) -> _Proto:
    reader.take(4)  # max stack size, parameter count, upvalue count, is vararg
    if version >= 4:
        reader.byte()  # flags
        if types_version >= 1:
            reader.take(reader.varint())
    code = reader.words(reader.varint())
    constants = _constants(reader, strings)
    for _ in range(reader.varint()):  # child functions
        reader.varint()
    if version >= 2:
        reader.varint()  # line defined
    reader.varint()  # debug name
    lines = _line_table(reader, len(code))
    _skip_debug_info(reader)
    return _Proto(code, constants, lines)


def _accesses(proto: _Proto, top_level: bool) -> list[GlobalAccess]:
    found: list[GlobalAccess] = []
    pc = 0
    while pc < len(proto.code):
        instruction = proto.code[pc]
        opcode = instruction & 0xFF
        if opcode >= _OPCODE_COUNT:
            raise BytecodeError(f"unknown opcode {opcode}")
        if opcode in (_OP_GETGLOBAL, _OP_SETGLOBAL):
            name = proto.constants[proto.code[pc + 1]]
            if isinstance(name, str):
                kind: Literal["read", "write"] = "read" if opcode == _OP_GETGLOBAL else "write"
                found.append(GlobalAccess((name,), proto.lines[pc], kind, top_level))
        elif opcode == _OP_GETIMPORT:
            parts = proto.constants[instruction >> 16]
            if isinstance(parts, tuple):
                names = tuple(str(proto.constants[index]) for index in parts)
                found.append(GlobalAccess(names, proto.lines[pc], "read", top_level))
        pc += 2 if opcode in _WITH_AUX else 1
    if pc != len(proto.code):
        raise BytecodeError("an instruction runs past the end of its function")
    return found


def global_accesses(bytecode: bytes) -> list[GlobalAccess]:
    """Every global read and write in a chunk compiled without errors, function by function."""
    reader = _Reader(bytecode)
    version = reader.byte()
    if version not in SUPPORTED_VERSIONS:
        raise BytecodeError(f"bytecode version {version} is not supported (dsm reads 4 to 6)")
    types_version = reader.byte() if version >= 4 else 0
    strings = [reader.take(reader.varint()).decode("utf-8", "replace") for _ in range(reader.varint())]
    if types_version == 3:  # userdata type names: index byte, name; a zero byte ends the list
        while reader.byte():
            reader.varint()
    protos = [_proto(reader, strings, version, types_version) for _ in range(reader.varint())]
    main = reader.varint()
    return [access for index, proto in enumerate(protos) for access in _accesses(proto, index == main)]
