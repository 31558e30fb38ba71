"""The DataStore limits and error catalogue, read from ``catalogue.toml``.

One file feeds both the emulator and ``dsm generate``, so the numbers and error strings the
plugin shows are the ones the emulator enforces.
"""

from __future__ import annotations

import functools
import importlib.resources
import string
import tomllib
from dataclasses import dataclass
from typing import Any, Literal, cast

from dsm.errors import DsmError

Category = Literal["validation", "throttle", "access", "server", "not_found", "shutdown", "budget"]
CATEGORIES: frozenset[str] = frozenset(
    ("validation", "throttle", "access", "server", "not_found", "shutdown", "budget")
)
CATALOGUE_NAME = "catalogue.toml"


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """One data store error as Roblox reports it."""

    name: str
    message: str
    category: Category
    retryable: bool
    code: int | None = None
    roblox_name: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(field for _, field, _, _ in string.Formatter().parse(self.message) if field)

    def format(self, **values: object) -> str:
        """The error text as the engine raises it: ``"102: Key name exceeds ..."``.

        Named errors (no code) are the bare message.
        """
        missing = self.placeholders - values.keys()
        if missing:
            raise KeyError(f"error {self.name} needs {', '.join(sorted(missing))}")
        text = self.message.format(**values)
        return f"{self.code}: {text}" if self.code is not None else text


@dataclass(frozen=True)
class Catalogue:
    limits: dict[str, int]
    errors: tuple[ErrorEntry, ...]

    def limit(self, name: str) -> int:
        try:
            return self.limits[name]
        except KeyError:
            raise KeyError(f"unknown data store limit {name!r}") from None

    @functools.cached_property
    def _by_name(self) -> dict[str, ErrorEntry]:
        index: dict[str, ErrorEntry] = {}
        for entry in self.errors:
            for name in (entry.name, *entry.aliases):
                index[name] = entry
        return index

    def error(self, name: str) -> ErrorEntry:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"unknown data store error {name!r}") from None

    def by_code(self, code: int) -> tuple[ErrorEntry, ...]:
        """Every entry with that code (106 names four different checks)."""
        return tuple(entry for entry in self.errors if entry.code == code)


@functools.cache
def load() -> Catalogue:
    """The packaged catalogue, parsed once per process."""
    resource = importlib.resources.files("dsm.emulator") / CATALOGUE_NAME
    return parse(resource.read_text(encoding="utf-8"), source=CATALOGUE_NAME)


def parse(text: str, *, source: str) -> Catalogue:
    """Parse and check catalogue text; any mistake is one line naming the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DsmError(f"not valid TOML: {exc}", path=source) from None
    limits = _parse_limits(data.get("limits"), source)
    raw_errors = data.get("errors")
    if not isinstance(raw_errors, list) or not raw_errors:
        raise DsmError("needs at least one [[errors]] entry", path=source)
    errors = tuple(_parse_error(index, raw, source) for index, raw in enumerate(raw_errors, start=1))
    seen: set[str] = set()
    for entry in errors:
        for name in (entry.name, *entry.aliases):
            if name in seen:
                raise DsmError(f"error name {name!r} appears twice; names must be unique", path=source)
            seen.add(name)
    return Catalogue(limits=limits, errors=errors)


def _parse_limits(raw: object, source: str) -> dict[str, int]:
    if not isinstance(raw, dict) or not raw:
        raise DsmError("needs a [limits] table of name = number", path=source)
    limits: dict[str, int] = {}
    for name, value in cast(dict[str, Any], raw).items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DsmError(f"[limits] {name} must be a non-negative integer, not {value!r}", path=source)
        limits[name] = value
    return limits


def _parse_error(index: int, raw: object, source: str) -> ErrorEntry:
    where = f"[[errors]] #{index}"
    if not isinstance(raw, dict):
        raise DsmError(f"{where} must be a table", path=source)
    entry = cast(dict[str, Any], raw)
    unknown = entry.keys() - {"code", "name", "message", "category", "retryable", "roblox_name", "aliases"}
    if unknown:
        raise DsmError(f"{where} has unknown field(s) {', '.join(sorted(unknown))}", path=source)
    name, message, category = entry.get("name"), entry.get("message"), entry.get("category")
    if not isinstance(name, str) or not name:
        raise DsmError(f"{where} needs a name", path=source)
    where = f"[[errors]] {name}"
    if not isinstance(message, str) or not message:
        raise DsmError(f"{where} needs a message", path=source)
    if category not in CATEGORIES:
        raise DsmError(f"{where} category must be one of {', '.join(sorted(CATEGORIES))}", path=source)
    retryable = entry.get("retryable")
    if not isinstance(retryable, bool):
        raise DsmError(f"{where} retryable must be true or false", path=source)
    code = entry.get("code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise DsmError(f"{where} code must be an integer", path=source)
    roblox_name = entry.get("roblox_name")
    if roblox_name is not None and not isinstance(roblox_name, str):
        raise DsmError(f"{where} roblox_name must be a string", path=source)
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise DsmError(f"{where} aliases must be a list of strings", path=source)
    return ErrorEntry(
        name=name,
        message=message,
        category=cast(Category, category),
        retryable=retryable,
        code=code,
        roblox_name=roblox_name,
        aliases=tuple(aliases),
    )
