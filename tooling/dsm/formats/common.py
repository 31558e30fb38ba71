"""What the binary and XML codecs share."""

from __future__ import annotations

from dsm.errors import DsmError


class FormatError(DsmError):
    """A model or place file that cannot be read or written (corrupt, truncated, unsupported)."""
