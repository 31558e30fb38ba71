"""The arguments of each request, checked and normalised before it is sent (§2, §4).

A bad argument fails at once with Roblox's error, costs no budget and does not yield.
Each check fills in the defaults Roblox documents (page sizes of 0 meaning 50, 1024 or
32, a sorted page of 50) so the rest of the emulator reads complete arguments.
"""

from __future__ import annotations

import math
from typing import Any

from dsm.emulator import catalogue, limits, versions
from dsm.emulator.errors import argument_error, engine_error
from dsm.emulator.settings import Settings


def check(method: str, args: dict[str, Any], *, ordered: bool, scope: str, settings: Settings, now: float) -> None:
    """Checks ``args`` of ``method`` in place: raises the request's error, or normalises them."""
    if method == "SetAsync":
        limits.check_value_size(args["value"], settings.value_limit)
        if ordered:
            limits.ordered_value(args["value"], settings.ordered_non_integer)
        _attributes(args, ordered, settings)
    elif method == "IncrementAsync":
        delta = args.get("delta", 1)
        if isinstance(delta, bool) or not isinstance(delta, int | float) or delta != int(delta):
            raise argument_error("IncrementAsync: delta must be an integer.")
        args["delta"] = int(delta)
        _attributes(args, ordered, settings)
    elif method in ("GetVersionAsync", "RemoveVersionAsync"):
        version = args.get("version")
        if not isinstance(version, str) or not versions.is_version_id(version):
            raise argument_error(f"{method}: version {version!r} is not valid.")
    elif method == "GetVersionAtTimeAsync":
        timestamp = args.get("timestamp")
        latest = versions.unix_ms(now) + catalogue.load().limit("timestamp_future_max_seconds") * 1000
        if not isinstance(timestamp, int | float) or isinstance(timestamp, bool) or not 0 < timestamp <= latest:
            raise engine_error("InvalidTimestamp")
        args["timestamp"] = int(timestamp)
    elif method in ("ListKeysAsync", "ListVersionsAsync", "ListDataStoresAsync"):
        _listing(method, args, settings)
    elif method == "GetSortedAsync":
        _sorted(args)
    elif method == "BatchGetAsync":
        _batch(args, ordered, scope)


def _attributes(args: dict[str, Any], ordered: bool, settings: Settings) -> None:
    if ordered:
        # Ordered stores keep no user ids or metadata; values passed are ignored [unverified].
        args["user_ids"], args["metadata"] = "[]", "{}"
        return
    args["user_ids"] = limits.parse_user_ids(args.get("user_ids") or "[]", settings.max_user_ids)
    args["metadata"] = limits.parse_metadata(args.get("metadata") or "{}")


def _page_size(method: str, size: object, default: str, maximum: int) -> int:
    if size is None or size == 0:
        return catalogue.load().limit(default)
    if isinstance(size, bool) or not isinstance(size, int | float) or size != int(size) or size < 0:
        raise argument_error(f"{method}: pageSize must be a whole number >= 0.")
    return min(int(size), maximum)


def _listing(method: str, args: dict[str, Any], settings: Settings) -> None:
    if method == "ListKeysAsync":
        args["page_size"] = _page_size(
            method, args.get("page_size"), "list_keys_page_default", settings.list_keys_page_max
        )
    elif method == "ListVersionsAsync":
        args["page_size"] = _page_size(
            method, args.get("page_size"), "list_versions_page_default", settings.list_versions_page_max
        )
        for name, label in (("min_ms", "minDate"), ("max_ms", "maxDate")):
            value = args.get(name) or 0
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise argument_error(f"{method}: {label} must be >= 0.")
            args[name] = int(value)
    else:
        args["page_size"] = _page_size(
            method, args.get("page_size"), "list_datastores_page_default", settings.list_datastores_page_max
        )
    args["prefix"] = args.get("prefix") or ""
    args["cursor"] = args.get("cursor") or ""
    args["exclude_deleted"] = bool(args.get("exclude_deleted"))
    args["ascending"] = args.get("ascending") is not False


def _sorted(args: dict[str, Any]) -> None:
    loaded = catalogue.load()
    size = args.get("page_size")
    if size is None:
        size = loaded.limit("sorted_page_size_default")
    if not isinstance(size, int | float) or isinstance(size, bool):
        raise argument_error("GetSortedAsync: pagesize must be a number.")
    if size < loaded.limit("sorted_page_size_min"):
        raise engine_error("PageSizeGreater")
    if size > loaded.limit("sorted_page_size_max"):
        raise engine_error("PageSizeLesser")
    args["page_size"] = int(size)
    for name, error in (("minimum", "MinValueInvalid"), ("maximum", "MaxValueInvalid")):
        value = args.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise engine_error(error)
        if value != int(value):
            raise engine_error(error)
        args[name] = int(value)
    if args.get("minimum") is not None and args.get("maximum") is not None and args["maximum"] < args["minimum"]:
        raise engine_error("MinMaxOrderInvalid")
    args.setdefault("minimum", None)
    args.setdefault("maximum", None)
    args["cursor"] = args.get("cursor") or ""
    args["ascending"] = bool(args.get("ascending"))


def _batch(args: dict[str, Any], ordered: bool, scope: str) -> None:
    if not ordered:
        raise argument_error("BatchGetAsync is only supported on OrderedDataStore.")
    keys = args.get("keys")
    maximum = catalogue.load().limit("batch_get_keys_max")
    if not isinstance(keys, list) or not 1 <= len(keys) <= maximum:
        raise argument_error(f"BatchGetAsync: keys must be an array of 1 to {maximum} key names.")
    for key in keys:
        if not isinstance(key, str):
            raise argument_error("BatchGetAsync: every key must be a string.")
        limits.check_key(key)
    args["scope"] = scope
