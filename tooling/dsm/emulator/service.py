"""The emulator: one game server's DataStoreService over one SQLite state.

Every request goes the way Roblox's do (§7.4): arguments are checked first (an error
costs nothing and does not yield), a cached GetAsync answers from the cache, then the
request spends budget or waits in its throttle queue, is sent (with any latency the
faults add), and takes effect. The Luau side drives this with ``begin`` and ``poll``:
each answers with a Step, either "wait this many virtual seconds and poll again", the
result, or, for UpdateAsync, the current value for the transform (``commit`` or
``cancel`` follows). Time is always passed in: Unix seconds on the runtime's clock.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dsm.emulator import arguments, limits, routing, seeding, versions
from dsm.emulator.budgets import BudgetOptions, Budgets, Charge
from dsm.emulator.cache import ReadCache
from dsm.emulator.errors import EngineError, argument_error, engine_error
from dsm.emulator.faults import FaultPlan, Faults
from dsm.emulator.listing import Page, encode_cursor, shorten
from dsm.emulator.operations import NO_VALUE, Operations, Target, ValueResult
from dsm.emulator.requestlog import LogEntry, RequestLog
from dsm.emulator.settings import Settings
from dsm.emulator.store import Store
from dsm.emulator.throughput import Throughput

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


def _requests(charges: list[Charge]) -> float:
    """What a request costs, counted as Roblox counts requests: against the server's budgets
    (the 2026 model charges the experience's budget as well, for the same requests)."""
    return sum(charge.amount for charge in charges if charge.scope == "server")


def _ms(now: float) -> int:
    return versions.unix_ms(now)


class Emulator:
    def __init__(
        self,
        path: Path | None = None,
        *,
        seed: seeding.Seed | dict[str, Any] | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        self.store = Store(path)
        self.persistent = path is not None
        # Checked and encoded once, written at every reset.
        self.seed_data = None if seed is None else seeding.prepare(seed)
        self.default_faults = faults or FaultPlan()
        self.log = RequestLog()
        self._ids = itertools.count(1)
        self._start_server(0.0)

    def close(self) -> None:
        self.store.close()

    # Lifecycle -------------------------------------------------------------------------

    def reset(self, now: float) -> None:
        """A new game server: fresh budgets, caches and faults; in-memory state starts empty.

        A state file keeps its data. The seed (if any) is written again each time.
        """
        if not self.persistent:
            self.store.clear()
        self._start_server(now)
        if self.seed_data is not None:
            seeding.apply(self.ops, self.seed_data, _ms(now))

    def _start_server(self, now: float) -> None:
        self.settings = Settings.defaults()
        self.ops = Operations(self.store, self.settings)
        self.cache = ReadCache(self.settings.cache_seconds)
        self.throughput = Throughput()
        self.budgets = Budgets(BudgetOptions(model=DEFAULT_MODEL), now)
        self.faults = Faults(self.default_faults)
        self.api_access = True
        self.log.clear()
        self.instances: dict[int, StoreRef] = {}
        self._instance_ids: dict[StoreRef, int] = {}
        self.tickets: dict[int, Ticket] = {}
        self.queues: dict[str, deque[Ticket]] = {}

    def configure(self, options: dict[str, Any]) -> dict[str, Any]:
        self.settings = self.settings.configured(options)
        self.ops.settings = self.settings
        self.cache.seconds = self.settings.cache_seconds
        return self.settings.as_options()

    def set_budget_model(self, model: str, options: dict[str, Any], now: float) -> None:
        known = {"players", "ccu", "startBudgets", "maxBudgetFactor", "unlimited"}
        unknown = set(options) - known
        if unknown:
            raise EngineError(
                f"dsm.datastore.setBudgetModel: unknown option {', '.join(sorted(unknown))} "
                f"(options: {', '.join(sorted(known))})"
            )
        players, ccu = options.get("players", 0), options.get("ccu")
        for label, value in (("players", players), ("ccu", ccu)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
                raise EngineError(f"dsm.datastore.setBudgetModel: {label} must be a whole number >= 0")
        start = options.get("startBudgets") or {}
        if not isinstance(start, dict) or not all(
            isinstance(value, int | float) and not isinstance(value, bool) for value in start.values()
        ):
            raise EngineError("dsm.datastore.setBudgetModel: startBudgets must map request type names to numbers")
        factor = options.get("maxBudgetFactor")
        if factor is not None and (not isinstance(factor, int | float) or factor <= 0):
            raise EngineError("dsm.datastore.setBudgetModel: maxBudgetFactor must be a number > 0")
        self.budgets = Budgets(
            BudgetOptions(
                model=model,
                players=int(players),
                ccu=None if ccu is None else int(ccu),
                start={str(name): float(value) for name, value in start.items()},
                max_factor=None if factor is None else float(factor),
                unlimited=bool(options.get("unlimited", False)),
            ),
            now,
        )

    def inject(self, plan: FaultPlan) -> None:
        self.faults = Faults(plan)

    def export(self) -> dict[str, Any]:
        return seeding.export(self.ops)

    def seed(self, data: seeding.Seed | dict[str, Any], now: float) -> None:
        seeding.apply(self.ops, seeding.prepare(data), _ms(now))
        self.cache.clear()

    # Data store objects -----------------------------------------------------------------

    def open(self, ordered: bool, name: str, scope: str, all_scopes: bool, *, global_store: bool = False) -> int:
        """The id of the data store object GetDataStore / GetOrderedDataStore returns."""
        if not global_store:
            limits.check_store_name(name)
        if all_scopes:
            if scope != "":
                raise argument_error("DataStoreOptions.AllScopes requires the scope argument to be an empty string.")
        else:
            scope = scope or limits.DEFAULT_SCOPE
            limits.check_scope(scope)
        ref = StoreRef(ordered, name, scope, all_scopes)
        existing = self._instance_ids.get(ref)
        if existing is not None:
            return existing
        instance = len(self.instances) + 1
        self.instances[instance] = ref
        self._instance_ids[ref] = instance
        return instance

    # Budgets -----------------------------------------------------------------------------

    def budget(self, request_type: str, now: float) -> int:
        return self.budgets.available(request_type, now)

    def set_rate_limit(self, request_type: str, base: object, per_player: object, now: float) -> None:
        self.budgets.set_rate_limit(request_type, base, per_player, now)

    # Requests ----------------------------------------------------------------------------

    def begin(self, method: str, instance: int, now: float, args: dict[str, Any]) -> Step:
        """Checks and sends a request; see the module docstring for the protocol."""
        ref = self.instances.get(instance) if instance != SERVICE_INSTANCE else StoreRef(False, "", "", False)
        if ref is None:
            raise argument_error("the data store object is no longer valid (the runtime was reset)")
        key = args.get("key")
        entry = self.log.add(LogEntry(method, ref.name, ref.scope, key if isinstance(key, str) else None, now))
        try:
            request = self._prepare(method, ref, instance, args, entry=entry, now=now)
            self._check_access(request)
            if method == "GetAsync" and args.get("use_cache", True):
                cached = self.cache.get(instance, request.cache_key or "", now)
                if cached is not None:
                    entry.outcome = "cached"
                    return Step("done", result=cached.result)
            if self.faults.throttled(method, ref.name, request.cache_key):
                entry.faults.append("throttle")
                raise self._dropped(request, None)
            return self._send(request, now)
        except EngineError as error:
            self._fail(entry, error)
            raise

    def poll(self, ticket_id: int, now: float) -> Step:
        ticket = self._ticket(ticket_id)
        try:
            if ticket.state == "queued":
                wait = self._try_admit(ticket, now)
                if wait is not None:
                    return Step("wait", ticket.id, wait)
            if now + 1e-9 < ticket.ready_at:
                return Step("wait", ticket.id, ticket.ready_at - now)
            return self._execute(ticket, now)
        except EngineError as error:
            self._forget(ticket)
            self._fail(ticket.request.entry, error)
            raise

    def commit(self, ticket_id: int, now: float, value: str, user_ids: str | None, metadata: str | None) -> Step:
        """UpdateAsync: write the transform's result, unless another writer came first."""
        ticket = self._ticket(ticket_id)
        request = ticket.request
        target = request.target
        assert target is not None
        try:
            if ticket.state != "transform":
                raise argument_error("UpdateAsync: this request is not waiting for its transform")
            conflict, written = self.faults.conflict(target.store, request.cache_key)
            if conflict:
                request.entry.faults.append("conflict")
                self.ops.concurrent_write(target, _ms(now), written)
            if self.ops.revision(target) != ticket.revision:
                return self._read_for_transform(ticket, now)
            limits.check_value_size(value, self.settings.value_limit)
            ids = "[]" if target.ordered else limits.parse_user_ids(user_ids or "[]", self.settings.max_user_ids)
            meta = "{}" if target.ordered else limits.parse_metadata(metadata or "{}")
            request.entry.cost += _requests(request.commit_charges)
            self.budgets.pay(request.commit_charges, now)
            result = self.ops.set(target, value, ids, meta, _ms(now))
            self.throughput.record("write", self._key_id(target), limits.byte_length(value), now)
            self._after_write(request)
            self.cache.put(request.instance, request.cache_key or "", result, now)
            return self._finish(ticket, result)
        except EngineError as error:
            self._forget(ticket)
            self._fail(request.entry, error)
            raise

    def cancel(self, ticket_id: int, error: str | None = None) -> None:
        """UpdateAsync: the transform returned nil (or raised ``error``); nothing is written."""
        ticket = self._ticket(ticket_id)
        self._forget(ticket)
        if error is None:
            ticket.request.entry.outcome = "cancelled"
        else:
            self._fail(ticket.request.entry, EngineError(error))

    # The pipeline ------------------------------------------------------------------------

    def _ticket(self, ticket_id: int) -> Ticket:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise argument_error("this data store request is no longer pending (the runtime was reset)")
        return ticket

    def _forget(self, ticket: Ticket) -> None:
        self.tickets.pop(ticket.id, None)
        queue = self.queues.get(ticket.request.queue)
        if queue is not None and ticket in queue:
            queue.remove(ticket)

    @staticmethod
    def _fail(entry: LogEntry, error: EngineError) -> None:
        entry.outcome = "error"
        entry.error = error.message

    def _check_access(self, request: Request) -> None:
        if self.api_access:
            return
        if request.method in WRITES:
            raise engine_error("StudioAccessToApisNotAllowed")
        # Reads without access fail as the service rejects them [community].
        raise engine_error("RequestRejected", error="HTTP 403 (Forbidden)")

    def _dropped(self, request: Request, blocking: Charge | None) -> EngineError:
        charged = tuple(charge.request_type for charge in request.charges)
        name = routing.dropped_error(request.method, self.budgets.model, blocking, charged)
        return engine_error(name)

    def _send(self, request: Request, now: float) -> Step:
        ticket = Ticket(next(self._ids), request, enqueued=now)
        self.tickets[ticket.id] = ticket
        queue = self.queues.setdefault(request.queue, deque())
        if not queue:
            wait, _ = self._waits(request, now, 0)
            if wait <= 0:
                self._admit(ticket, now)
                return Step("wait", ticket.id, ticket.ready_at - now)
        if len(queue) >= self.settings.queue_size:
            self.tickets.pop(ticket.id)
            _, blocking = self.budgets.wait_for(request.charges + request.commit_charges, now)
            raise self._dropped(request, blocking)
        queue.append(ticket)
        queued = self._try_admit(ticket, now)
        if queued is None:
            return Step("wait", ticket.id, max(ticket.ready_at - now, 0.0))
        return Step("wait", ticket.id, queued)

    def _waits(self, request: Request, now: float, ahead: int) -> tuple[float, Charge | None]:
        """Seconds until the request could go (budgets and its key's throughput)."""
        wait, blocking = self.budgets.wait_for(request.charges + request.commit_charges, now, ahead)
        if request.throughput is not None:
            direction, key, size = request.throughput
            wait = max(wait, self.throughput.wait(direction, key, size, now))
        return wait, blocking

    def _try_admit(self, ticket: Ticket, now: float) -> float | None:
        """Admits a queued request when it is first in line and can pay; else how long to wait."""
        queue = self.queues[ticket.request.queue]
        while queue and queue[0] is not ticket and queue[0].next_poll + ABANDONED_AFTER < now:
            abandoned = queue.popleft()
            self.tickets.pop(abandoned.id, None)
        ahead = 0
        for other in queue:
            if other is ticket:
                break
            # A request whose key is throttled stays in line but is skipped (EC).
            if not self._key_throttled(other.request, now):
                ahead += 1
        wait, _ = self._waits(ticket.request, now, ahead)
        if ahead == 0 and wait <= 0:
            queue.remove(ticket)
            ticket.request.entry.queued = now - ticket.enqueued
            self._admit(ticket, now)
            return None
        wait = IDLE_POLL if math.isinf(wait) else max(wait, MIN_QUEUE_WAIT)
        ticket.next_poll = now + wait
        return wait

    def _key_throttled(self, request: Request, now: float) -> bool:
        if request.throughput is None:
            return False
        direction, key, size = request.throughput
        return self.throughput.wait(direction, key, size, now) > 0

    def _admit(self, ticket: Ticket, now: float) -> None:
        request = ticket.request
        self.budgets.pay(request.charges, now)
        request.entry.cost += _requests(request.charges)
        latency = self.faults.latency(request.method, request.ref.name, request.cache_key)
        if latency > 0:
            request.entry.faults.append("latency")
        request.entry.latency = latency
        ticket.state = "sent"
        ticket.ready_at = now + latency

    def _finish(self, ticket: Ticket, result: tuple[Any, ...]) -> Step:
        self._forget(ticket)
        ticket.request.entry.outcome = "ok"
        return Step("done", ticket.id, result=result)

    def _after_write(self, request: Request) -> None:
        """A write took effect; the ghostwrite fault reports it failed anyway."""
        target = request.target
        name = self.faults.ghost_write(
            request.method, request.ref.name, request.cache_key, target is not None and target.ordered
        )
        if name is not None:
            request.entry.faults.append("ghostwrite")
            raise engine_error(name, **SERVER_FAILURE_VALUES)

    def _execute(self, ticket: Ticket, now: float) -> Step:
        request = ticket.request
        failure = self.faults.server_error(request.method, request.ref.name, request.cache_key, request.ref.ordered)
        if failure is not None:
            request.entry.faults.append("error")
            raise engine_error(failure, **SERVER_FAILURE_VALUES)
        if request.method == "UpdateAsync":
            return self._read_for_transform(ticket, now)
        result = self._run(request, now)
        return self._finish(ticket, result)

    def _read_for_transform(self, ticket: Ticket, now: float) -> Step:
        request = ticket.request
        target = request.target
        assert target is not None
        ticket.revision = self.ops.revision(target)
        result = self.ops.get(target, _ms(now))
        self.throughput.record("read", self._key_id(target), limits.byte_length(result[0] or ""), now)
        ticket.state = "transform"
        request.entry.attempts += 1
        return Step("read", ticket.id, result=result)

    @staticmethod
    def _key_id(target: Target) -> Hashable:
        return (target.ordered, target.store, target.scope, target.key)

    def _run(self, request: Request, now: float) -> tuple[Any, ...]:
        method = request.method
        if method in ("ListKeysAsync", "ListDataStoresAsync", "ListVersionsAsync", "GetSortedAsync"):
            return self._run_listing(request, _ms(now))
        if method == "BatchGetAsync":
            return (self.ops.batch_get(request.ref.name, request.args["scope"], request.args["keys"]),)
        if method in WRITES:
            return self._run_write(request, now)
        return self._run_read(request, now)

    def _run_read(self, request: Request, now: float) -> ValueResult:
        method, args, target, now_ms = request.method, request.args, request.target, _ms(now)
        assert target is not None
        if method == "GetVersionAsync":
            return self.ops.get_version(target, args["version"], now_ms)
        if method == "GetVersionAtTimeAsync":
            return self.ops.get_version_at(target, args["timestamp"], now_ms)
        result = self.ops.get(target, now_ms)
        self.throughput.record("read", self._key_id(target), limits.byte_length(result[0] or ""), now)
        self.cache.put(request.instance, request.cache_key or "", result, now)
        return result

    def _run_write(self, request: Request, now: float) -> tuple[Any, ...]:
        method, args, target, now_ms = request.method, request.args, request.target, _ms(now)
        assert target is not None
        key_id = self._key_id(target)
        result: ValueResult
        if method == "RemoveVersionAsync":
            self.ops.remove_version(target, args["version"], now_ms)
            self._after_write(request)
            return ()
        if method == "SetAsync":
            result = self.ops.set(target, args["value"], args["user_ids"], args["metadata"], now_ms)
            self.throughput.record("write", key_id, limits.byte_length(args["value"]), now)
        elif method == "IncrementAsync":
            result = self.ops.increment(target, args["delta"], args["user_ids"], args["metadata"], now_ms)
            self.throughput.record("write", key_id, limits.byte_length(result[0] or ""), now)
        else:  # RemoveAsync
            result = self.ops.remove(target, now_ms)
            self.throughput.record("write", key_id, 1, now)
        # A write reported as failed leaves the cache as it was: the server saw no success.
        self._after_write(request)
        self.cache.put(request.instance, request.cache_key or "", result if method != "RemoveAsync" else NO_VALUE, now)
        return (result[1],) if method == "SetAsync" else result

    def _run_listing(self, request: Request, now_ms: int) -> tuple[Any, ...]:
        method, args, target, ref = request.method, request.args, request.target, request.ref
        cursor, size = args["cursor"], args["page_size"]
        page: Page
        if method == "ListKeysAsync":
            scope = None if ref.all_scopes else ref.scope
            page = self.ops.list_keys(
                ref.name,
                scope,
                prefix=args["prefix"],
                cursor=cursor,
                size=size,
                exclude_deleted=args["exclude_deleted"],
                now_ms=now_ms,
            )
            kind = "k"

            def position(name: str) -> list[str]:
                return name.split("/", 1) if scope is None else [ref.scope, name]

        elif method == "ListDataStoresAsync":
            page = self.ops.list_datastores(args["prefix"], cursor, size)
            kind = "d"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[0]]

        elif method == "ListVersionsAsync":
            assert target is not None
            page = self.ops.list_versions(
                target,
                cursor=cursor,
                size=size,
                ascending=args["ascending"],
                min_ms=args["min_ms"],
                max_ms=args["max_ms"],
                now_ms=now_ms,
            )
            kind = "v"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[1], item[3]]

        else:
            assert target is not None
            page = self.ops.sorted(
                target,
                cursor=cursor,
                size=size,
                ascending=args["ascending"],
                minimum=args["minimum"],
                maximum=args["maximum"],
            )
            kind = "o"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[1], item[0]]

        keep = self.faults.short_page(method, ref.name, request.cache_key, len(page.items))
        if keep is not None:
            request.entry.faults.append("shortpage")
            page = shorten(page, keep, position, kind, cursor or encode_cursor(kind, None))
        return (page.items, page.cursor)

    # Preparing requests ------------------------------------------------------------------

    def _resolve(self, ref: StoreRef, key: object) -> tuple[Target, str]:
        if not isinstance(key, str):
            raise argument_error("Argument 1 missing or nil")
        if ref.all_scopes:
            scope, name = limits.split_all_scopes_key(key)
        else:
            limits.check_key(key)
            scope, name = ref.scope, key
        return Target(ref.ordered, ref.name, scope, name), key

    def _prepare(
        self, method: str, ref: StoreRef, instance: int, args: dict[str, Any], *, entry: LogEntry, now: float
    ) -> Request:
        target: Target | None = None
        cache_key: str | None = None
        if method in KEYED:
            target, cache_key = self._resolve(ref, args.get("key"))
            entry.scope = target.scope
        elif method == "GetSortedAsync":
            target = Target(True, ref.name, ref.scope, "")
        request = Request(
            method, ref, instance, target, cache_key, dict(args), entry, routing.queue_name(method, ref.ordered)
        )
        arguments.check(method, request.args, ordered=ref.ordered, scope=ref.scope, settings=self.settings, now=now)
        if method == "BatchGetAsync":
            request.cache_key = None
        first, commit = routing.request_types(method, ref.ordered, self.budgets.model)
        amount = float(len(request.args["keys"])) if method == "BatchGetAsync" else 1.0
        request.charges = self.budgets.charges(first, amount)
        request.commit_charges = self.budgets.charges(commit)
        entry.requestType = "+".join((*first, *commit)) if request.charges or request.commit_charges else ""
        if target is not None and method in ("GetAsync", "UpdateAsync", "GetVersionAsync", "GetVersionAtTimeAsync"):
            key_id = self._key_id(target)
            request.throughput = ("read", key_id, self.throughput.last_size("read", key_id, now))
        elif target is not None and method in ("SetAsync", "IncrementAsync", "RemoveAsync"):
            request.throughput = ("write", self._key_id(target), limits.byte_length(request.args.get("value") or ""))
        return request
