"""Which budgets, queue and throttle error each request meets (§7).

Four queues hold throttled requests: Get, Set, Ordered get and Ordered set (EC); methods
outside them (versions, listing) queue on their own. Each queue holds 30 requests; a
request that finds its queue full is dropped with the error Roblox gives for it.
"""

from __future__ import annotations

from dsm.emulator.budgets import LEGACY, Charge

READ_METHODS = frozenset(("GetAsync", "BatchGetAsync"))
WRITE_METHODS = frozenset(("SetAsync", "IncrementAsync", "UpdateAsync", "RemoveAsync"))

# Legacy throttle errors by method (301-306 and the named ones of §8.2).
_LEGACY_DROPPED = {
    "GetAsync": "GetAsyncThrottle",
    "BatchGetAsync": "GetAsyncThrottle",
    "SetAsync": "SetAsyncThrottle",
    "IncrementAsync": "IncreAsyncThrottle",
    "UpdateAsync": "UpdateAsyncThrottle",
    "GetSortedAsync": "GetSortedThrottle",
    "RemoveAsync": "RemoveAsyncThrottle",
    "GetVersionAsync": "GetVersionAsyncThrottle",
    "GetVersionAtTimeAsync": "GetVersionAtTimeAsyncThrottle",
    "ListDataStoresAsync": "ListDataStoresAsyncThrottle",
    "ListKeysAsync": "ListKeysAsyncThrottle",
    "ListVersionsAsync": "ListVersionsAsyncThrottle",
    "RemoveVersionAsync": "RemoveVersionAsyncThrottle",
}


def queue_name(method: str, ordered: bool) -> str:
    if method == "GetAsync":
        return "OrderedGet" if ordered else "Get"
    if method in WRITE_METHODS:
        return "OrderedSet" if ordered else "Set"
    if method in ("GetSortedAsync", "BatchGetAsync"):
        return "OrderedGet"
    return method


def request_types(method: str, ordered: bool, model: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(types charged when the request is sent, types charged when a transform's write commits)."""
    if model == LEGACY:
        write = "SetIncrementSortedAsync" if ordered else "SetIncrementAsync"
        legacy: dict[str, tuple[str, ...]] = {
            "GetAsync": ("GetAsync",),
            "BatchGetAsync": ("GetAsync",),
            "SetAsync": (write,),
            "IncrementAsync": (write,),
            "RemoveAsync": (write,),
            "GetSortedAsync": ("GetSortedAsync",),
            "GetVersionAsync": ("GetVersionAsync",),
            "GetVersionAtTimeAsync": ("GetVersionAsync",),
            "ListKeysAsync": ("ListAsync",),
            "ListVersionsAsync": ("ListAsync",),
            "ListDataStoresAsync": ("ListAsync",),
            "RemoveVersionAsync": ("RemoveVersionAsync",),
        }
        if method == "UpdateAsync":
            return ("GetAsync",), (write,)
        return legacy[method], ()
    family = "Ordered" if ordered else "Standard"
    modern: dict[str, tuple[str, ...]] = {
        "GetAsync": (f"{family}Read",),
        "BatchGetAsync": ("OrderedRead",),
        "SetAsync": (f"{family}Write",),
        "IncrementAsync": (f"{family}Write",),
        "RemoveAsync": (f"{family}Remove",),
        "GetSortedAsync": ("OrderedList",),
        "GetVersionAsync": ("StandardRead",),
        "GetVersionAtTimeAsync": ("StandardRead",),
        "ListKeysAsync": ("StandardList",),
        "ListVersionsAsync": ("StandardList",),
        "ListDataStoresAsync": ("StandardList",),
        "RemoveVersionAsync": ("RemoveVersionAsync",),
    }
    if method == "UpdateAsync":
        return (f"{family}Read",), (f"{family}Write",)
    return modern[method], ()


def dropped_error(method: str, model: str, blocking: Charge | None, charged: tuple[str, ...]) -> str:
    """The catalogue name of the error for a request its full queue dropped."""
    if model == LEGACY:
        return _LEGACY_DROPPED[method]
    request_type = blocking.request_type if blocking is not None else (charged[0] if charged else "")
    if request_type == "RemoveVersionAsync" or not request_type:
        return _LEGACY_DROPPED[method]
    level = "Experience" if blocking is not None and blocking.scope == "experience" else "GameServer"
    return f"{request_type}{level}Throttled"
