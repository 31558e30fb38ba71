"""The file header and chunk framing: names, lengths, and LZ4 / ZSTD / raw bodies.

A chunk is a 4-byte NUL-padded name, u32 compressed length (0 = stored raw), u32 uncompressed
length, 4 reserved bytes, then the body. A compressed body is a ZSTD frame when it starts with
the ZSTD magic, otherwise a bare LZ4 block (no frame, no size prefix).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

import lz4.block

from dsm.formats.common import FormatError

MAGIC = b"<roblox!"
SIGNATURE = b"\x89\xff\r\n\x1a\n"
HEADER_SIZE = 32
CHUNK_HEADER_SIZE = 16
END_BODY = b"</roblox>"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK_HEADER = struct.Struct("<4sIII")
_MAX_CHUNK = 1 << 30


@dataclass(frozen=True)
class Header:
    class_count: int
    instance_count: int


@dataclass(frozen=True)
class Chunk:
    name: str
    offset: int
    """Where the chunk's header starts in the file, for error messages."""
    payload: bytes

    @property
    def where(self) -> str:
        return f"{self.name} chunk at byte {self.offset}"


def read_header(data: bytes) -> Header:
    if len(data) < HEADER_SIZE:
        if not data.startswith(MAGIC[: len(data)]) or len(data) < len(MAGIC):
            raise FormatError("not a binary Roblox model or place: the file does not start with <roblox!")
        raise FormatError(f"truncated: the file is {len(data)} bytes, shorter than the 32-byte header")
    if data[:8] != MAGIC:
        hint = " (it looks like an XML file; use .rbxmx/.rbxlx)" if data.lstrip()[:7] == b"<roblox" else ""
        raise FormatError(f"not a binary Roblox model or place: the file does not start with <roblox!{hint}")
    if data[8:14] != SIGNATURE:
        raise FormatError("corrupt header: wrong signature after <roblox! (was the file converted as text?)")
    version = int.from_bytes(data[14:16], "little")
    if version != 0:
        raise FormatError(f"unsupported binary format version {version} (only version 0 exists)")
    if any(data[24:32]):
        raise FormatError("corrupt header: the reserved bytes 24-31 are not zero")
    return Header(int.from_bytes(data[16:20], "little"), int.from_bytes(data[20:24], "little"))


def _decompress(body: bytes, size: int, where: str) -> bytes:
    # Bound the allocation before trusting a corrupt length: LZ4 expands at most 255:1.
    is_zstd = body[:4] == _ZSTD_MAGIC
    if size > _MAX_CHUNK or (not is_zstd and size > 255 * len(body) + 16):
        raise FormatError(f"{where}: claims {size} bytes uncompressed from {len(body)}, which is corrupt")
    if is_zstd:
        import zstandard

        try:
            payload: bytes = zstandard.ZstdDecompressor().decompress(body, max_output_size=size)
        except zstandard.ZstdError as error:
            raise FormatError(f"{where}: corrupt ZSTD data ({error})") from None
    else:
        try:
            payload = lz4.block.decompress(body, uncompressed_size=size)
        except lz4.block.LZ4BlockError:
            raise FormatError(f"{where}: corrupt LZ4 data (cannot decompress to {size} bytes)") from None
    if len(payload) != size:
        raise FormatError(f"{where}: decompressed to {len(payload)} bytes, the header says {size}")
    return payload


def iter_chunks(data: bytes) -> Iterator[Chunk]:
    """Every chunk after the header, through END; a file without END is truncated."""
    pos = HEADER_SIZE
    while True:
        if pos + CHUNK_HEADER_SIZE > len(data):
            raise FormatError(f"truncated: the file ends at byte {len(data)} without an END chunk")
        raw_name, compressed, size, _reserved = _CHUNK_HEADER.unpack_from(data, pos)
        name = raw_name.rstrip(b"\0").decode("latin-1")
        where = f"{name or '(unnamed)'} chunk at byte {pos}"
        body_start = pos + CHUNK_HEADER_SIZE
        stored = compressed or size
        if body_start + stored > len(data):
            raise FormatError(
                f"truncated: {where} needs {stored} bytes but the file ends {len(data) - body_start} bytes later"
            )
        body = data[body_start : body_start + stored]
        payload = _decompress(body, size, where) if compressed else body
        yield Chunk(name, pos, payload)
        pos = body_start + stored
        if name == "END":
            return


def write_chunk(name: bytes, payload: bytes, *, compress: bool = True) -> bytes:
    """One framed chunk; compressed chunks use a bare LZ4 block, as Studio and Rojo write."""
    if compress:
        body: bytes = lz4.block.compress(payload, store_size=False)
        return _CHUNK_HEADER.pack(name, len(body), len(payload), 0) + body
    return _CHUNK_HEADER.pack(name, 0, len(payload), 0) + payload


def write_header(class_count: int, instance_count: int) -> bytes:
    return MAGIC + SIGNATURE + struct.pack("<HII", 0, class_count, instance_count) + bytes(8)
