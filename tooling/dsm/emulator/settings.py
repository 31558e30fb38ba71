"""The emulator's knobs: behaviours Roblox does not document, with defaults from the spec (§10)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from dsm.emulator import catalogue
from dsm.emulator.errors import EngineError

ORDERED_NON_INTEGER = ("error", "round")
TRANSFORM_ERRORS = ("propagate", "swallow")
MIXED_TABLES = ("arrayWins", "error")


@dataclass(frozen=True)
class Settings:
    cache_seconds: float
    queue_size: int
    max_user_ids: int
    value_limit: int
    list_keys_page_max: int
    list_versions_page_max: int
    list_datastores_page_max: int
    ordered_non_integer: str = "error"
    transform_errors: str = "propagate"
    mixed_tables: str = "arrayWins"

    @classmethod
    def defaults(cls) -> Settings:
        limits = catalogue.load()
        return cls(
            cache_seconds=float(limits.limit("cache_seconds")),
            queue_size=limits.limit("throttle_queue_length"),
            max_user_ids=limits.limit("user_ids"),
            value_limit=limits.limit("value_bytes"),
            list_keys_page_max=limits.limit("list_keys_page_max"),
            list_versions_page_max=limits.limit("list_versions_page_max"),
            list_datastores_page_max=limits.limit("list_datastores_page_max"),
        )

    def as_options(self) -> dict[str, Any]:
        """The settings under the names ``dsm.datastore.configure`` takes."""
        return {_CAMEL[item.name]: getattr(self, item.name) for item in fields(self)}

    def configured(self, options: dict[str, Any]) -> Settings:
        """A copy with ``options`` (camelCase names, as Luau passes them) applied and checked."""
        changes: dict[str, Any] = {}
        for name, value in options.items():
            field_name = _SNAKE.get(name)
            if field_name is None:
                known = ", ".join(sorted(_SNAKE))
                raise EngineError(f"dsm.datastore.configure: unknown option {name!r} (options: {known})")
            changes[field_name] = _check(name, field_name, value)
        return replace(self, **changes)


_CAMEL = {
    "cache_seconds": "cacheSeconds",
    "queue_size": "queueSize",
    "max_user_ids": "maxUserIds",
    "value_limit": "valueLimit",
    "list_keys_page_max": "listKeysPageMax",
    "list_versions_page_max": "listVersionsPageMax",
    "list_datastores_page_max": "listDataStoresPageMax",
    "ordered_non_integer": "orderedNonInteger",
    "transform_errors": "transformErrors",
    "mixed_tables": "mixedTables",
}
_SNAKE = {camel: snake for snake, camel in _CAMEL.items()}
_CHOICES = {
    "ordered_non_integer": ORDERED_NON_INTEGER,
    "transform_errors": TRANSFORM_ERRORS,
    "mixed_tables": MIXED_TABLES,
}


def _check(name: str, field_name: str, value: Any) -> Any:
    choices = _CHOICES.get(field_name)
    if choices is not None:
        if value not in choices:
            raise EngineError(f"dsm.datastore.configure: {name} must be one of {', '.join(choices)}, not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise EngineError(f"dsm.datastore.configure: {name} must be a number >= 0, not {value!r}")
    if field_name == "cache_seconds":
        return float(value)
    if value != int(value) or (field_name != "queue_size" and value < 1):
        raise EngineError(f"dsm.datastore.configure: {name} must be a whole number >= 1, not {value!r}")
    return int(value)
