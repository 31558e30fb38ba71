"""The JSONC parser: comments, trailing commas, the line of every key, and errors with lines."""

from __future__ import annotations

import json

import pytest

from dsm.project import jsonc


def test_comments_and_trailing_commas_are_accepted() -> None:
    text = '// leading\n{\n  "a": 1, /* inline */\n  "b": [1, 2,],\n  // "c": 3\n}\n'
    assert jsonc.parse(text) == {"a": 1, "b": [1, 2]}


def test_keys_and_items_remember_their_lines() -> None:
    value = jsonc.parse('{\n  "tree": {\n    "$path": "src"\n  },\n  "list": [\n    1,\n    2\n  ]\n}')
    assert isinstance(value, jsonc.JObject)
    assert value.key_line("tree") == 2
    assert value["tree"].key_line("$path") == 3
    assert value["list"].item_line(1) == 7
    assert jsonc.line_of(value, "list") == 5
    assert jsonc.line_of(5, "x") is None


def test_scalars_keep_their_json_types() -> None:
    value = jsonc.parse('{"i": 5, "f": 5.0, "e": 1e3, "n": -0, "t": true, "z": null, "s": "\\u00e9\\n"}')
    assert value == {"i": 5, "f": 5.0, "e": 1000.0, "n": 0, "t": True, "z": None, "s": "é\n"}
    assert isinstance(value["i"], int)
    assert isinstance(value["f"], float)


def test_duplicate_keys_keep_the_last_value() -> None:
    assert jsonc.parse('{"a": 1, "a": 2}') == {"a": 2}


def test_a_leading_bom_is_skipped() -> None:
    assert jsonc.parse('\ufeff{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('{\n  "a": 1\n  "b": 2\n}', 3, 'found "b" (a missing comma?)'),
        ('{\n  "a" 1\n}', 2, 'expected ":" after the key "a"'),
        ("{\n  a: 1\n}", 2, 'expected a "quoted" key'),
        ("[1, 2", 1, 'expected "," or "]"'),
        ('{"a": 1} x', 1, "unexpected 'x' after the JSON value"),
        ("/* never closed\n{}", 1, "never closed"),
        ("", 1, "no JSON value"),
        ('{"a": "bad \\q escape"}', 1, "invalid escape"),
        ('{"a": "line\nbreak"}', 1, "not closed on its line"),
        ('{\n"a": NaN}', 2, "expected a value, found 'N'"),
    ],
)
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(jsonc.JsoncError) as raised:
        jsonc.parse(text)
    assert raised.value.line == line
    assert fragment in raised.value.message


def test_parse_data_matches_parse_and_rejects_nan() -> None:
    text = '{"b": [1, 2.5, {"c": null}], "a": "x"}'
    assert jsonc.parse_data(text) == json.loads(text) == jsonc.parse(text)
    assert jsonc.parse_data('{"a": 1, // ok\n}') == {"a": 1}
    with pytest.raises(jsonc.JsoncError):
        jsonc.parse_data('{"a": NaN}')
