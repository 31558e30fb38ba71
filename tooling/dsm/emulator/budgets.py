"""Request budgets (§7): the legacy per-server model and the 2026 model, both on virtual time.

A budget is a bucket of requests that refills continuously at its per-minute rate, up to
a cap. Each request type charges one or more buckets; time is always passed in (``now``,
Unix seconds of the runtime's virtual clock), so nothing here reads a real clock.

Legacy (until 2026): per-server buckets keyed by the legacy DataStoreRequestType values,
``60 + 10 x players`` for Get and Set and so on, with the start budgets and 3x cap the
community measured. 2026: per-server buckets keyed by Standard*/Ordered* (configurable
with SetRateLimitForRequestType) plus experience-wide buckets shared with every server.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dsm.emulator import catalogue
from dsm.emulator.errors import EngineError

LEGACY = "legacy"
MODERN = "2026"
MODELS = (LEGACY, MODERN)

LEGACY_TYPES = (
    "GetAsync",
    "SetIncrementAsync",
    "GetSortedAsync",
    "SetIncrementSortedAsync",
    "OnUpdate",
    "GetVersionAsync",
    "ListAsync",
    "RemoveVersionAsync",
)
MODERN_TYPES = (
    "StandardRead",
    "StandardWrite",
    "StandardList",
    "StandardRemove",
    "OrderedRead",
    "OrderedWrite",
    "OrderedList",
    "OrderedRemove",
    "RemoveVersionAsync",
    "OnUpdate",
)
# Experience-wide categories of the 2026 model (shared by all servers and Open Cloud).
EXPERIENCE_TYPES = MODERN_TYPES[:8]

# How a request type of the other model reads in the active one [unverified: Roblox
# documents no mapping; each pair charges the same methods].
TO_MODERN = {
    "GetAsync": "StandardRead",
    "SetIncrementAsync": "StandardWrite",
    "GetSortedAsync": "OrderedList",
    "SetIncrementSortedAsync": "OrderedWrite",
    "GetVersionAsync": "StandardRead",
    "ListAsync": "StandardList",
    "RemoveVersionAsync": "RemoveVersionAsync",
    "OnUpdate": "OnUpdate",
}
TO_LEGACY = {
    "StandardRead": "GetAsync",
    "StandardWrite": "SetIncrementAsync",
    "StandardRemove": "SetIncrementAsync",
    "StandardList": "ListAsync",
    "OrderedRead": "GetAsync",
    "OrderedWrite": "SetIncrementSortedAsync",
    "OrderedRemove": "SetIncrementSortedAsync",
    "OrderedList": "GetSortedAsync",
    "RemoveVersionAsync": "RemoveVersionAsync",
    "OnUpdate": "OnUpdate",
}

# SetRateLimitForRequestType's accepted ranges (R-DSS): (max base, max per player).
RATE_LIMIT_RANGES = {
    "GetAsync": (60, 40),
    "SetIncrementAsync": (60, 40),
    "GetSortedAsync": (5, 2),
    "ListAsync": (5, 2),
    "GetVersionAsync": (5, 2),
    "RemoveVersionAsync": (5, 2),
    "SetIncrementSortedAsync": (30, 5),
}
NOT_CONFIGURABLE = ("UpdateAsync", "OnUpdate")


def _limit(name: str) -> int:
    return catalogue.load().limit(name)


def _default_rates() -> dict[str, tuple[int, int]]:
    """(base, per player) per minute for every server bucket of both models."""
    return {
        "GetAsync": (_limit("legacy_get_base"), _limit("legacy_get_per_player")),
        "SetIncrementAsync": (_limit("legacy_set_base"), _limit("legacy_set_per_player")),
        "GetSortedAsync": (_limit("legacy_sorted_base"), _limit("legacy_sorted_per_player")),
        "SetIncrementSortedAsync": (_limit("legacy_ordered_set_base"), _limit("legacy_ordered_set_per_player")),
        "OnUpdate": (_limit("legacy_on_update_base"), _limit("legacy_on_update_per_player")),
        "GetVersionAsync": (_limit("legacy_version_base"), _limit("legacy_version_per_player")),
        "ListAsync": (_limit("legacy_list_base"), _limit("legacy_list_per_player")),
        "RemoveVersionAsync": (_limit("legacy_remove_version_base"), _limit("legacy_remove_version_per_player")),
        "StandardRead": (_limit("server_read_base"), _limit("server_read_per_player")),
        "StandardWrite": (_limit("server_write_base"), _limit("server_write_per_player")),
        "StandardList": (_limit("server_list_base"), _limit("server_list_per_player")),
        "StandardRemove": (_limit("server_remove_base"), _limit("server_remove_per_player")),
        "OrderedRead": (_limit("server_read_base"), _limit("server_read_per_player")),
        "OrderedWrite": (_limit("server_ordered_write_base"), _limit("server_ordered_write_per_player")),
        "OrderedList": (_limit("server_list_base"), _limit("server_list_per_player")),
        "OrderedRemove": (_limit("server_ordered_write_base"), _limit("server_ordered_write_per_player")),
    }


def _experience_rate(request_type: str, ccu: int) -> float:
    per_ccu = {
        "Read": _limit("experience_read_per_ccu"),
        "Write": _limit("experience_write_per_ccu"),
        "List": _limit("experience_list_per_ccu"),
        "Remove": _limit("experience_remove_per_ccu"),
    }
    category = request_type.removeprefix("Standard").removeprefix("Ordered")
    return float(_limit("experience_base") + per_ccu[category] * ccu)


def _legacy_start(request_type: str) -> float | None:
    names = {
        "GetAsync": "legacy_start_get",
        "SetIncrementAsync": "legacy_start_set",
        "GetSortedAsync": "legacy_start_sorted",
        "SetIncrementSortedAsync": "legacy_start_ordered_set",
        "OnUpdate": "legacy_start_on_update",
    }
    name = names.get(request_type)
    return None if name is None else float(_limit(name))


@dataclass
class Bucket:
    """Requests available now; refills at ``rate`` per minute up to ``cap``."""

    rate: float
    cap: float
    budget: float
    updated: float

    def refill(self, now: float) -> None:
        if now > self.updated:
            self.budget = min(self.cap, self.budget + (now - self.updated) * self.rate / 60.0)
            self.updated = now

    def seconds_until(self, amount: float, now: float) -> float:
        """How long until ``amount`` requests are available (inf when the rate is zero)."""
        self.refill(now)
        missing = amount - self.budget
        if missing <= 0:
            return 0.0
        if self.rate <= 0:
            return math.inf
        return missing * 60.0 / self.rate


@dataclass(frozen=True)
class BudgetOptions:
    model: str = LEGACY
    players: int = 0
    ccu: int | None = None
    start: dict[str, float] = field(default_factory=dict)
    max_factor: float | None = None
    unlimited: bool = False


@dataclass(frozen=True)
class Charge:
    """``amount`` requests from one bucket; ``scope`` is ``server`` or ``experience``."""

    scope: str
    request_type: str
    amount: float


class Budgets:
    def __init__(self, options: BudgetOptions, now: float) -> None:
        if options.model not in MODELS:
            raise EngineError(f'the budget model must be "legacy" or "2026", not {options.model!r}')
        self.options = options
        self.rates = _default_rates()
        self.server: dict[str, Bucket] = {}
        self.experience: dict[str, Bucket] = {}
        self._build(now)

    @property
    def model(self) -> str:
        return self.options.model

    @property
    def unlimited(self) -> bool:
        return self.options.unlimited

    def _cap_factor(self, request_type: str) -> float:
        if self.options.max_factor is not None:
            return self.options.max_factor
        if request_type == "OnUpdate":
            return float(_limit("legacy_max_factor_on_update"))
        return float(_limit("legacy_max_factor"))

    def _server_rate(self, request_type: str) -> float:
        base, per_player = self.rates[request_type]
        return float(base + per_player * self.options.players)

    def _bucket(self, request_type: str, rate: float, now: float, start: float | None) -> Bucket:
        cap = max(rate * self._cap_factor(request_type), 1.0) if rate > 0 else 0.0
        override = self.options.start.get(request_type)
        # Undocumented start budgets begin with one minute's worth [unverified].
        budget = override if override is not None else (start if start is not None else rate)
        return Bucket(rate=rate, cap=max(cap, budget), budget=budget, updated=now)

    def _build(self, now: float) -> None:
        types = LEGACY_TYPES if self.model == LEGACY else MODERN_TYPES
        for request_type in types:
            start = _legacy_start(request_type) if self.model == LEGACY else None
            self.server[request_type] = self._bucket(request_type, self._server_rate(request_type), now, start)
        if self.model == MODERN:
            ccu = self.options.players if self.options.ccu is None else self.options.ccu
            for request_type in EXPERIENCE_TYPES:
                self.experience[request_type] = self._bucket(
                    request_type, _experience_rate(request_type, ccu), now, None
                )

    # Charges -----------------------------------------------------------------------------

    def charges(self, request_types: tuple[str, ...], amount: float = 1.0) -> list[Charge]:
        """What a request of these (active-model) types costs, server and experience."""
        if self.unlimited:
            return []
        found: list[Charge] = []
        for request_type in request_types:
            found.append(Charge("server", request_type, amount))
            if request_type in self.experience:
                found.append(Charge("experience", request_type, amount))
        return found

    def _bucket_for(self, charge: Charge) -> Bucket:
        return (self.server if charge.scope == "server" else self.experience)[charge.request_type]

    def wait_for(self, charges: list[Charge], now: float, ahead: int = 0) -> tuple[float, Charge | None]:
        """Seconds until every charge can be paid with ``ahead`` requests queued in front,
        and the charge that waits longest (None when nothing waits)."""
        longest, blocking = 0.0, None
        for charge in charges:
            bucket = self._bucket_for(charge)
            needed = min(charge.amount, max(bucket.cap, 1.0)) * (ahead + 1)
            seconds = bucket.seconds_until(needed, now)
            if seconds > longest:
                longest, blocking = seconds, charge
        return longest, blocking

    def pay(self, charges: list[Charge], now: float) -> None:
        for charge in charges:
            bucket = self._bucket_for(charge)
            bucket.refill(now)
            bucket.budget -= charge.amount

    # Queries and configuration -----------------------------------------------------------------

    def active_type(self, request_type: str) -> str:
        """The bucket a request type (of either model) reads in the active model."""
        if self.model == LEGACY:
            return TO_LEGACY.get(request_type, request_type)
        return TO_MODERN.get(request_type, request_type)

    def available(self, request_type: str, now: float) -> int:
        """GetRequestBudgetForRequestType: whole requests available now (never below 0)."""
        if request_type == "UpdateAsync":
            read, write = (
                ("GetAsync", "SetIncrementAsync") if self.model == LEGACY else ("StandardRead", "StandardWrite")
            )
            return min(self.available(read, now), self.available(write, now))
        if self.unlimited:
            return 2**31 - 1
        active = self.active_type(request_type)
        buckets = [self.server[active]] if active in self.server else []
        if active in self.experience:
            buckets.append(self.experience[active])
        if not buckets:
            return 0
        for bucket in buckets:
            bucket.refill(now)
        return max(0, math.floor(min(bucket.budget for bucket in buckets) + 1e-9))

    def set_rate_limit(self, request_type: str, base: object, per_player: object, now: float) -> None:
        """SetRateLimitForRequestType: per-server limit = base + per player x players."""
        if request_type in NOT_CONFIGURABLE:
            raise EngineError(f"SetRateLimitForRequestType: the {request_type} limit can't be configured.")
        max_base, max_per_player = RATE_LIMIT_RANGES.get(
            request_type, (_limit("rate_limit_base_max"), _limit("rate_limit_per_player_max"))
        )
        for label, value, maximum in (("baseLimit", base, max_base), ("perPlayerLimit", per_player, max_per_player)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
                raise EngineError(f"SetRateLimitForRequestType: {label} must be an integer.")
            if not 0 <= value <= maximum:
                raise EngineError(
                    f"SetRateLimitForRequestType: {label} for {request_type} must be between 0 and {maximum}."
                )
        active = self.active_type(request_type)
        self.rates[active] = (int(base), int(per_player))  # type: ignore[call-overload]
        bucket = self.server.get(active)
        if bucket is not None:
            bucket.refill(now)
            bucket.rate = self._server_rate(active)
            bucket.cap = max(bucket.rate * self._cap_factor(active), 1.0) if bucket.rate > 0 else 0.0
            bucket.budget = min(bucket.budget, max(bucket.cap, 0.0))
