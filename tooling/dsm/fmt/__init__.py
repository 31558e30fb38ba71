"""`dsm fmt`: format the project's Luau with StyLua and the project's ``stylua.toml``.

Without paths it formats the Luau the project owns: the plugin's sources and specs, the
runtime shim and the documentation examples. Generated modules are formatted too: their
generators already write StyLua's style, so formatting them changes nothing, and a generator
that drifts shows up in ``dsm fmt --check``. A file that must keep its own layout goes in
``.styluaignore`` at the project root, which StyLua's own command line honours as well.

In-place writes are atomic; ``--check`` writes nothing and reports a unified diff per file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dsm.errors import display_path
from dsm.fmt.backends import ParseError, open_formatter
from dsm.fmt.config import load_config
from dsm.fmt.files import IgnoreRules, collect
from dsm.fsutil import write_atomic

__all__ = ["DEFAULT_PATHS", "FileResult", "FmtReport", "format_paths", "unified_diff"]

# Relative to the project root; folders that do not exist are skipped.
DEFAULT_PATHS = ("plugin/src", "plugin/tests", "tooling/dsm/runtime/luau", "docs/examples")

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_POSITION = re.compile(r"\((\d+):(\d+) to \d+:\d+\)")


@dataclass(frozen=True)
class FileResult:
    path: Path
    changed: bool
    """The file is not formatted (check mode) or was rewritten (write mode)."""
    diff: str = ""
    """The unified diff from the file to its formatted text (check mode only)."""
    error: str | None = None
    """Why the file could not be formatted, as ``path:line:col: message``."""


@dataclass
class FmtReport:
    formatter: str
    results: list[FileResult] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [result for result in self.results if result.changed]

    @property
    def errors(self) -> list[FileResult]:
        return [result for result in self.results if result.error]


def format_paths(
    root: Path,
    paths: Sequence[Path] = (),
    *,
    check: bool,
    prefer_native: bool = True,
    on_result: Callable[[FileResult], None] | None = None,
) -> FmtReport:
    """Format (or with ``check`` only compare) every Luau file under ``paths`` (default: DEFAULT_PATHS)."""
    targets = list(paths) or [root / path for path in DEFAULT_PATHS if (root / path).exists()]
    files = collect(root, targets, IgnoreRules.load(root))
    config = load_config(root)
    with open_formatter(root, config, prefer_native=prefer_native) as formatter:
        report = FmtReport(formatter.name)
        for path in files:
            result = _format_file(path, formatter.format, check=check)
            report.results.append(result)
            if on_result is not None:
                on_result(result)
    return report


def _format_file(path: Path, format_code: Callable[[str], str], *, check: bool) -> FileResult:
    try:
        original = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return FileResult(
            path, False, error=f"{display_path(path)}: not UTF-8 text (byte {error.start}); StyLua needs UTF-8"
        )
    except OSError as error:
        return FileResult(path, False, error=f"{display_path(path)}: cannot read the file ({error.strerror})")
    try:
        formatted = format_code(original)
    except ParseError as error:
        return FileResult(path, False, error=_parse_error(path, str(error)))
    if formatted == original:
        return FileResult(path, False)
    if check:
        return FileResult(path, True, diff=unified_diff(original, formatted, display_path(path)))
    write_atomic(path, formatted.encode("utf-8"))
    return FileResult(path, True)


def _parse_error(path: Path, message: str) -> str:
    """``path:line:col: StyLua cannot parse ...`` from StyLua's multi-line parse error."""
    details = [line.strip(" -") for line in message.splitlines() if line.strip(" -")]
    detail = next((line for line in details if _POSITION.search(line)), details[-1] if details else message)
    position = _POSITION.search(detail)
    where = f"{display_path(path)}:{position.group(1)}:{position.group(2)}" if position else display_path(path)
    text = _POSITION.sub("", detail).replace(" ,", ",").strip()
    return f"{where}: StyLua cannot parse the file: {text}; fix the syntax and run dsm fmt again"


def unified_diff(original: str, formatted: str, name: str) -> str:
    """A ``diff -u`` style patch from ``original`` to ``formatted``, marking a missing final newline."""
    lines = difflib.unified_diff(
        _lines(original), _lines(formatted), fromfile=f"{name} (current)", tofile=f"{name} (formatted)"
    )
    return "".join(lines)


def _lines(text: str) -> list[str]:
    lines = _LINE.findall(text)  # only "\n" ends a line (splitlines also splits on form feeds)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines
