"""An XML text writer that lays out elements the way Rojo's XML writer (xml-rs) does.

Two-space indentation, no declaration, no self-closing tags. An element that received text
(even empty text) closes on the same line; one that received nothing or only child elements
closes on a new line, so an empty ``<null>`` spans two lines.
"""

from __future__ import annotations

# xml-rs escapes only these in text; quotes and ">" stay as they are.
_TEXT_ESCAPES = str.maketrans({"<": "&lt;", "&": "&amp;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "&": "&amp;", "\n": "&#xA;", "\r": "&#xD;"}
)
_INDENT = "  "
_NEWLINES = ["\n" + _INDENT * depth for depth in range(64)]

# Unicode White_Space, which is what Rust's char::is_whitespace tests (str.isspace also takes \x1c-\x1f).
_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def escape_text(text: str) -> str:
    if "<" not in text and "&" not in text and "]]>" not in text:
        return text
    # "]]>" may not appear in character data, so its ">" is escaped too.
    return text.translate(_TEXT_ESCAPES).replace("]]>", "]]&gt;")


def _cdata(text: str) -> str:
    # A CDATA section cannot contain "]]>", so that sequence is split across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _string(text: str) -> str:
    """Text that keeps leading or trailing whitespace by going into CDATA, as rbx_xml does."""
    if text and (text[0] in _WHITESPACE or text[-1] in _WHITESPACE):
        return _cdata(text)
    return escape_text(text)


def escape_attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE_ESCAPES)


class Emitter:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._names: list[str] = []
        # Per open element: whether text has been written into it.
        self._wrote_text: list[bool] = []

    def _newline(self) -> None:
        depth = len(self._names)
        self._parts.append(_NEWLINES[depth] if depth < len(_NEWLINES) else "\n" + _INDENT * depth)

    def start(self, name: str, attributes: dict[str, str] | None = None) -> None:
        if self._parts and not (self._wrote_text and self._wrote_text[-1]):
            self._newline()
        attrs = "".join(f' {key}="{escape_attribute(value)}"' for key, value in (attributes or {}).items())
        self._parts.append(f"<{name}{attrs}>")
        self._names.append(name)
        self._wrote_text.append(False)

    def end(self) -> None:
        name = self._names.pop()
        if not self._wrote_text.pop():
            self._newline()
        self._parts.append(f"</{name}>")

    def text(self, text: str) -> None:
        """Character data, escaped."""
        self._parts.append(escape_text(text))
        self._wrote_text[-1] = True

    def cdata(self, text: str) -> None:
        self._parts.append(_cdata(text))
        self._wrote_text[-1] = True

    def string(self, text: str) -> None:
        """Text that keeps leading or trailing whitespace by going into CDATA, as rbx_xml does."""
        self._parts.append(_string(text))
        self._wrote_text[-1] = True

    def leaf(self, name: str, text: str) -> None:
        """``<name>text</name>`` in one step (a leaf never holds elements, so it closes on its line)."""
        if self._parts and not (self._wrote_text and self._wrote_text[-1]):
            self._newline()
        self._parts.append(f"<{name}>{_string(text)}</{name}>")

    def getvalue(self) -> bytes:
        if self._names:
            raise RuntimeError(f"unclosed element <{self._names[-1]}>")
        return "".join(self._parts).encode("utf-8")
