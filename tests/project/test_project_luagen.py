"""Lua text for data files, byte-for-byte as Rojo's lua_ast writes it."""

from __future__ import annotations

import math

import pytest

from dsm.project.luagen import LuaTable, format_number, to_lua_module


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1234.5452, "1234.5452"),
        (-0.0, "-0"),
        (0.1, "0.1"),
        (1e21, "1000000000000000000000"),
        (1e-7, "0.0000001"),
        (123456789.5, "123456789.5"),
        (math.inf, "math.huge"),
        (-math.inf, "-math.huge"),
        (math.nan, "0/0"),
    ],
)
def test_numbers_print_like_rust_display(value: float, text: str) -> None:
    assert format_number(value) == text


def test_rojo_json_as_lua_snapshot() -> None:
    value = {
        "array": [1, 2, 3],
        "object": {"hello": "world"},
        "true": True,
        "false": False,
        "null": None,
        "int": 1234,
        "float": 1234.5452,
        "1invalidident": "nice",
    }
    expected = (
        'return {\n\t["1invalidident"] = "nice",\n\tarray = {1, 2, 3},\n\t["false"] = false,\n'
        '\tfloat = 1234.5452,\n\tint = 1234,\n\tnull = nil,\n\tobject = {\n\t\thello = "world",\n\t},\n'
        '\t["true"] = true,\n}'
    )
    assert to_lua_module(value) == expected


def test_strings_escape_quotes_backslashes_and_line_breaks_only() -> None:
    assert to_lua_module('a"b\\c\nd\re\tf\x01é') == 'return "a\\"b\\\\c\\nd\\re\\tf\x01é"'


def test_keys_that_are_not_identifiers_are_bracketed() -> None:
    text = to_lua_module({"ok_1": 1, "end": 2, "with space": 3, "é": 4, "": 5})
    assert "\tok_1 = 1,\n" in text
    assert '\t["end"] = 2,\n' in text
    assert '\t["with space"] = 3,\n' in text
    assert '\t["é"] = 4,\n' in text
    assert '\t[""] = 5,\n' in text


def test_empty_containers_and_nesting() -> None:
    assert to_lua_module({}) == "return {\n}"
    assert to_lua_module([]) == "return {}"
    assert to_lua_module({"a": {}, "b": [{"c": 1}]}) == "return {\n\ta = {\n\t},\n\tb = {{\n\t\tc = 1,\n\t}},\n}"


def test_ordered_tables_keep_order_and_take_any_key() -> None:
    table = LuaTable([("z", 1), (1, "one"), (True, "yes"), (LuaTable([("k", 1)]), 2)])
    assert (
        to_lua_module(table) == 'return {\n\tz = 1,\n\t[1] = "one",\n\t[true] = "yes",\n\t[{\n\t\tk = 1,\n\t}] = 2,\n}'
    )
    assert to_lua_module({"b": 1, "a": 2}, sort_keys=False) == "return {\n\tb = 1,\n\ta = 2,\n}"


def test_null_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="null"):
        to_lua_module(LuaTable([(None, 1)]))


def test_huge_integers_become_infinity() -> None:
    assert to_lua_module(10**400) == "return math.huge"
