"""Reading the TOML data files of ``dsm generate`` and checking their tables key by key."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dsm.errors import DsmError

_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file; a missing or malformed file is one line naming it (and the line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DsmError("not found; create it or fix [tool.dsm.generate] data", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DsmError(f"cannot read the file ({error})", path=path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.12's message ends with "(at line L, column C)"; lift the line to the front.
        where = _POSITION.search(str(error))
        message = _POSITION.sub("", str(error)).strip()
        raise DsmError(f"not valid TOML: {message}", path=path, line=int(where[1]) if where else None) from None


class Table:
    """One TOML table under a dotted name, with typed getters that fail naming file and key."""

    def __init__(self, data: object, where: str, path: Path) -> None:
        if not isinstance(data, dict):
            raise DsmError(f"{where} must be a table", path=path)
        self.data: dict[str, Any] = data
        self.where = where
        self.path = path

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def fail(self, message: str) -> DsmError:
        return DsmError(message, path=self.path)

    def only(self, known: Iterable[str]) -> None:
        """Reject keys outside ``known``, suggesting the closest one."""
        allowed = list(known)
        for name in self.data:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f'; did you mean "{close[0]}"?' if close else f"; known keys: {', '.join(sorted(allowed))}"
                raise self.fail(f'unknown key "{self.key(name)}"{hint}')

    def text(self, name: str) -> str:
        """A required one-line string."""
        value = self.optional_text(name)
        if value is None:
            raise self.fail(f"{self.key(name)} is missing; give it a string")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{self.key(name)} must be a non-empty string")
        if "\n" in value:
            raise self.fail(f"{self.key(name)} must be one line")
        return value

    def table(self, name: str) -> Table:
        table = self.optional_table(name)
        if table is None:
            raise self.fail(f"{self.key(name)} is missing; add a [{self.key(name)}] table")
        return table

    def optional_table(self, name: str) -> Table | None:
        value = self.data.get(name)
        return None if value is None else Table(value, self.key(name), self.path)

    def tables(self, name: str) -> list[Table]:
        """An array of tables (``[[name]]``); at least one."""
        value = self.data.get(name)
        if not isinstance(value, list) or not value:
            raise self.fail(f"{self.key(name)} needs at least one [[{self.key(name)}]] entry")
        return [Table(item, f"{self.key(name)}[{index}]", self.path) for index, item in enumerate(value, start=1)]
