"""The emulator: one game server's DataStoreService over one SQLite state.

Every request goes the way Roblox's do (§7.4): arguments are checked first (an error
costs nothing and does not yield), a cached GetAsync answers from the cache, then the
request spends budget or waits in its throttle queue, is sent (with any latency the
faults add), and takes effect. The Luau side drives this with ``begin`` and ``poll``:
each answers with a Step, either "wait this many virtual seconds and poll again", the
result, or, for UpdateAsync, the current value for the transform (``commit`` or
``cancel`` follows). Time is always passed in: Unix seconds on the runtime's clock.

The service is split by stage: ``preparing`` (a call becomes a Request), ``pipeline``
(access, queue, budgets, latency), ``execution`` (the request takes effect) and
``emulator`` (lifecycle and the protocol above); ``requests`` holds what they pass around.
"""

from __future__ import annotations

from dsm.emulator.service.emulator import Emulator
from dsm.emulator.service.requests import (
    ABANDONED_AFTER,
    DEFAULT_MODEL,
    IDLE_POLL,
    KEYED,
    MIN_QUEUE_WAIT,
    SERVER_FAILURE_VALUES,
    SERVICE_INSTANCE,
    WRITES,
    Request,
    Step,
    StoreRef,
    Ticket,
)

__all__ = [
    "ABANDONED_AFTER",
    "DEFAULT_MODEL",
    "IDLE_POLL",
    "KEYED",
    "MIN_QUEUE_WAIT",
    "SERVER_FAILURE_VALUES",
    "SERVICE_INSTANCE",
    "WRITES",
    "Emulator",
    "Request",
    "Step",
    "StoreRef",
    "Ticket",
]
