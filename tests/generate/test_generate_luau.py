"""Python values as Luau source in StyLua's layout (dsm.generate.luau)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO
from dsm.errors import DsmError
from dsm.generate import luau


def test_strings_are_quoted_as_stylua_quotes_them() -> None:
    assert luau.string("plain") == '"plain"'
    assert luau.string("it's") == '"it\'s"'
    assert luau.string('say "hi"') == "'say \"hi\"'"  # fewer escapes with single quotes
    assert luau.string("a\"b'c") == '"a\\"b\'c"'  # a tie keeps double quotes
    assert luau.string("tab\tnew\nline\\") == '"tab\\tnew\\nline\\\\"'
    assert luau.string("bell\x07 nul\x00") == '"bell\\a nul\\0"'
    assert luau.string("héllo ✓") == '"héllo ✓"'


def test_scalars() -> None:
    assert luau.literal(True) == "true"
    assert luau.literal(False) == "false"
    assert luau.literal(42) == "42"
    assert luau.literal(-0.25) == "-0.25"
    assert luau.literal(luau.Expr("Enum.Font.Arial")) == "Enum.Font.Arial"
    assert luau.literal([]) == "{}"
    assert luau.literal({}) == "{}"


def test_a_top_level_table_is_expanded_and_nested_ones_fit_on_a_line() -> None:
    value = {"name": "x", "items": [1, 2], "nested": {"a": True}, "skipped": None}
    assert luau.literal(value) == '{\n\tname = "x",\n\titems = { 1, 2 },\n\tnested = { a = true },\n}'
    assert luau.literal([[1], [2]], indent=2) == "{\n\t\t\t{ 1 },\n\t\t\t{ 2 },\n\t\t}"


def test_keys_that_are_not_identifiers_are_bracketed() -> None:
    assert luau.fields({"end": 1, "two words": 2, "_ok": 3, "type": 4}, 0) == (
        '["end"] = 1,\n["two words"] = 2,\n_ok = 3,\ntype = 4,'
    )
    assert luau.literal({101: "a"}) == '{\n\t[101] = "a",\n}'


def _entry_with_width(width: int, indent: int) -> dict[str, dict[str, str]]:
    """A mapping whose one entry, inline, is ``width`` columns wide (tabs count 4, comma excluded)."""
    fixed = indent * luau.INDENT_WIDTH + len('k = { a = "" }')
    return {"k": {"a": "x" * (width - fixed)}}


@pytest.mark.parametrize(("width", "inline"), [(119, True), (120, True), (121, False)])
def test_a_field_goes_on_one_line_when_it_fits_in_120_columns_without_its_comma(width: int, inline: bool) -> None:
    text = luau.fields(_entry_with_width(width, 3), 3)
    assert (text.count("\n") == 0) is inline
    if inline:
        assert len(text.replace("\t", " " * 4)) == width + 1


@pytest.mark.parametrize(("width", "inline"), [(118, True), (119, True), (120, False)])
def test_an_array_item_goes_on_one_line_when_it_fits_with_its_comma(width: int, inline: bool) -> None:
    item = _entry_with_width(width + len("k = "), 1)["k"]  # "{ a = ... }" alone, ``width`` wide at indent 1
    text = luau.literal([item])
    assert (text.count("\n") == 2) is inline


def test_wide_characters_count_conservatively() -> None:
    # 100 two-byte characters: StyLua may count them as 100 columns, this counts 200 and expands,
    # which StyLua keeps as it is.
    assert "\n" in luau.fields({"k": {"a": "é" * 100}}, 0)


def test_unions_hang_one_member_per_line_when_too_long() -> None:
    assert luau.union("Side", ["left", "right"]) == 'export type Side = "left" | "right"'
    long = luau.union("Long", [f"member{index:02}" for index in range(12)])
    assert long.splitlines()[:3] == ["export type Long =", '\t"member00"', '\t| "member01"']
    with pytest.raises(luau.LuauValueError, match="at least one member"):
        luau.union("Empty", [])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({1, 2}, "a set has no Luau literal"),
        (float("nan"), "nan has no Luau literal"),
        ([1, None], "Luau arrays cannot hold nil"),
        ({(1, 2): 3}, "neither text nor an integer"),
        ({True: 1}, "neither text nor an integer"),
    ],
)
def test_values_without_a_literal_are_errors(value: object, message: str) -> None:
    with pytest.raises(luau.LuauValueError, match=message):
        luau.literal(value)


def _formatter() -> Iterator[object]:
    from dsm.fmt.backends import open_formatter
    from dsm.fmt.config import load_config

    try:
        with open_formatter(REPO, load_config(REPO)) as formatter:
            yield formatter
    except DsmError as error:
        pytest.skip(f"StyLua is not available here: {error}")


@pytest.fixture(scope="module")
def stylua() -> Iterator[object]:
    yield from _formatter()


def _samples() -> list[object]:
    samples: list[object] = []
    for width in range(110, 126):
        samples.append({"entries": [_entry_with_width(width, 2)], "field": _entry_with_width(width, 1)})
        samples.append({"list": ["w" * (width - 20), "x"], "deep": {"deeper": {"deepest": ["y" * (width - 40)]}}})
    samples.append({"quotes": ['a "quoted" word', "it's", "both \" and '"], "keys": {"end": 1, "two words": 2}})
    samples.append({"enum": luau.Expr("Enum.StudioStyleGuideColor.MainBackground"), "empty": {}, "none": None})
    return samples


def test_stylua_leaves_the_output_unchanged(stylua: object, tmp_path: Path) -> None:
    for sample in _samples():
        source = f"local value = {luau.literal(sample)}\n"
        assert stylua.format(source) == source, source  # type: ignore[attr-defined]
    for count in (3, 10, 14, 15):
        source = luau.union("Member", [f"member{index:02}" for index in range(count)]) + "\n"
        assert stylua.format(source) == source, source  # type: ignore[attr-defined]
