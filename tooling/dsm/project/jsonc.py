"""A JSONC parser (JSON plus comments and trailing commas, as Rojo 7.6.1+ reads) that keeps lines.

Objects come back as :class:`JObject` (a dict that remembers the offset of each key) and arrays
as :class:`JArray`, so callers can report ``file:line`` for any key or item. Scalars are plain
Python values. Duplicate keys keep the last value, as serde_json's map does.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

_WS_OR_COMMENT = re.compile(r"(?:[ \t\n\r]+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
# A string token without escapes is the common case; the slow path handles the rest.
_PLAIN_STRING = re.compile(r'"([^"\\\n\r]*)"')
_STRING = re.compile(r'"((?:[^"\\\n\r]|\\.)*)"')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class JsoncError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Source:
    """The text being parsed, for turning offsets into 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None

    def line(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, offset) + 1


class JObject(dict[str, Any]):
    """A parsed object: ``line`` is where it opens, ``key_line(key)`` where a key sits."""

    __slots__ = ("_key_offsets", "_offset", "_source")

    def __init__(self, source: Source, offset: int) -> None:
        super().__init__()
        self._source = source
        self._offset = offset
        self._key_offsets: dict[str, int] = {}

    @property
    def line(self) -> int:
        return self._source.line(self._offset)

    def key_line(self, key: str) -> int:
        offset = self._key_offsets.get(key)
        return self.line if offset is None else self._source.line(offset)


class JArray(list[Any]):
    """A parsed array: ``line`` is where it opens, ``item_line(i)`` where an item starts."""

    __slots__ = ("_item_offsets", "_offset", "_source")

    def __init__(self, source: Source, offset: int) -> None:
        super().__init__()
        self._source = source
        self._offset = offset
        self._item_offsets: list[int] = []

    @property
    def line(self) -> int:
        return self._source.line(self._offset)

    def item_line(self, index: int) -> int:
        if 0 <= index < len(self._item_offsets):
            return self._source.line(self._item_offsets[index])
        return self.line


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """The line of a key (objects) or item (arrays) of a parsed container, when known."""
    if isinstance(container, JObject):
        return container.line if key is None else container.key_line(str(key))
    if isinstance(container, JArray):
        return container.line if key is None else container.item_line(int(key))
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.source = Source(text)
        self.pos = 0

    def fail(self, message: str, offset: int | None = None) -> JsoncError:
        return JsoncError(message, self.source.line(self.pos if offset is None else offset))

    def skip(self) -> None:
        end = _WS_OR_COMMENT.match(self.text, self.pos)
        assert end is not None
        self.pos = end.end()
        if self.text.startswith("/*", self.pos):
            raise self.fail("a /* comment is never closed")

    def describe_here(self) -> str:
        if self.pos >= len(self.text):
            return "the end of the file"
        token = _STRING.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if token:
            return f"{token.group(0)} (a missing comma?)" if token.group(0).startswith('"') else token.group(0)
        return f"'{self.text[self.pos]}'"

    def value(self) -> Any:
        self.skip()
        if self.pos >= len(self.text):
            raise self.fail("expected a value, found the end of the file")
        char = self.text[self.pos]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char == '"':
            return self.string()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        match = _NUMBER.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            token = match.group(0)
            return float(token) if match.group(1) or match.group(2) else int(token)
        raise self.fail(f"expected a value, found {self.describe_here()}")

    def string(self) -> str:
        match = _PLAIN_STRING.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            return match.group(1)
        match = _STRING.match(self.text, self.pos)
        if not match:
            raise self.fail("a string is not closed on its line")
        body = match.group(1)
        try:
            decoded: str = json.loads(f'"{body}"', strict=False)
        except json.JSONDecodeError:
            bad = re.search(r"\\(?:u(?![0-9a-fA-F]{4})|[^\"\\/bfnrtu])", body)
            detail = f" ({bad.group(0)!r})" if bad else ""
            raise self.fail(f"invalid escape in a string{detail}") from None
        self.pos = match.end()
        return decoded

    def object(self) -> JObject:
        result = JObject(self.source, self.pos)
        self.pos += 1
        while True:
            self.skip()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return result
            if not self.text.startswith('"', self.pos):
                raise self.fail(f'expected a "quoted" key or "}}", found {self.describe_here()}')
            key_offset = self.pos
            key = self.string()
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail(f'expected ":" after the key "{key}", found {self.describe_here()}')
            self.pos += 1
            result[key] = self.value()
            result._key_offsets[key] = key_offset
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("}", self.pos):
                raise self.fail(f'expected "," or "}}" after the value of "{key}", found {self.describe_here()}')

    def array(self) -> JArray:
        result = JArray(self.source, self.pos)
        self.pos += 1
        while True:
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return result
            result._item_offsets.append(self.pos)
            result.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise self.fail(f'expected "," or "]" after an array item, found {self.describe_here()}')


def parse(text: str) -> Any:
    """Parse one JSONC document; raises :class:`JsoncError` with the line of the problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser(text)
    parser.skip()
    if parser.pos >= len(text):
        raise JsoncError("the file holds no JSON value", parser.source.line(parser.pos))
    result = parser.value()
    parser.skip()
    if parser.pos < len(text):
        raise parser.fail(f"unexpected {parser.describe_here()} after the JSON value")
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_data(text: str) -> Any:
    """Parse JSONC where no line information is needed (data files): plain JSON takes the fast path."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return parse(text)
