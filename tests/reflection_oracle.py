"""rbx-dom's reflection database, the oracle the reflection tests compare ours with, and our facts file."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from conftest import SHARED
from dsm import reflection

ORACLE = SHARED / "reference" / "rbx-dom" / "database.json"
FACTS = Path(reflection.__file__).parent / "facts.toml"


@cache
def oracle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ORACLE.read_text(encoding="utf-8"))
    return data


def oracle_chain(name: str) -> list[str]:
    """``name`` and its superclasses up to the root, as the oracle has them."""
    chain = []
    current: str | None = name
    while current is not None:
        chain.append(current)
        current = oracle()["Classes"][current]["Superclass"]
    return chain
