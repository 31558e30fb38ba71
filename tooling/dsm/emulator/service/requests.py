"""What the service passes around: a store object's identity, a request, its ticket and the
Step that tells the Luau side what to do next; plus the constants the pipeline runs by."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from dsm.emulator import versions
from dsm.emulator.budgets import Charge
from dsm.emulator.operations import Target
from dsm.emulator.requestlog import LogEntry

DEFAULT_MODEL = "2026"
# A queued request that has not asked again this long after it was due is taken to be
# abandoned (its thread was cancelled) and leaves the queue.
ABANDONED_AFTER = 1.0
# The shortest wait for a request that is not first in line: a frame, so time moves.
MIN_QUEUE_WAIT = 1 / 60
# Ask again at least this often while a budget cannot refill (a zero rate).
IDLE_POLL = 60.0
SERVICE_INSTANCE = 0
WRITES = frozenset(("SetAsync", "IncrementAsync", "UpdateAsync", "RemoveAsync", "RemoveVersionAsync"))
KEYED = frozenset(
    (
        "GetAsync",
        "SetAsync",
        "IncrementAsync",
        "UpdateAsync",
        "RemoveAsync",
        "GetVersionAsync",
        "GetVersionAtTimeAsync",
        "RemoveVersionAsync",
        "ListVersionsAsync",
    )
)
SERVER_FAILURE_VALUES = {"error": "HTTP 500 (Internal Server Error)"}


@dataclass(frozen=True)
class StoreRef:
    """One data store object a script holds (GetDataStore's identity: kind, name, scope, AllScopes)."""

    ordered: bool
    name: str
    scope: str
    all_scopes: bool


@dataclass
class Step:
    """What the Luau side does next: ``wait`` then poll, ``done`` (result), or ``read`` (run the transform)."""

    kind: str
    ticket: int = 0
    seconds: float = 0.0
    result: tuple[Any, ...] = ()


@dataclass
class Request:
    method: str
    ref: StoreRef
    instance: int
    target: Target | None
    cache_key: str | None
    args: dict[str, Any]
    entry: LogEntry
    queue: str
    charges: list[Charge] = field(default_factory=list)
    commit_charges: list[Charge] = field(default_factory=list)
    throughput: tuple[str, Hashable, int] | None = None


@dataclass
class Ticket:
    id: int
    request: Request
    state: str = "queued"
    """``queued``, ``sent`` (admitted, waiting out its latency) or ``transform``."""
    enqueued: float = 0.0
    next_poll: float = 0.0
    ready_at: float = 0.0
    revision: int = 0


def requests_cost(charges: list[Charge]) -> float:
    """What a request costs, counted as Roblox counts requests: against the server's budgets
    (the 2026 model charges the experience's budget as well, for the same requests)."""
    return sum(charge.amount for charge in charges if charge.scope == "server")


def unix_ms(now: float) -> int:
    return versions.unix_ms(now)


def key_id(target: Target) -> Hashable:
    """One key's identity for the per-key throughput limits."""
    return (target.ordered, target.store, target.scope, target.key)
