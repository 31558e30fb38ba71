"""The project builder's user error and the shared wording of its messages and warnings."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from dsm.errors import DsmError, display_path

Warn = Callable[[str], None]


class ProjectError(DsmError):
    """A project, meta, model or source file that cannot be built; names the file, line and key."""

    def __init__(
        self, message: str, *, path: Path | str | None = None, line: int | None = None, key: str | None = None
    ) -> None:
        self.key = key
        super().__init__(f"{key}: {message}" if key else message, path=path, line=line)


def location(path: Path | str, line: int | None = None, key: str | None = None) -> str:
    """``file:line: key: `` as errors print it, for warnings."""
    text = display_path(Path(path))
    if line is not None:
        text += f":{line}"
    text += ": "
    if key:
        text += f"{key}: "
    return text


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean "X"?)`` when a candidate is close, else an empty string."""
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {candidate.lower(): candidate for candidate in pool}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f' (did you mean "{close[0]}"?)' if close else ""


def describe(value: object, limit: int = 40) -> str:
    """A JSON-ish rendering of a value for messages: ``5``, ``"text"``, ``[1, 2]``."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
