"""Luau values read straight into Python, as the runtime's ``Json`` module would encode them.

``dsm.datastore.seed`` hands its table to Python as it is instead of as JSON text: encoding
100,000 keys in Luau (sorting them, a function call per value) took longer than all the
rest of seeding, and Python then decoded what Luau had just encoded. Reading the table
from Python runs no Luau code at all. The result is what ``json.loads`` would give for
``HttpService:JSONEncode(value)`` (``luau/Json.luau`` states the rules): a table with a
length is an array of its elements ``1..#t`` (nil holes are ``None``, other keys are
ignored); any other table is an object whose number keys are written as ``tostring``
writes them, and ``{}`` is ``[]``; functions, threads, vectors and userdata are ``None``;
a buffer is ``{"m": None, "t": "buffer", "base64": ...}``; a table inside itself, a key
of another type, or nesting past 1000 levels is the error ``Json.encode`` raises.
"""

from __future__ import annotations

import base64
import contextlib
import math
import sys
from collections.abc import Iterator
from typing import Any

import pluau

from dsm.emulator.errors import EngineError
from dsm.runtime.vm import text

# Json.luau's MAX_DEPTH: the deepest table it encodes (the outermost is depth 0).
MAX_DEPTH = 1000

# Integers up to 2^53 are exact doubles, and Luau's tostring writes them digit for digit.
_EXACT_INTEGER = 2**53
# Values that read as themselves (pluau gives whole numbers as int).
_PLAIN = frozenset({type(None), bool, int, float})


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


class JsonValues:
    """Reads Luau values of one VM."""

    def __init__(self, lua: pluau.Lua) -> None:
        self._lua = lua

    def read(self, value: Any) -> Any:
        """``value`` as plain Python (dicts, lists, str, int, float, bool, None).

        Raises EngineError with Json.encode's message for what it cannot encode.
        """
        with _room_for(2 * MAX_DEPTH):  # two frames per level: _value, _table
            return self._value(value, set(), 0)

    def _value(self, value: Any, path: set[int], depth: int) -> Any:
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is pluau.String:
            return value.as_bytes().decode("utf-8", "replace")
        if kind is pluau.Table:
            return self._table(value, path, depth)
        if kind is pluau.Buffer:
            contents = self._global("buffer").get("tostring")(value)[0]
            return {"m": None, "t": "buffer", "base64": base64.b64encode(contents.as_bytes()).decode("ascii")}
        return None

    def _table(self, table: pluau.Table, path: set[int], depth: int) -> Any:
        pointer = table.pointer
        if pointer in path:
            raise EngineError("tables cannot be cyclic")
        if depth > MAX_DEPTH:
            raise EngineError(f"tables nested more than {MAX_DEPTH} levels deep cannot be converted to JSON")
        path.add(pointer)
        depth += 1
        read = self._value
        length = table.raw_len()
        result: Any
        if length > 0:
            result = [read(table.raw_get(index), path, depth) for index in range(1, length + 1)]
        else:
            items = [(self._key(key), item) for key, item in table]
            if len(items) > 1:
                # Sorted as Json.encode writes them, so the first bad entry is the same one.
                items.sort(key=_first)
            result = {name: read(item, path, depth) for name, item in items} if items else []
        path.discard(pointer)
        return result

    def _key(self, key: Any) -> str:
        kind = type(key)
        if kind is pluau.String:
            name: str = key.as_bytes().decode("utf-8", "replace")
            return name
        if kind is int and -_EXACT_INTEGER <= key <= _EXACT_INTEGER:
            return str(key)
        if kind is int or kind is float:
            # Json.encode writes the infinities bare; a table cannot hold a NaN key.
            if math.isinf(key):
                return "inf" if key > 0 else "-inf"
            return text(self._global("tostring")(key)[0])
        typeof = text(self._global("typeof")(key)[0])
        raise EngineError(f"table keys must be strings or numbers to convert to JSON (got a {typeof} key)")

    def _global(self, name: str) -> Any:
        return self._lua.globals().get(name)


@contextlib.contextmanager
def _room_for(levels: int) -> Iterator[None]:
    """Python's recursion limit raised by ``levels`` frames for the block: a table may nest
    as deep as Json.encode allows. Python frames no longer use the C stack (3.11+)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + levels + 10)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
