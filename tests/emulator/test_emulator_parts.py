"""The Emulator is assembled from one class per stage; a method defined in two of them would
silently shadow the other, so each name must belong to exactly one part."""

from __future__ import annotations

from collections import Counter

from dsm.emulator.service import Emulator
from dsm.emulator.service.execution import Execution
from dsm.emulator.service.pipeline import Pipeline
from dsm.emulator.service.preparing import Preparing

PARTS = (Emulator, Execution, Pipeline, Preparing)


def test_each_method_is_defined_by_one_part_only() -> None:
    names = Counter(name for part in PARTS for name, value in vars(part).items() if callable(value))
    assert [name for name, count in names.items() if count > 1] == []


def test_the_emulator_is_made_of_every_part() -> None:
    assert all(issubclass(Emulator, part) for part in PARTS)
