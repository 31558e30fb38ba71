"""BLAKE3 (unkeyed, 32-byte digest) in plain Python, to order the SSTR table as rbx_binary does.

rbx-dom identifies a SharedString by its BLAKE3 hash and writes the table sorted by it. The
strings involved are small (mesh and physics data of embedded models), so speed matters little;
the algorithm follows the BLAKE3 specification's reference implementation.
"""

from __future__ import annotations

import struct

_MASK = 0xFFFFFFFF
_IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
_PERMUTATION = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
_CHUNK_START, _CHUNK_END, _PARENT, _ROOT = 1, 2, 4, 8
_BLOCK = 64
_CHUNK = 1024
_COLUMNS_THEN_DIAGONALS = (
    (0, 4, 8, 12),
    (1, 5, 9, 13),
    (2, 6, 10, 14),
    (3, 7, 11, 15),
    (0, 5, 10, 15),
    (1, 6, 11, 12),
    (2, 7, 8, 13),
    (3, 4, 9, 14),
)


def _compress(cv: tuple[int, ...], words: list[int], counter: int, length: int, flags: int) -> list[int]:
    s = [*cv, *_IV[:4], counter & _MASK, (counter >> 32) & _MASK, length, flags]
    m = list(words)
    for round_index in range(7):
        for i, (a, b, c, d) in enumerate(_COLUMNS_THEN_DIAGONALS):
            x, y = m[2 * i], m[2 * i + 1]
            s[a] = (s[a] + s[b] + x) & _MASK
            t = s[d] ^ s[a]
            s[d] = ((t >> 16) | (t << 16)) & _MASK
            s[c] = (s[c] + s[d]) & _MASK
            t = s[b] ^ s[c]
            s[b] = ((t >> 12) | (t << 20)) & _MASK
            s[a] = (s[a] + s[b] + y) & _MASK
            t = s[d] ^ s[a]
            s[d] = ((t >> 8) | (t << 24)) & _MASK
            s[c] = (s[c] + s[d]) & _MASK
            t = s[b] ^ s[c]
            s[b] = ((t >> 7) | (t << 25)) & _MASK
        if round_index < 6:
            m = [m[i] for i in _PERMUTATION]
    return [s[i] ^ s[i + 8] for i in range(8)] + [s[i + 8] ^ cv[i] for i in range(8)]


def _words(block: bytes) -> list[int]:
    return list(struct.unpack("<16I", block.ljust(_BLOCK, b"\0")))


# An "output" is the last compression of a node, kept unrun so the root can add its flag.
_Output = tuple[tuple[int, ...], list[int], int, int, int]


def _chunk_output(chunk: bytes, counter: int) -> _Output:
    cv: tuple[int, ...] = _IV
    blocks = [chunk[i : i + _BLOCK] for i in range(0, len(chunk), _BLOCK)] or [b""]
    for index, block in enumerate(blocks[:-1]):
        flags = _CHUNK_START if index == 0 else 0
        cv = tuple(_compress(cv, _words(block), counter, _BLOCK, flags)[:8])
    last = blocks[-1]
    flags = (_CHUNK_START if len(blocks) == 1 else 0) | _CHUNK_END
    return cv, _words(last), counter, len(last), flags


def _chaining_value(output: _Output) -> tuple[int, ...]:
    return tuple(_compress(*output)[:8])


def _parent_output(left: tuple[int, ...], right: tuple[int, ...]) -> _Output:
    return _IV, [*left, *right], 0, _BLOCK, _PARENT


def blake3(data: bytes) -> bytes:
    """The 32-byte BLAKE3 digest of ``data``."""
    chunks = [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [b""]
    stack: list[tuple[int, ...]] = []
    for index, chunk in enumerate(chunks[:-1]):
        cv = _chaining_value(_chunk_output(chunk, index))
        # Merge completed subtrees: one merge per trailing zero bit of the chunk count so far.
        total = index + 1
        while total & 1 == 0:
            cv = _chaining_value(_parent_output(stack.pop(), cv))
            total >>= 1
        stack.append(cv)
    output = _chunk_output(chunks[-1], len(chunks) - 1)
    while stack:
        output = _parent_output(stack.pop(), _chaining_value(output))
    cv, words, counter, length, flags = output
    return struct.pack("<8I", *_compress(cv, words, counter, length, flags | _ROOT)[:8])
