"""Number text as Rust reads and prints it, checked against output captured from Rust itself."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest

from dsm.formats.xml import floats

TABLE = Path(__file__).parent / "data" / "rust_float_display.txt"


def _rows() -> list[tuple[str, int, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, bits, text = line.split(" ")
            rows.append((kind, int(bits, 16), text))
    return rows


def test_display_matches_rust_for_every_captured_value() -> None:
    rows = _rows()
    assert len(rows) > 800
    wrong = []
    for kind, bits, expected in rows:
        if kind == "f32":
            value = struct.unpack("<f", struct.pack("<I", bits))[0]
            shown = floats.display_f32(value)
        else:
            value = struct.unpack("<d", struct.pack("<Q", bits))[0]
            shown = floats.display_f64(value)
        if shown != expected:
            wrong.append((kind, hex(bits), shown, expected))
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (-0.0, "-0"),
        (0.1, "0.1"),
        (1.01327896e-06, "0.000001013279"),
        (196.199997, "196.2"),
        (16777216.0, "16777216"),
        (3061734.25, "3061734.3"),  # a tie between .2 and .3: Rust rounds up
    ],
)
def test_display_f32_examples(value: float, text: str) -> None:
    assert floats.display_f32(floats.to_f32(value)) == text


def test_special_values_have_two_spellings() -> None:
    assert [floats.xml_f32(x) for x in (math.inf, -math.inf, math.nan)] == ["INF", "-INF", "NAN"]
    assert [floats.xml_f64(x) for x in (math.inf, -math.inf, math.nan)] == ["INF", "-INF", "NAN"]
    assert [floats.display_f32(x) for x in (math.inf, -math.inf, math.nan)] == ["inf", "-inf", "NaN"]


# Decimal text -> the f32 bits Rust's str::parse::<f32> gives (captured from Rust).
@pytest.mark.parametrize(
    ("text", "bits"),
    [
        ("1.000000059604644775390625", 0x3F800000),  # exactly halfway: ties to even
        ("1.0000000596046447753906251", 0x3F800001),  # a hair above halfway, lost by going through f64
        ("1.0000000596046447753906249", 0x3F800000),
        ("1.0000001788139343261718749", 0x3F800001),
        ("3.4028235677973366e38", 0x7F7FFFFF),  # just under the overflow edge
        ("3.40282356779733661637539395458142568448e38", 0x7F800000),  # on it: infinity
        ("1e39", 0x7F800000),
        ("-1e-50", 0x80000000),
        ("7.006492321624086e-46", 0x00000001),
    ],
)
def test_parse_f32_rounds_once_like_rust(text: str, bits: int) -> None:
    parsed = floats.parse_f32(text)
    assert struct.unpack("<I", struct.pack("<f", parsed))[0] == bits


@pytest.mark.parametrize("text", ["1", "-2.5", "+1.5", ".5", "1.", "1e-7", "1E5", "INF", "-inf", "NaN", "infinity"])
def test_float_grammar_accepts(text: str) -> None:
    assert floats.is_float_text(text)


@pytest.mark.parametrize("text", ["", "1_0", " 1", "0x10", "5e", "e5", "1.2.3", "--1", "nan(1)"])
def test_float_grammar_rejects(text: str) -> None:
    assert not floats.is_float_text(text)
