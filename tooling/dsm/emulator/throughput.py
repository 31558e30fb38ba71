"""Per-key throughput limits (EC "Throughput limits"): 25 MB read and 4 MB written per key
per minute, each request rounded up to the next kilobyte.

A key over its limit is throttled: its requests wait in their queue, skipped while
others go ahead, until the minute window has room again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable

from dsm.emulator import catalogue

WINDOW_SECONDS = 60.0
_SWEEP_EVERY = 10_000


class _Window:
    """One key's requests of the last minute, with their running total."""

    __slots__ = ("requests", "used")

    def __init__(self) -> None:
        self.requests: deque[tuple[float, int]] = deque()
        self.used = 0

    def prune(self, now: float) -> None:
        requests = self.requests
        while requests and requests[0][0] <= now - WINDOW_SECONDS:
            self.used -= requests.popleft()[1]


class Throughput:
    def __init__(self) -> None:
        limits = catalogue.load()
        self.unit = limits.limit("throughput_rounding_bytes")
        self.limits = {
            "read": limits.limit("key_read_bytes_per_minute") // self.unit,
            "write": limits.limit("key_write_bytes_per_minute") // self.unit,
        }
        self._windows: dict[tuple[str, Hashable], _Window] = {}
        self._recorded = 0

    def units(self, size: int) -> int:
        """Kilobytes a request of ``size`` bytes counts for (at least one)."""
        return max(1, -(-size // self.unit))

    def _window(self, direction: str, key: Hashable, now: float) -> _Window | None:
        window = self._windows.get((direction, key))
        if window is not None:
            window.prune(now)
        return window

    def wait(self, direction: str, key: Hashable, size: int, now: float) -> float:
        """Seconds until a request of ``size`` bytes fits in the key's window (0: now)."""
        window = self._window(direction, key, now)
        if window is None or not window.requests:
            return 0.0
        limit = self.limits[direction]
        excess = window.used + min(self.units(size), limit) - limit
        if excess <= 0:
            return 0.0
        for time, units in window.requests:
            excess -= units
            if excess <= 0:
                return max(time + WINDOW_SECONDS - now, 0.0)
        return WINDOW_SECONDS

    def last_size(self, direction: str, key: Hashable, now: float) -> int:
        """The size of the key's last request within the window: the estimate for a read
        about to be sent (its size is known only once it returns)."""
        window = self._window(direction, key, now)
        return window.requests[-1][1] * self.unit if window and window.requests else 1

    def record(self, direction: str, key: Hashable, size: int, now: float) -> None:
        window = self._windows.get((direction, key))
        if window is None:
            window = self._windows[(direction, key)] = _Window()
        units = self.units(size)
        window.requests.append((now, units))
        window.used += units
        self._recorded += 1
        if self._recorded % _SWEEP_EVERY == 0:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        stale = [
            name
            for name, window in self._windows.items()
            if not window.requests or window.requests[-1][0] <= now - WINDOW_SECONDS
        ]
        for name in stale:
            del self._windows[name]
