"""The XML model and place format (``.rbxmx``/``.rbxlx``): ``read`` bytes into a Document, ``write`` roots as bytes."""

from __future__ import annotations

from dsm.formats.xml.reader import read
from dsm.formats.xml.writer import write

__all__ = ["read", "write"]
