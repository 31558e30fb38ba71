"""A request's way to the server: access checks, the throttle queue, budgets and latency."""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from dsm.emulator import routing
from dsm.emulator.budgets import Charge
from dsm.emulator.errors import EngineError, argument_error, engine_error
from dsm.emulator.requestlog import LogEntry
from dsm.emulator.service.requests import (
    ABANDONED_AFTER,
    IDLE_POLL,
    MIN_QUEUE_WAIT,
    SERVER_FAILURE_VALUES,
    WRITES,
    Request,
    Step,
    Ticket,
    requests_cost,
)
from dsm.emulator.service.state import ServiceState


class Pipeline(ServiceState):
    """Where a prepared request waits, pays and is sent; the bookkeeping of its ticket."""

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
        request.entry.cost += requests_cost(request.charges)
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
