"""What the generators of committed data files share: reading ``@rbxts/types``, and writing or checking.

``scripts/generate-reflection``, ``scripts/generate-lint-std`` and ``scripts/generate-text-metrics``
each render one file that is kept in the repository. With ``--check`` (in CI) they write
nothing and fail when the committed file differs from what they would write.
"""

from __future__ import annotations

from pathlib import Path

from dsm.errors import DsmError
from dsm.fsutil import write_atomic

DEFAULT_TYPES_DIR = Path("node_modules/@rbxts/types")


class GenerateError(DsmError):
    """A generator cannot read its sources, or the committed file is out of date."""


def read_types_file(path: Path) -> str:
    """A file of the installed ``@rbxts/types`` package; a missing one means it is not installed."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GenerateError(
            "@rbxts/types is not installed here; run `npm ci` in the repository root first", path=path
        ) from None
    except OSError as error:
        raise GenerateError(f"cannot read: {error.strerror}", path=path) from None


def write_or_check(output: Path, text: str, *, check: bool) -> bool:
    """Write ``text`` to ``output`` or, with ``check``, compare it; False when a check finds it stale.

    A missing file is stale.
    """
    if check:
        try:
            return output.read_text(encoding="utf-8") == text
        except FileNotFoundError:
            return False
    write_atomic(output, text.encode("utf-8"))
    return True
