"""Tiny synthetic fonts (sfnt and WOFF 1.0 bytes) with known metrics, for the font reader tests.

Only the tables the reader uses are written: head, hhea, hmtx and cmap.
"""

from __future__ import annotations

import struct
import zlib


def _head(units_per_em: int) -> bytes:
    table = bytearray(54)
    struct.pack_into(">I", table, 0, 0x00010000)
    struct.pack_into(">I", table, 12, 0x5F0F3CF5)  # magic number
    struct.pack_into(">H", table, 18, units_per_em)
    return bytes(table)


def _hhea(ascender: int, descender: int, metric_count: int) -> bytes:
    table = bytearray(36)
    struct.pack_into(">I", table, 0, 0x00010000)
    struct.pack_into(">hh", table, 4, ascender, descender)
    struct.pack_into(">H", table, 34, metric_count)
    return bytes(table)


def _hmtx(widths: list[int], extra_glyphs: int) -> bytes:
    # Glyphs after the full metrics carry only a left side bearing (and the last advance).
    return b"".join(struct.pack(">Hh", width, 0) for width in widths) + b"\x00\x00" * extra_glyphs


def cmap_format4(segments: list[tuple[int, int, int, list[int] | None]]) -> bytes:
    """A format 4 subtable from (start, end, delta, glyph ids or None) segments, 0xFFFF added."""
    segments = [*segments, (0xFFFF, 0xFFFF, 1, None)]
    count = len(segments)
    ends = b"".join(struct.pack(">H", end) for _, end, _, _ in segments)
    starts = b"".join(struct.pack(">H", start) for start, _, _, _ in segments)
    deltas = b"".join(struct.pack(">h", delta) for _, _, delta, _ in segments)
    glyph_array = b""
    offsets = []
    for index, (_, _, _, glyphs) in enumerate(segments):
        if glyphs is None:
            offsets.append(0)
        else:
            # Bytes from this idRangeOffset entry to the segment's first glyph id.
            offsets.append((count - index) * 2 + len(glyph_array))
            glyph_array += b"".join(struct.pack(">H", glyph) for glyph in glyphs)
    range_offsets = b"".join(struct.pack(">H", offset) for offset in offsets)
    body = ends + b"\x00\x00" + starts + deltas + range_offsets + glyph_array
    header = struct.pack(">HHHHHHH", 4, 14 + len(body), 0, count * 2, 0, 0, 0)
    return header + body


def cmap_format12(groups: list[tuple[int, int, int]]) -> bytes:
    body = b"".join(struct.pack(">III", start, end, glyph) for start, end, glyph in groups)
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body


def cmap(subtables: list[tuple[int, int, bytes]]) -> bytes:
    """A cmap table from (platform, encoding, subtable bytes)."""
    header = struct.pack(">HH", 0, len(subtables))
    offset = 4 + 8 * len(subtables)
    records = b""
    data = b""
    for platform, encoding, subtable in subtables:
        records += struct.pack(">HHI", platform, encoding, offset + len(data))
        data += subtable
    return header + records + data


def tables(
    *,
    units_per_em: int,
    ascender: int,
    descender: int,
    widths: list[int],
    extra_glyphs: int = 0,
    cmap_table: bytes,
) -> dict[str, bytes]:
    return {
        "head": _head(units_per_em),
        "hhea": _hhea(ascender, descender, len(widths)),
        "hmtx": _hmtx(widths, extra_glyphs),
        "cmap": cmap_table,
    }


def sfnt(font_tables: dict[str, bytes]) -> bytes:
    tags = sorted(font_tables)
    header = struct.pack(">IHHHH", 0x00010000, len(tags), 0, 0, 0)
    offset = 12 + 16 * len(tags)
    records = b""
    data = b""
    for tag in tags:
        table = font_tables[tag]
        records += struct.pack(">4sIII", tag.encode("latin-1"), 0, offset + len(data), len(table))
        data += table + b"\x00" * (-len(table) % 4)
    return header + records + data


def woff(font_tables: dict[str, bytes], *, compress: bool = True) -> bytes:
    tags = sorted(font_tables)
    offset = 44 + 20 * len(tags)
    records = b""
    data = b""
    for tag in tags:
        table = font_tables[tag]
        packed = zlib.compress(table) if compress else table
        if len(packed) >= len(table):
            packed = table
        records += struct.pack(">4sIIII", tag.encode("latin-1"), offset + len(data), len(packed), len(table), 0)
        data += packed + b"\x00" * (-len(packed) % 4)
    header = struct.pack(
        ">4sIIHHIHHIIIII", b"wOFF", 0x00010000, offset + len(data), len(tags), 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
    return header + records + data
