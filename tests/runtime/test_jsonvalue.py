"""Luau values read from Python as the runtime's Json module encodes them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dsm.emulator import luaujson
from dsm.emulator.errors import EngineError
from dsm.runtime.jsonvalue import JsonValues
from dsm.runtime.vm import LuauVM, text

# Each source returns one value; what Python reads must be what JSONDecode of Json.encode
# gives (Python's json reading the same text).
CASES = [
    "nil",
    "true",
    "5",
    "-0.5",
    "2^53",
    "2^63",
    "1e300",
    "math.huge",
    '"plain"',
    '"quote \\" slash \\\\ newline \\n tab \\t bell \\a"',
    '"é ünïcödé ✓"',
    "{}",
    "{ 1, 2, 3 }",
    "{ 1, nil, 3 }",
    "{ [1] = 1, [3] = 3 }",
    '{ 1, 2, k = "ignored" }',
    "{ b = 1, a = { c = { d = {} } } }",
    '{ [1.5] = "x", [2] = "y", [10] = "z", [2^60] = 1, [1e-5] = 2, [-0.25] = 3 }',
    "{ [math.huge] = 1, [-math.huge] = 2 }",
    "{ f = print, v = vector.create(1, 2, 3), t = coroutine.create(print) }",
    "(function() local shared = { 1 } return { x = shared, y = shared } end)()",
    "(function() local b = buffer.create(5) buffer.writeu8(b, 0, 255) return { b = b } end)()",
    "setmetatable({ raw = 1 }, { __index = function() return 2 end, __iter = function() return next, { z = 9 } end })",
    "(function() local t = {} for i = 1, 999 do t = { t } end return t end)()",
]


def _doubles(value: Any) -> Any:
    """Numbers as the doubles Luau holds: JSON text may spell 2^63 as a long integer."""
    return json.loads(json.dumps(value), parse_int=float)


@pytest.fixture(scope="module")
def vm() -> LuauVM:
    return LuauVM()


def _luau(vm: LuauVM, source: str) -> Any:
    return vm.load(f"return {source}", "@case")()[0] if source != "nil" else None


@pytest.mark.parametrize("source", CASES)
def test_a_value_reads_as_its_json_encoding_decodes(vm: LuauVM, source: str) -> None:
    value = _luau(vm, source)
    encoded = text(vm.import_module("Json").get("encode")(value)[0])
    assert _doubles(JsonValues(vm.lua).read(value)) == _doubles(luaujson.decode(encoded))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(function() local t = {} t.self = t return t end)()", "tables cannot be cyclic"),
        ("{ a = { [true] = 1 } }", "table keys must be strings or numbers to convert to JSON (got a boolean key)"),
        (
            "(function() local t = {} for i = 1, 1001 do t = { t } end return t end)()",
            "tables nested more than 1000 levels deep cannot be converted to JSON",
        ),
    ],
)
def test_what_json_encode_refuses_is_the_same_error(vm: LuauVM, source: str, message: str) -> None:
    value = _luau(vm, source)
    encode = vm.import_module("Json").get("encode")
    with pytest.raises(Exception, match=r"cyclic|keys must|nested more"):
        encode(value)
    with pytest.raises(EngineError) as raised:
        JsonValues(vm.lua).read(value)
    assert raised.value.message == message


def test_object_keys_come_sorted_as_json_encode_writes_them(vm: LuauVM) -> None:
    value = _luau(vm, '{ zeta = 1, alpha = 2, ["Mid"] = 3, [7] = 4 }')
    assert list(JsonValues(vm.lua).read(value)) == ["7", "Mid", "alpha", "zeta"]
