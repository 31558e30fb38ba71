"""The state the Emulator's parts share, declared once so each part type-checks on its own."""

from __future__ import annotations

import itertools
from collections import deque

from dsm.emulator import seeding
from dsm.emulator.budgets import Budgets
from dsm.emulator.cache import ReadCache
from dsm.emulator.faults import FaultPlan, Faults
from dsm.emulator.operations import Operations
from dsm.emulator.requestlog import RequestLog
from dsm.emulator.service.requests import StoreRef, Ticket
from dsm.emulator.settings import Settings
from dsm.emulator.store import Store
from dsm.emulator.throughput import Throughput


class ServiceState:
    """Attributes only: the Emulator sets them (``__init__`` and each new game server)."""

    store: Store
    persistent: bool
    seed_data: seeding.Seed | None
    default_faults: FaultPlan
    log: RequestLog
    _ids: itertools.count[int]
    settings: Settings
    ops: Operations
    cache: ReadCache
    throughput: Throughput
    budgets: Budgets
    faults: Faults
    api_access: bool
    instances: dict[int, StoreRef]
    _instance_ids: dict[StoreRef, int]
    tickets: dict[int, Ticket]
    queues: dict[str, deque[Ticket]]
