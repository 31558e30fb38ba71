"""Byte-level building blocks of the binary format: a bounds-checked cursor and array codecs.

Arrays of fixed-width numbers are stored big-endian and byte-interleaved (all first bytes, then
all second bytes...). Signed integers are zigzag-transformed, floats have their sign bit rotated
to bit 0, and referent arrays are delta-encoded on top. Whole arrays go through ``struct`` and
bytes slicing so large columns stay fast.
"""

from __future__ import annotations

import struct

from dsm.formats.common import FormatError

_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def interleave(raw: bytes, width: int) -> bytes:
    """Rows of ``width`` bytes -> ``width`` planes (byte 0 of every row, then byte 1...)."""
    if width == 1:
        return bytes(raw)
    return b"".join(raw[plane::width] for plane in range(width))


def deinterleave(blob: bytes, count: int, width: int) -> bytes:
    """The inverse of :func:`interleave` for ``count`` rows."""
    if width == 1:
        return bytes(blob)
    out = bytearray(count * width)
    for plane in range(width):
        out[plane::width] = blob[plane * count : (plane + 1) * count]
    return bytes(out)


class Cursor:
    """Reads a chunk body front to back; running past the end raises a FormatError naming ``where``."""

    def __init__(self, data: bytes, where: str) -> None:
        self.data = data
        self.pos = 0
        self.where = where

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos

    def fail(self, message: str) -> FormatError:
        return FormatError(f"{self.where}: {message}")

    def take(self, size: int) -> bytes:
        end = self.pos + size
        if size < 0 or end > len(self.data):
            raise self.fail(f"truncated: needs {size} bytes at byte {self.pos}, only {self.remaining} left")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def rest(self) -> bytes:
        return self.take(self.remaining)

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return int.from_bytes(self.take(2), "little")

    def u32(self) -> int:
        return int.from_bytes(self.take(4), "little")

    def le(self, fmt: str, count: int = 1) -> tuple[float, ...]:
        """``count`` plain little-endian values of struct format ``fmt`` (``f``, ``h``, ``d``...)."""
        return struct.unpack(f"<{count}{fmt}", self.take(struct.calcsize(f"<{count}{fmt}")))

    def count(self, what: str, item_size: int = 1) -> int:
        """A u32 element count that must fit in what is left of the chunk."""
        number = self.u32()
        if number * item_size > self.remaining:
            raise self.fail(f"{what} count {number} does not fit in the {self.remaining} bytes left")
        return number

    def bytes_string(self) -> bytes:
        return self.take(self.u32())

    def text(self, what: str) -> str:
        raw = self.bytes_string()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(f"{what} is not UTF-8 text") from None

    def planes(self, count: int, width: int) -> bytes:
        return deinterleave(self.take(count * width), count, width)

    def u32s(self, count: int) -> list[int]:
        return list(struct.unpack(f">{count}I", self.planes(count, 4)))

    def i32s(self, count: int) -> list[int]:
        return [(x >> 1) ^ -(x & 1) for x in self.u32s(count)]

    def i64s(self, count: int) -> list[int]:
        raw = struct.unpack(f">{count}Q", self.planes(count, 8))
        return [(x >> 1) ^ -(x & 1) for x in raw]

    def f32s(self, count: int) -> list[float]:
        rotated = [((x >> 1) | ((x & 1) << 31)) for x in self.u32s(count)]
        return list(struct.unpack(f">{count}f", struct.pack(f">{count}I", *rotated)))

    def referents(self, count: int) -> list[int]:
        out = self.i32s(count)
        total = 0
        for index, delta in enumerate(out):
            total += delta
            out[index] = total
        return out


def string(data: bytes) -> bytes:
    return len(data).to_bytes(4, "little") + data


def encode_u32s(values: list[int]) -> bytes:
    if values and (min(values) < 0 or max(values) > _MASK32):
        raise FormatError(f"a value is outside the u32 range: {min(values)}..{max(values)}")
    return interleave(struct.pack(f">{len(values)}I", *values), 4)


def encode_i32s(values: list[int]) -> bytes:
    if values and (min(values) < INT32_MIN or max(values) > INT32_MAX):
        raise FormatError(f"a value is outside the Int32 range: {min(values)}..{max(values)}")
    return encode_u32s([((x << 1) ^ (x >> 31)) & _MASK32 for x in values])


def encode_i64s(values: list[int]) -> bytes:
    if values and (min(values) < INT64_MIN or max(values) > INT64_MAX):
        raise FormatError(f"a value is outside the Int64 range: {min(values)}..{max(values)}")
    zigzag = [((x << 1) ^ (x >> 63)) & _MASK64 for x in values]
    return interleave(struct.pack(f">{len(values)}Q", *zigzag), 8)


def _f32_bits(values: list[float]) -> tuple[int, ...]:
    try:
        packed = struct.pack(f">{len(values)}f", *values)
    except OverflowError:
        # Beyond f32 range: a float cast gives infinity; do the same per value.
        packed = b"".join(struct.pack(">f", clamp_f32(value)) for value in values)
    return struct.unpack(f">{len(values)}I", packed)


def clamp_f32(value: float) -> float:
    limit = 3.4028234663852886e38
    if value > limit:
        return float("inf")
    if value < -limit:
        return float("-inf")
    return value


def encode_f32s(values: list[float]) -> bytes:
    rotated = [((x << 1) | (x >> 31)) & _MASK32 for x in _f32_bits(values)]
    return interleave(struct.pack(f">{len(values)}I", *rotated), 4)


def encode_referents(values: list[int]) -> bytes:
    deltas = [b - a for a, b in zip([0, *values], values, strict=False)]
    return encode_i32s(deltas)


def le_f32s(values: list[float]) -> bytes:
    try:
        return struct.pack(f"<{len(values)}f", *values)
    except OverflowError:
        return struct.pack(f"<{len(values)}f", *(clamp_f32(value) for value in values))
