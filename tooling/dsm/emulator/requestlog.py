"""The request log ``dsm.datastore.requestLog()`` returns: every request with its type,
key, cost and outcome, so a test can count requests and see what throttling did."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LogEntry:
    method: str
    store: str
    scope: str
    key: str | None
    time: float
    """Unix seconds (virtual clock) when the request was made."""
    requestType: str = ""
    """The budget(s) charged, ``+``-joined (``GetAsync+SetIncrementAsync``); empty when none."""
    cost: float = 0.0
    """Budget units spent (a cached read or a rejected argument costs 0)."""
    outcome: str = "pending"
    """``ok``, ``cached``, ``cancelled`` (UpdateAsync returned nil) or ``error``."""
    error: str | None = None
    queued: float = 0.0
    """Seconds spent waiting in a throttle queue."""
    latency: float = 0.0
    attempts: int = 0
    """UpdateAsync: how many times the transform ran."""
    faults: list[str] = field(default_factory=list)

    def as_luau(self) -> dict[str, Any]:
        entry = {name: value for name, value in asdict(self).items() if value is not None}
        entry["faults"] = list(self.faults)
        return entry


class RequestLog:
    def __init__(self) -> None:
        self.entries: list[LogEntry] = []

    def add(self, entry: LogEntry) -> LogEntry:
        self.entries.append(entry)
        return entry

    def clear(self) -> None:
        self.entries.clear()
