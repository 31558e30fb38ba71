"""The binary model and place format (``.rbxm``/``.rbxl``): ``read`` bytes, ``write`` instances."""

from __future__ import annotations

from dsm.formats.binary.reader import read
from dsm.formats.binary.writer import write

__all__ = ["read", "write"]
