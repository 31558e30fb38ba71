"""The Emulator: the service's lifecycle, its data store objects and the request protocol
(``begin``, ``poll``, ``commit``, ``cancel``) described in ``dsm.emulator.service``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from dsm.emulator import limits, seeding
from dsm.emulator.budgets import BudgetOptions, Budgets
from dsm.emulator.cache import ReadCache
from dsm.emulator.errors import EngineError, argument_error
from dsm.emulator.faults import FaultPlan, Faults
from dsm.emulator.operations import Operations
from dsm.emulator.requestlog import LogEntry, RequestLog
from dsm.emulator.service.execution import Execution
from dsm.emulator.service.preparing import Preparing
from dsm.emulator.service.requests import (
    DEFAULT_MODEL,
    SERVICE_INSTANCE,
    Step,
    StoreRef,
    key_id,
    requests_cost,
    unix_ms,
)
from dsm.emulator.settings import Settings
from dsm.emulator.store import Store
from dsm.emulator.throughput import Throughput


class Emulator(Preparing, Execution):
    """One game server's DataStoreService over one SQLite state."""

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
            seeding.apply(self.ops, self.seed_data, unix_ms(now))

    def _start_server(self, now: float) -> None:
        self.settings = Settings.defaults()
        self.ops = Operations(self.store, self.settings)
        self.cache = ReadCache(self.settings.cache_seconds)
        self.throughput = Throughput()
        self.budgets = Budgets(BudgetOptions(model=DEFAULT_MODEL), now)
        self.faults = Faults(self.default_faults)
        self.api_access = True
        self.log.clear()
        self.instances = {}
        self._instance_ids = {}
        self.tickets = {}
        self.queues = {}

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
        seeding.apply(self.ops, seeding.prepare(data), unix_ms(now))
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
                self.ops.concurrent_write(target, unix_ms(now), written)
            if self.ops.revision(target) != ticket.revision:
                return self._read_for_transform(ticket, now)
            limits.check_value_size(value, self.settings.value_limit)
            ids = "[]" if target.ordered else limits.parse_user_ids(user_ids or "[]", self.settings.max_user_ids)
            meta = "{}" if target.ordered else limits.parse_metadata(metadata or "{}")
            request.entry.cost += requests_cost(request.commit_charges)
            self.budgets.pay(request.commit_charges, now)
            result = self.ops.set(target, value, ids, meta, unix_ms(now))
            self.throughput.record("write", key_id(target), limits.byte_length(value), now)
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
