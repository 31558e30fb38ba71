"""Driving the emulator from Python as the Luau side does: begin, wait, poll."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dsm.emulator.service import Emulator, Step

# A fixed "now" (2023-11-14T22:13:20Z) so version ids and hours are the same on every run.
T0 = 1_700_000_000.0


@dataclass
class Clock:
    now: float = T0

    def advance(self, seconds: float) -> None:
        self.now += seconds


def finish(emulator: Emulator, step: Step, clock: Clock) -> Step:
    """Follows ``wait`` steps, moving the clock as a yielding thread would."""
    while step.kind == "wait":
        clock.advance(step.seconds)
        step = emulator.poll(step.ticket, clock.now)
    return step


def call(emulator: Emulator, method: str, instance: int, clock: Clock, **args: Any) -> tuple[Any, ...]:
    """One request to completion; its result tuple."""
    step = finish(emulator, emulator.begin(method, instance, clock.now, args), clock)
    assert step.kind == "done", step
    return step.result


def set_value(emulator: Emulator, instance: int, clock: Clock, key: str, value: str, **args: Any) -> str:
    result = call(
        emulator,
        "SetAsync",
        instance,
        clock,
        key=key,
        value=value,
        user_ids=args.get("user_ids"),
        metadata=args.get("metadata"),
    )
    return str(result[0])


def get_value(emulator: Emulator, instance: int, clock: Clock, key: str, *, use_cache: bool = False) -> Any:
    return call(emulator, "GetAsync", instance, clock, key=key, use_cache=use_cache)


def fresh(**options: Any) -> tuple[Emulator, Clock]:
    """A reset emulator (no budgets unless asked for) and its clock."""
    emulator = Emulator(**options)
    clock = Clock()
    emulator.reset(clock.now)
    emulator.set_budget_model("2026", {"unlimited": True}, clock.now)
    return emulator, clock
