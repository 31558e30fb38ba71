"""Roblox model and place files: pick the codec by extension, read and write whole files.

``.rbxm``/``.rbxl`` are the binary format (``binary``), ``.rbxmx``/``.rbxlx`` the XML
format (``xml``). Place files hold the DataModel's children; model files hold the roots.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dsm.dom.instance import Document, Instance
from dsm.formats.common import FormatError
from dsm.fsutil import write_atomic

BINARY_EXTENSIONS = frozenset({".rbxm", ".rbxl"})
XML_EXTENSIONS = frozenset({".rbxmx", ".rbxlx"})
EXTENSIONS = BINARY_EXTENSIONS | XML_EXTENSIONS

__all__ = ["EXTENSIONS", "FormatError", "decode", "encode", "read_file", "write_file"]


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in BINARY_EXTENSIONS:
        return "binary"
    if suffix in XML_EXTENSIONS:
        return "xml"
    raise FormatError(
        f'unknown model file extension "{path.suffix}"; use .rbxm or .rbxmx (models), .rbxl or .rbxlx (places)',
        path=path,
    )


def decode(data: bytes, kind: str) -> Document:
    if kind == "binary":
        from dsm.formats import binary

        return binary.read(data)
    from dsm.formats import xml

    return xml.read(data)


def encode(roots: Sequence[Instance], kind: str) -> bytes:
    if kind == "binary":
        from dsm.formats import binary

        return binary.write(roots)
    from dsm.formats import xml

    return xml.write(roots)


def read_file(path: Path) -> Document:
    """Read any model or place file; errors name the file and what is wrong."""
    kind = _kind(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", path=path) from None
    try:
        return decode(data, kind)
    except FormatError as error:
        if error.path is None:
            raise FormatError(error.message, path=path) from None
        raise


def write_file(path: Path, roots: Sequence[Instance]) -> None:
    """Write ``roots`` atomically in the format the extension names."""
    write_atomic(path, encode(roots, _kind(path)))
