"""The checks of §4: names, keys, scopes, metadata, user ids and value sizes.

Each check raises the error Roblox raises (``102: Key name exceeds the 50 character
limit.``) before a request is sent, so a bad argument never costs budget or yields.
"""

from __future__ import annotations

import json
import math
from typing import Any

from dsm.emulator import catalogue, luaujson
from dsm.emulator.errors import EngineError, argument_error, engine_error

DEFAULT_SCOPE = "global"


def _limit(name: str) -> int:
    return catalogue.load().limit(name)


def byte_length(text: str) -> int:
    """Length as ``string.len`` measures it in Luau: UTF-8 bytes."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogateescape"))


def check_key(key: str) -> None:
    if key == "":
        raise engine_error("KeyNameEmpty")
    limit = _limit("key_name_length")
    if byte_length(key) > limit:
        raise engine_error("KeyNameLimit", limit=limit)


def check_store_name(name: str) -> None:
    if name == "":
        raise argument_error("DataStore name can't be empty.")
    limit = _limit("datastore_name_length")
    if byte_length(name) > limit:
        raise argument_error(f"DataStore name exceeds the {limit} character limit.")


def check_scope(scope: str) -> None:
    limit = _limit("scope_length")
    if byte_length(scope) > limit:
        raise argument_error(f"DataStore scope exceeds the {limit} character limit.")


def split_all_scopes_key(full_key: str) -> tuple[str, str]:
    """``"scope/key"`` of an AllScopes store, split at the first ``/``."""
    if full_key == "":
        raise engine_error("KeyNameEmpty")
    scope, slash, key = full_key.partition("/")
    if not slash or scope == "":
        raise argument_error(
            f'Key "{full_key}" needs its scope: an AllScopes data store takes keys written "scope/key".'
        )
    check_scope(scope)
    check_key(key)
    return scope, key


def check_value_size(value_json: str, value_limit: int) -> None:
    if byte_length(value_json) > value_limit:
        raise engine_error("ValueTooLarge", limit=value_limit)


def parse_user_ids(user_ids_json: str, max_user_ids: int) -> str:
    """The user ids as stored (a JSON array of integers); 512/513 when they break the rules."""
    try:
        user_ids = luaujson.decode(user_ids_json)
    except json.JSONDecodeError:
        raise engine_error("AttributeFormatError", attribute="userId") from None
    return user_ids_text(user_ids, max_user_ids)


def user_ids_text(user_ids: Any, max_user_ids: int) -> str:
    """``parse_user_ids`` for ids already decoded (a seed's): the same rules and result."""
    if isinstance(user_ids, dict) and not user_ids:
        user_ids = []
    if not isinstance(user_ids, list):
        raise engine_error("AttributeFormatError", attribute="userId")
    for user_id in user_ids:
        if isinstance(user_id, bool) or not isinstance(user_id, int | float) or not math.isfinite(user_id):
            raise engine_error("AttributeFormatError", attribute="userId")
    if len(user_ids) > max_user_ids:
        raise engine_error("UserIdLimitExceeded", limit=max_user_ids)
    return luaujson.encode([int(user_id) if float(user_id).is_integer() else user_id for user_id in user_ids])


def parse_metadata(metadata_json: str) -> str:
    """The metadata as stored (a JSON object); 511/513 when it breaks the rules of EC."""
    try:
        metadata: Any = luaujson.decode(metadata_json)
    except json.JSONDecodeError:
        raise engine_error("AttributeFormatError", attribute="metadata") from None
    return metadata_text(metadata)


def metadata_text(metadata: Any) -> str:
    """``parse_metadata`` for metadata already decoded (a seed's): the same rules and result."""
    if isinstance(metadata, list) and not metadata:
        metadata = {}
    if not isinstance(metadata, dict):
        raise engine_error("AttributeFormatError", attribute="metadata")
    key_limit = _limit("metadata_key_length")
    value_limit = _limit("metadata_value_length")
    for key, value in metadata.items():
        if byte_length(key) > key_limit:
            raise engine_error("AttributeSizeTooLarge", limit=key_limit)
        # A string value counts its characters; any other value its JSON text.
        size = byte_length(value) if isinstance(value, str) else byte_length(luaujson.encode(value))
        if size > value_limit:
            raise engine_error("AttributeSizeTooLarge", limit=value_limit)
    encoded = luaujson.encode(metadata) if metadata else "{}"
    total_limit = _limit("metadata_total_length")
    if byte_length(encoded) > total_limit:
        raise engine_error("AttributeSizeTooLarge", limit=total_limit)
    return encoded


def ordered_value(value_json: str, non_integer: str) -> int:
    """An ordered data store's value: an integer (non-integers are an error, or rounded)."""
    try:
        value = luaujson.decode(value_json)
    except json.JSONDecodeError:
        raise engine_error("CantStoreValue", type="value") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise engine_error("CantStoreValue", type=_type_name(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise engine_error("CantStoreValue", type="number")
        if not value.is_integer():
            if non_integer != "round":
                raise EngineError("OrderedDataStore values must be integers.")
            value = int(value + 0.5) if value >= 0 else -int(-value + 0.5)
    return int(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | dict):
        return "table"
    return "number"
