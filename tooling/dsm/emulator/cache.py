"""The GetAsync cache (§6): per data store instance, 4 seconds, not extended by hits.

A value read from the backend, or written through the same instance, is kept for
``cache_seconds``; GetAsync on a cached key answers from here without budget or
throughput. Two instances (a scoped store and an AllScopes one) have separate caches, so
one can be stale after the other writes, as in Roblox.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Cached:
    result: Any
    expires: float


class ReadCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[tuple[Hashable, str], Cached] = {}

    def get(self, instance: Hashable, key: str, now: float) -> Cached | None:
        found = self._entries.get((instance, key))
        if found is None:
            return None
        if now >= found.expires:
            del self._entries[(instance, key)]
            return None
        return found

    def put(self, instance: Hashable, key: str, result: Any, now: float) -> None:
        """Stores a read or a write's result and restarts the key's timer."""
        if self.seconds > 0:
            self._entries[(instance, key)] = Cached(result, now + self.seconds)

    def clear(self) -> None:
        self._entries.clear()
