"""Errors the data store API raises in Luau, with the text Roblox uses."""

from __future__ import annotations

from dsm.emulator import catalogue


class EngineError(Exception):
    """A failed data store request; ``message`` is what ``pcall`` returns in Luau."""

    def __init__(self, message: str, *, name: str | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.retryable = retryable


def engine_error(name: str, **values: object) -> EngineError:
    """The catalogue's error ``name`` with its placeholders filled, e.g. ``102: Key name exceeds ...``."""
    entry = catalogue.load().error(name)
    return EngineError(entry.format(**values), name=entry.name, retryable=entry.retryable)


def argument_error(message: str) -> EngineError:
    """A bad argument the engine rejects before sending anything (not in the catalogue)."""
    return EngineError(message)
