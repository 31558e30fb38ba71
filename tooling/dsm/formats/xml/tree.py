"""Parse XML bytes into a light element tree that remembers line numbers, refusing DTDs and entities.

Element text follows rbx_xml's reading: CDATA sections are kept whole, plain character runs that
are only whitespace (indentation) are dropped, everything else is joined in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from dsm.formats.xml.errors import Malformed

_XML_SPACE = frozenset(" \t\r\n")


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def describe(self) -> str:
        name = self.attrs.get("name")
        return f'<{self.tag} name="{name}">' if name is not None else f"<{self.tag}>"

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def child(self, tag: str) -> Node:
        found = self.find(tag)
        if found is None:
            raise Malformed(self.line, f"{self.describe()} has no <{tag}> element")
        return found


@dataclass(slots=True)
class _Run:
    """A stretch of text between markup: one CDATA section, or plain characters."""

    cdata: bool
    parts: list[str]


@dataclass(slots=True)
class _Open:
    node: Node
    runs: list[_Run] = field(default_factory=list)
    # The run new characters extend; None after markup, which ends a run.
    current: _Run | None = None
    # Whitespace seen since the last markup; it becomes text only if more characters follow.
    space: str = ""


class _Builder:
    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.in_cdata = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, self.parser.CurrentLineNumber)
        if self.stack:
            parent = self.stack[-1]
            parent.node.children.append(node)
            parent.current = None
            parent.space = ""
        else:
            self.root = node
        self.stack.append(_Open(node))

    def end(self, _tag: str) -> None:
        closed = self.stack.pop()
        runs = closed.runs
        if runs:
            closed.node.text = "".join(part for run in runs for part in run.parts)

    def characters(self, text: str) -> None:
        if not self.stack:
            return
        top = self.stack[-1]
        run = top.current
        if run is not None and run.cdata == self.in_cdata:
            run.parts.append(text)
            return
        if not self.in_cdata and _XML_SPACE.issuperset(text):
            # Indentation between elements: held back, and dropped if markup comes next.
            top.space += text
            return
        run = _Run(self.in_cdata, [top.space, text] if top.space else [text])
        top.space = ""
        top.runs.append(run)
        top.current = run

    def start_cdata(self) -> None:
        self.in_cdata = True
        if self.stack:
            top = self.stack[-1]
            top.current = _Run(True, [])
            top.runs.append(top.current)
            top.space = ""

    def end_cdata(self) -> None:
        self.in_cdata = False
        if self.stack:
            self.stack[-1].current = None

    def refuse_doctype(self, *_args: object) -> None:
        # Roblox files never carry a DTD; refusing one rules out entity expansion and external entities.
        raise Malformed(self.parser.CurrentLineNumber, "DOCTYPE declarations are not allowed in Roblox files")


def parse(data: bytes) -> Node:
    """The document's root element; malformed XML raises Malformed with the line expat reports."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1 << 20
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.characters
    parser.StartCdataSectionHandler = builder.start_cdata
    parser.EndCdataSectionHandler = builder.end_cdata
    parser.StartDoctypeDeclHandler = builder.refuse_doctype
    parser.EntityDeclHandler = builder.refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise Malformed(error.lineno, f"not well-formed XML: {expat.errors.messages[error.code]}") from None
    if builder.root is None:
        raise Malformed(1, "the file has no root element")
    return builder.root
