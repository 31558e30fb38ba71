"""Reading advance widths from sfnt and WOFF font files."""

from __future__ import annotations

import struct

import fontbuilder
import pytest

from dsm.runtime.fontfile import FontError, read_metrics

# Glyph 0 is .notdef; 1..4 are the glyphs the character maps point at.
WIDTHS = [500, 250, 600, 610, 620]


def _format4_tables() -> dict[str, bytes]:
    segments = [
        # ' ' maps by delta to glyph 1.
        (0x20, 0x20, 1 - 0x20, None),
        # 'A'..'C' map through the glyph id array to glyphs 2, 3, 4.
        (0x41, 0x43, 0, [2, 3, 4]),
    ]
    subtable = fontbuilder.cmap_format4(segments)
    return fontbuilder.tables(
        units_per_em=1000,
        ascender=800,
        descender=-200,
        widths=WIDTHS,
        cmap_table=fontbuilder.cmap([(3, 1, subtable)]),
    )


def test_reads_units_ascender_descender_and_advances_from_an_sfnt() -> None:
    metrics = read_metrics(fontbuilder.sfnt(_format4_tables()))
    assert metrics.units_per_em == 1000
    assert (metrics.ascender, metrics.descender) == (800, -200)
    assert metrics.advances == {0x20: 250, 0x41: 600, 0x42: 610, 0x43: 620}


@pytest.mark.parametrize("compress", [True, False])
def test_reads_the_same_metrics_through_a_woff_wrapper(compress: bool) -> None:
    plain = read_metrics(fontbuilder.sfnt(_format4_tables()))
    wrapped = read_metrics(fontbuilder.woff(_format4_tables(), compress=compress))
    assert wrapped == plain


def test_prefers_the_full_unicode_map_and_shares_the_last_advance_past_the_metrics() -> None:
    # Only glyphs 0..2 have full metrics; glyph 3 takes the last advance (a monospaced tail).
    format12 = fontbuilder.cmap_format12([(0x61, 0x62, 2), (0x1F600, 0x1F600, 3)])
    format4 = fontbuilder.cmap_format4([(0x61, 0x61, 1 - 0x61, None)])
    font = fontbuilder.tables(
        units_per_em=2048,
        ascender=1900,
        descender=-500,
        widths=[1000, 1100, 1229],
        extra_glyphs=1,
        cmap_table=fontbuilder.cmap([(3, 1, format4), (3, 10, format12)]),
    )
    metrics = read_metrics(fontbuilder.sfnt(font))
    assert metrics.advances == {0x61: 1229, 0x62: 1229, 0x1F600: 1229}


def test_rejects_files_that_are_not_fonts() -> None:
    with pytest.raises(FontError, match="not a TrueType, OpenType or WOFF"):
        read_metrics(b"PK\x03\x04 not a font at all")
    with pytest.raises(FontError, match="shorter than"):
        read_metrics(b"wOFF")


def test_names_a_missing_table() -> None:
    font = _format4_tables()
    del font["hmtx"]
    with pytest.raises(FontError, match="no 'hmtx' table"):
        read_metrics(fontbuilder.sfnt(font))


def test_requires_a_unicode_character_map() -> None:
    font = _format4_tables()
    # A Macintosh Roman (platform 1) format 4 map is not a Unicode map.
    font["cmap"] = fontbuilder.cmap([(1, 0, fontbuilder.cmap_format4([(0x41, 0x41, 1, None)]))])
    with pytest.raises(FontError, match="no Unicode character map"):
        read_metrics(fontbuilder.sfnt(font))


def test_rejects_a_table_that_runs_past_the_end() -> None:
    data = bytearray(fontbuilder.sfnt(_format4_tables()))
    # Make the first table record claim far more bytes than the file has.
    struct.pack_into(">I", data, 12 + 12, 10**6)
    with pytest.raises(FontError, match="runs past the end"):
        read_metrics(bytes(data))
