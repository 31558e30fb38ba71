"""A Luau tokenizer: names, keywords, strings (with interpolation), numbers, symbols, comments.

The rules that read source text (requires, placeholder data, suppression comments, columns of
global accesses) need tokens, not a syntax tree: they look for short, regular shapes such as
``require(script.Parent.Foo)``. Files reach the tokenizer only after the Luau compiler has
accepted them, so it can be lenient: an unterminated string or comment runs to the end.

Lines and columns are 1-based; a column counts characters, as editors do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from enum import Enum
from typing import NamedTuple

KEYWORDS = frozenset(
    {
        "and",
        "break",
        "continue",
        "do",
        "else",
        "elseif",
        "end",
        "false",
        "for",
        "function",
        "if",
        "in",
        "local",
        "nil",
        "not",
        "or",
        "repeat",
        "return",
        "then",
        "true",
        "until",
        "while",
    }
)

# Longest first, so `...` wins over `..` and `..=` over `..`.
_SYMBOLS = (
    "...",
    "..=",
    "//=",
    "==",
    "~=",
    "<=",
    ">=",
    "->",
    "::",
    "+=",
    "-=",
    "*=",
    "/=",
    "%=",
    "^=",
    "..",
    "//",
)
# One alternative per token start; strings, comments and braces are finished by hand. Numbers:
# decimal (with fraction and exponent), hexadecimal and binary, `_` separating digits.
_TOKEN = re.compile(
    r"[ \t\r\n\f\v]*(?:(?P<end>$)"
    r"|(?P<comment>--)"
    r"|(?P<quote>[\"'])"
    r"|(?P<backtick>`)"
    r"|(?P<long>\[=*\[)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>0[xX][0-9A-Fa-f_]*|0[bB][01_]*"
    r"|(?:[0-9][0-9_]*(?:\.(?!\.)[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?)"
    r"|(?P<brace>[{}])"
    r"|(?P<symbol>" + "|".join(re.escape(symbol) for symbol in _SYMBOLS) + r"|.))",
    re.DOTALL,
)
_PLAIN_STRING_TEXT = re.compile(r"[^\\\n\"'`{]+")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class Kind(Enum):
    NAME = "name"
    KEYWORD = "keyword"
    STRING = "string"
    INTERPOLATED = "interpolated"
    """A text part of a backtick string; the expressions between parts are ordinary tokens."""
    NUMBER = "number"
    SYMBOL = "symbol"
    COMMENT = "comment"


class Token(NamedTuple):
    kind: Kind
    text: str
    """Names, keywords, numbers, symbols: the source text. Strings: the decoded value.
    Comments: the text after ``--`` (without the long brackets)."""
    line: int
    column: int
    end_line: int

    def is_symbol(self, text: str) -> bool:
        return self.kind is Kind.SYMBOL and self.text == text

    def is_keyword(self, text: str) -> bool:
        return self.kind is Kind.KEYWORD and self.text == text


class _Scanner:
    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.tokens: list[Token] = []
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
        # One entry per open `{` inside an interpolated string's expression: how many plain
        # braces are open inside it, so the `}` that resumes the string is recognised.
        self.interpolation_braces: list[int] = []

    # Positions ------------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def emit(self, kind: Kind, text: str, start: int, *, multiline: bool = True) -> None:
        """A token from offset ``start`` to the current position (``multiline``: it may span lines)."""
        line = self.line_of(start)
        end_line = self.line_of(max(start, self.pos - 1)) if multiline else line
        self.tokens.append(Token(kind, text, line, start - self.line_starts[line - 1] + 1, end_line))

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.source[index] if index < len(self.source) else ""

    # Scanning -------------------------------------------------------------------------------

    def run(self) -> list[Token]:
        if self.source.startswith("#!"):  # a shebang line is allowed and ignored
            newline = self.source.find("\n")
            self.pos = len(self.source) if newline < 0 else newline
        source, length = self.source, len(self.source)
        while self.pos < length:
            match = _TOKEN.match(source, self.pos)
            assert match is not None  # the last alternative matches any character
            kind = match.lastgroup or "end"
            start, self.pos = match.start(kind), match.end()
            text = source[start : self.pos]
            if kind == "name":
                self.emit(Kind.KEYWORD if text in KEYWORDS else Kind.NAME, text, start, multiline=False)
            elif kind == "symbol":
                self.emit(Kind.SYMBOL, text, start, multiline=False)
            elif kind == "number":
                self.emit(Kind.NUMBER, text, start, multiline=False)
            elif kind == "brace":
                self.brace(text, start)
            elif kind == "comment":
                self.comment(start)
            elif kind == "quote":
                self.quoted_string(text, start)
            elif kind == "backtick":
                self.interpolated(start)
            elif kind == "long":
                self.pos = start
                self.emit_long(Kind.STRING, start)
        return self.tokens

    def comment(self, start: int) -> None:
        if self.peek() == "[" and self.long_bracket_level() is not None:
            self.emit_long(Kind.COMMENT, start)
            return
        newline = self.source.find("\n", self.pos)
        end = len(self.source) if newline < 0 else newline
        text = self.source[self.pos : end]
        self.pos = end
        self.emit(Kind.COMMENT, text, start)

    def long_bracket_level(self) -> int | None:
        """The level of a long bracket opening here (`[[` is 0, `[==[` is 2), else None."""
        index = self.pos + 1
        while index < len(self.source) and self.source[index] == "=":
            index += 1
        if index < len(self.source) and self.source[index] == "[":
            return index - self.pos - 1
        return None

    def emit_long(self, kind: Kind, start: int) -> None:
        """A long-bracket string or comment body, starting at the current `[`."""
        level = self.long_bracket_level() or 0
        self.pos += level + 2
        if self.peek() == "\n":  # a newline right after the opening bracket is skipped
            self.pos += 1
        closing = "]" + "=" * level + "]"
        end = self.source.find(closing, self.pos)
        end = len(self.source) if end < 0 else end
        text = self.source[self.pos : end]
        self.pos = min(end + len(closing), len(self.source))
        self.emit(kind, text, start)

    def escape(self, out: list[str]) -> None:
        """Decode one escape after a backslash (the backslash already consumed)."""
        char = self.peek()
        if char in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[char])
            self.pos += 1
        elif char == "z":  # skips the whitespace that follows
            self.pos += 1
            while self.peek() and self.peek() in " \t\r\n\f\v":
                self.pos += 1
        elif char.isdigit():
            digits = ""
            while len(digits) < 3 and self.peek().isdigit():
                digits += self.peek()
                self.pos += 1
            out.append(chr(min(int(digits), 255)))
        elif char == "x":
            digits = self.source[self.pos + 1 : self.pos + 3]
            self.pos += 3
            out.append(chr(int(digits, 16)) if _is_hex(digits) else digits)
        elif char == "u" and self.peek(1) == "{":
            end = self.source.find("}", self.pos)
            digits = self.source[self.pos + 2 : end] if end > 0 else ""
            self.pos += len(digits) + 3
            out.append(chr(int(digits, 16)) if _is_hex(digits) and int(digits, 16) <= 0x10FFFF else digits)
        elif char:
            out.append(char)  # \\, \", \', \`, \{, a newline
            self.pos += 1

    def string_body(self, stop: str, out: list[str]) -> str:
        """Text up to (not including) a character of ``stop`` or a newline; returns that character."""
        while (char := self.peek()) and char not in stop and char != "\n":
            if (plain := _PLAIN_STRING_TEXT.match(self.source, self.pos)) is not None:
                out.append(plain.group())
                self.pos = plain.end()
                continue
            self.pos += 1
            if char == "\\":
                self.escape(out)
            else:
                out.append(char)
        return self.peek()

    def quoted_string(self, quote: str, start: int) -> None:
        out: list[str] = []
        if self.string_body(quote, out) == quote:
            self.pos += 1
        self.emit(Kind.STRING, "".join(out), start)

    def interpolated(self, start: int) -> None:
        """A backtick string part, up to the closing backtick or an opening `{`."""
        out: list[str] = []
        while True:
            stop = self.string_body("`{", out)
            if stop == "\n":  # lenient: an interpolated string may not span lines, keep going
                out.append(stop)
                self.pos += 1
                continue
            break
        self.pos += 1 if stop else 0
        self.emit(Kind.INTERPOLATED, "".join(out), start)
        if stop == "{":
            self.interpolation_braces.append(0)

    def brace(self, text: str, start: int) -> None:
        if self.interpolation_braces:
            if text == "{":
                self.interpolation_braces[-1] += 1
            elif self.interpolation_braces[-1] == 0:
                self.interpolation_braces.pop()
                self.interpolated(start)
                return
            else:
                self.interpolation_braces[-1] -= 1
        self.emit(Kind.SYMBOL, text, start)


def _is_hex(text: str) -> bool:
    return bool(text) and all(char in "0123456789abcdefABCDEF" for char in text)


def tokenize(source: str) -> list[Token]:
    """Every token of ``source``, comments included, in order."""
    return _Scanner(source).run()
