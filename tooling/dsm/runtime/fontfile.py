"""Horizontal metrics of a font file: units per em, ascender, descender and the advance width
of every character it maps. Reads TrueType/OpenType (sfnt) files and WOFF 1.0 wrappers of
them, with the standard library only, because text measurement needs nothing else.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from dsm.errors import DsmError


class FontError(DsmError):
    """A font file that cannot be read."""


@dataclass(frozen=True)
class FaceMetrics:
    units_per_em: int
    ascender: int
    descender: int
    # Code point -> advance width in font units.
    advances: dict[int, int]


_SFNT_VERSIONS = {b"\x00\x01\x00\x00", b"true", b"OTTO"}
_WOFF_SIGNATURE = b"wOFF"


def _sfnt_tables(data: bytes) -> dict[str, bytes]:
    if len(data) < 12:
        raise FontError("not a font: the file is shorter than an sfnt header")
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + index * 16)
        if offset + length > len(data):
            raise FontError(f"table {tag.decode('latin-1')!r} runs past the end of the file")
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


def _woff_tables(data: bytes) -> dict[str, bytes]:
    if len(data) < 44:
        raise FontError("not a font: the file is shorter than a WOFF header")
    (count,) = struct.unpack_from(">H", data, 12)
    tables = {}
    for index in range(count):
        tag, offset, compressed, original, _checksum = struct.unpack_from(">4sIIII", data, 44 + index * 20)
        raw = data[offset : offset + compressed]
        # WOFF stores a table zlib-compressed only when that made it smaller.
        table = zlib.decompress(raw) if compressed < original else raw
        if len(table) != original:
            raise FontError(f"table {tag.decode('latin-1')!r} does not have its declared length")
        tables[tag.decode("latin-1")] = table
    return tables


def _tables(data: bytes) -> dict[str, bytes]:
    signature = data[:4]
    if signature == _WOFF_SIGNATURE:
        return _woff_tables(data)
    if signature in _SFNT_VERSIONS:
        return _sfnt_tables(data)
    raise FontError(f"not a TrueType, OpenType or WOFF 1.0 font (signature {signature!r})")


def _cmap_format4(table: bytes, offset: int) -> dict[int, int]:
    (segments_x2,) = struct.unpack_from(">H", table, offset + 6)
    segments = segments_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + segments_x2 + 2
    deltas_at = starts_at + segments_x2
    range_offsets_at = deltas_at + segments_x2
    mapping = {}
    for segment in range(segments):
        (end,) = struct.unpack_from(">H", table, ends_at + segment * 2)
        (start,) = struct.unpack_from(">H", table, starts_at + segment * 2)
        (delta,) = struct.unpack_from(">h", table, deltas_at + segment * 2)
        range_offset_position = range_offsets_at + segment * 2
        (range_offset,) = struct.unpack_from(">H", table, range_offset_position)
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                # idRangeOffset counts bytes from its own position into glyphIdArray.
                (glyph,) = struct.unpack_from(">H", table, range_offset_position + range_offset + (code - start) * 2)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                mapping[code] = glyph
    return mapping


def _cmap_format12(table: bytes, offset: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", table, offset + 12)
    mapping = {}
    for group in range(groups):
        start, end, first_glyph = struct.unpack_from(">III", table, offset + 16 + group * 12)
        for code in range(start, end + 1):
            mapping[code] = first_glyph + code - start
    return mapping


def _character_map(table: bytes) -> dict[int, int]:
    (count,) = struct.unpack_from(">H", table, 2)
    candidates: list[tuple[int, int]] = []
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + index * 8)
        (subtable_format,) = struct.unpack_from(">H", table, offset)
        unicode_table = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode_table and subtable_format in (4, 12):
            candidates.append((subtable_format, offset))
    if not candidates:
        raise FontError("the font has no Unicode character map (cmap format 4 or 12)")
    # Format 12 covers every plane; format 4 only the Basic Multilingual Plane.
    subtable_format, offset = max(candidates)
    return _cmap_format12(table, offset) if subtable_format == 12 else _cmap_format4(table, offset)


def read_metrics(data: bytes) -> FaceMetrics:
    """The horizontal metrics of the font in ``data`` (sfnt or WOFF 1.0 bytes)."""
    tables = _tables(data)
    for required in ("head", "hhea", "hmtx", "cmap"):
        if required not in tables:
            raise FontError(f"the font has no {required!r} table")
    (units_per_em,) = struct.unpack_from(">H", tables["head"], 18)
    ascender, descender = struct.unpack_from(">hh", tables["hhea"], 4)
    (metric_count,) = struct.unpack_from(">H", tables["hhea"], 34)
    hmtx = tables["hmtx"]
    widths = [struct.unpack_from(">H", hmtx, index * 4)[0] for index in range(metric_count)]
    advances = {}
    for code, glyph in _character_map(tables["cmap"]).items():
        # Glyphs past the last full metric share its advance (monospaced tails).
        advances[code] = widths[glyph] if glyph < metric_count else widths[-1]
    return FaceMetrics(units_per_em=units_per_em, ascender=ascender, descender=descender, advances=advances)
