"""Faults on demand: the ``--faults`` spec and ``dsm.datastore.inject``.

A spec is clauses separated by ``;``. Each clause is a fault kind, optionally followed by
``:`` and comma-separated ``option=value`` pairs; ``seed=N`` seeds the random choices so
a run repeats exactly::

    seed=7; error:p=0.1,code=503; latency:dist=uniform,min=0.2,max=0.5
    conflict:times=1,methods=UpdateAsync; ghostwrite:p=0.5,key=Player_*

Kinds (see docs/emulator.md):

- ``throttle``   the request is dropped as if its throttle queue were full (301-306, or
                 the 2026 model's *Throttled errors).
- ``error``      the request fails with a server error after it was sent (budget spent,
                 nothing written); ``code=`` picks one (501, 502, 503, 504, 505, 404,
                 InternalServerError, ...), otherwise one of the 5xx family at random.
- ``latency``    the request takes this long (virtual seconds): ``dist=fixed`` with
                 ``value=``, ``uniform`` with ``min=``/``max=``, ``normal`` with
                 ``mean=``/``sd=``, ``exponential`` with ``mean=``.
- ``ghostwrite`` a write is applied but reported as failed (default 504/505: "request was
                 successful but the response wasn't formatted correctly").
- ``conflict``   another game server writes the key between UpdateAsync's read and its
                 commit, so the transform runs again; ``value=`` (JSON, or text) is what
                 it writes, otherwise it writes the value the key already holds.
- ``shortpage``  a listing page comes back shorter than asked (possibly empty) with a
                 cursor to continue, as a page that read one partition does.

Options every kind takes: ``p`` (probability, default 1), ``times`` (fire at most N
times), ``methods`` (``|``-separated method names), ``key`` and ``store`` (globs).
"""

from __future__ import annotations

import difflib
import fnmatch
import random
from dataclasses import dataclass, field, replace
from typing import Any

from dsm.emulator import catalogue, luaujson
from dsm.emulator.errors import EngineError

KINDS = ("throttle", "error", "latency", "ghostwrite", "conflict", "shortpage")
METHODS = (
    "GetAsync",
    "SetAsync",
    "UpdateAsync",
    "IncrementAsync",
    "RemoveAsync",
    "GetVersionAsync",
    "GetVersionAtTimeAsync",
    "ListVersionsAsync",
    "RemoveVersionAsync",
    "ListKeysAsync",
    "ListDataStoresAsync",
    "GetSortedAsync",
    "BatchGetAsync",
)
WRITE_METHODS = frozenset(("SetAsync", "UpdateAsync", "IncrementAsync", "RemoveAsync", "RemoveVersionAsync"))
LIST_METHODS = frozenset(("ListKeysAsync", "ListDataStoresAsync", "ListVersionsAsync", "GetSortedAsync"))
DISTRIBUTIONS = ("fixed", "uniform", "normal", "exponential")
_COMMON = ("p", "times", "methods", "key", "store")
_OPTIONS = {
    "throttle": _COMMON,
    "error": (*_COMMON, "code"),
    "latency": (*_COMMON, "dist", "value", "min", "max", "mean", "sd"),
    "ghostwrite": (*_COMMON, "code"),
    "conflict": (*_COMMON, "value"),
    "shortpage": _COMMON,
}
# Categories a fault may raise: what a sent request can meet, never a bad argument.
_RAISABLE = frozenset(("server", "not_found", "throttle", "budget", "shutdown", "access"))
STANDARD_SERVER_ERRORS = ("InternalError501", "RequestRejected", "InternalError503", "InternalError504")
ORDERED_SERVER_ERRORS = ("InternalError404", "InternalError501", "RequestRejected", "InternalError505")


class FaultSpecError(EngineError):
    """A spec that does not parse; the message names the clause and what to fix."""


@dataclass
class Rule:
    kind: str
    probability: float = 1.0
    times: int | None = None
    methods: frozenset[str] | None = None
    key: str | None = None
    store: str | None = None
    error: str | None = None
    distribution: str = "fixed"
    numbers: dict[str, float] = field(default_factory=dict)
    write: str | None = None
    """conflict: the value (JSON text) the other server writes; None rewrites the current one."""
    fired: int = 0

    def matches(self, method: str, store: str, key: str | None) -> bool:
        if self.times is not None and self.fired >= self.times:
            return False
        if self.methods is not None and method not in self.methods:
            return False
        if self.store is not None and not fnmatch.fnmatchcase(store, self.store):
            return False
        return self.key is None or (key is not None and fnmatch.fnmatchcase(key, self.key))


@dataclass
class FaultPlan:
    rules: list[Rule] = field(default_factory=list)
    seed: int | None = None

    def copy(self) -> FaultPlan:
        return FaultPlan([replace(rule, fired=0) for rule in self.rules], self.seed)


def parse(spec: str) -> FaultPlan:
    """A plan from spec text; FaultSpecError names the clause that is wrong."""
    plan = FaultPlan()
    for index, raw in enumerate(spec.split(";"), start=1):
        clause = raw.strip()
        if not clause:
            continue
        if clause.startswith("seed="):
            plan.seed = _integer(clause.removeprefix("seed="), f"clause {index} ({clause!r}): seed")
            continue
        kind, _, option_text = clause.partition(":")
        options: dict[str, str] = {}
        for pair in option_text.split(","):
            if not pair.strip():
                continue
            name, equals, value = pair.partition("=")
            if not equals:
                raise FaultSpecError(
                    f"faults: clause {index} ({clause!r}): {pair.strip()!r} needs the form option=value"
                )
            options[name.strip()] = value.strip()
        plan.rules.append(rule_from(kind.strip(), options, f"faults: clause {index} ({clause!r})"))
    return plan


def from_table(entries: list[dict[str, Any]]) -> FaultPlan:
    """A plan from Luau tables: ``{ {kind = "error", p = 0.5, code = 503}, { seed = 7 } }``."""
    plan = FaultPlan()
    for index, entry in enumerate(entries, start=1):
        where = f"dsm.datastore.inject: fault {index}"
        if not isinstance(entry, dict):
            raise FaultSpecError(f'{where} must be a table like {{ kind = "error", p = 0.1 }}')
        if set(entry) == {"seed"}:
            plan.seed = _integer(str(entry["seed"]), f"{where}: seed")
            continue
        kind = str(entry.get("kind", ""))
        written = entry.get("value") if kind == "conflict" else None
        options = {
            str(name): _option_text(value)
            for name, value in entry.items()
            if name != "kind" and not (kind == "conflict" and name == "value")
        }
        rule = rule_from(kind, options, where)
        if written is not None:
            rule.write = luaujson.encode(written)
        plan.rules.append(rule)
    return plan


def _option_text(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rule_from(kind: str, options: dict[str, str], where: str) -> Rule:
    if kind not in KINDS:
        guess = difflib.get_close_matches(kind, KINDS, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else f" (kinds: {', '.join(KINDS)})"
        raise FaultSpecError(f"{where}: unknown fault {kind!r}{hint}")
    rule = Rule(kind)
    for name, value in options.items():
        if name not in _OPTIONS[kind]:
            raise FaultSpecError(f"{where}: {kind} takes no option {name!r} (options: {', '.join(_OPTIONS[kind])})")
        _apply(rule, name, value, f"{where}: {name}")
    if kind == "latency":
        _check_latency(rule, where)
    return rule


def _apply(rule: Rule, name: str, value: str, where: str) -> None:
    if name in ("p", "times", "methods", "key", "store"):
        _apply_filter(rule, name, value, where)
    elif name == "value" and rule.kind == "conflict":
        try:
            rule.write = luaujson.encode(luaujson.decode(value))
        except ValueError:
            rule.write = luaujson.encode(value)
    elif name == "code":
        rule.error = _error_name(value, where)
    elif name == "dist":
        if value not in DISTRIBUTIONS:
            raise FaultSpecError(f"{where} must be one of {', '.join(DISTRIBUTIONS)}, not {value!r}")
        rule.distribution = value
    else:
        number = _number(value, where)
        if number < 0:
            raise FaultSpecError(f"{where} must be >= 0, not {value}")
        rule.numbers[name] = number


def _apply_filter(rule: Rule, name: str, value: str, where: str) -> None:
    """The options every kind takes: how often it fires and which requests it picks."""
    if name == "p":
        rule.probability = _number(value, where)
        if not 0 <= rule.probability <= 1:
            raise FaultSpecError(f"{where} must be between 0 and 1, not {value}")
    elif name == "times":
        rule.times = _integer(value, where)
    elif name == "methods":
        methods = frozenset(part.strip() for part in value.split("|") if part.strip())
        unknown = sorted(methods - set(METHODS))
        if unknown or not methods:
            raise FaultSpecError(
                f"{where}: unknown method {', '.join(unknown) or '(none)'} (methods: {', '.join(METHODS)})"
            )
        rule.methods = methods
    else:
        setattr(rule, name, value)


def _check_latency(rule: Rule, where: str) -> None:
    needs = {"fixed": ("value",), "uniform": ("min", "max"), "normal": ("mean", "sd"), "exponential": ("mean",)}
    if rule.distribution == "fixed" and "value" not in rule.numbers and "mean" in rule.numbers:
        rule.numbers["value"] = rule.numbers["mean"]
    missing = [name for name in needs[rule.distribution] if name not in rule.numbers]
    if missing:
        raise FaultSpecError(f"{where}: latency dist={rule.distribution} needs {', '.join(missing)}")
    if rule.distribution == "uniform" and rule.numbers["min"] > rule.numbers["max"]:
        raise FaultSpecError(f"{where}: latency min must not be above max")


def _number(value: str, where: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise FaultSpecError(f"{where} must be a number, not {value!r}") from None


def _integer(value: str, where: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise FaultSpecError(f"{where} must be a whole number, not {value!r}") from None
    if number < 0:
        raise FaultSpecError(f"{where} must be >= 0, not {value}")
    return number


def _error_name(value: str, where: str) -> str:
    errors = catalogue.load()
    if value.isdigit():
        entries = [entry for entry in errors.by_code(int(value)) if entry.category in _RAISABLE]
    else:
        try:
            entries = [errors.error(value)]
        except KeyError:
            entries = []
        entries = [entry for entry in entries if entry.category in _RAISABLE]
    if not entries:
        raise FaultSpecError(f"{where}: {value!r} is not a server, throttle or access error of the catalogue")
    return entries[0].name


class Faults:
    """Decides, request by request, which faults of the plan fire (seeded, reproducible)."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan.copy() if plan else FaultPlan()
        self.random = random.Random(self.plan.seed)

    def _fire(self, kind: str, method: str, store: str, key: str | None) -> Rule | None:
        for rule in self.plan.rules:
            if rule.kind == kind and rule.matches(method, store, key) and self.random.random() < rule.probability:
                rule.fired += 1
                return rule
        return None

    def latency(self, method: str, store: str, key: str | None) -> float:
        rule = self._fire("latency", method, store, key)
        if rule is None:
            return 0.0
        numbers, distribution = rule.numbers, rule.distribution
        if distribution == "uniform":
            return self.random.uniform(numbers["min"], numbers["max"])
        if distribution == "normal":
            return max(0.0, self.random.gauss(numbers["mean"], numbers["sd"]))
        if distribution == "exponential":
            return self.random.expovariate(1 / numbers["mean"]) if numbers["mean"] > 0 else 0.0
        return numbers["value"]

    def throttled(self, method: str, store: str, key: str | None) -> bool:
        return self._fire("throttle", method, store, key) is not None

    def server_error(self, method: str, store: str, key: str | None, ordered: bool) -> str | None:
        """The catalogue name of an injected failure before the request took effect."""
        rule = self._fire("error", method, store, key)
        if rule is None:
            return None
        return rule.error or self.random.choice(ORDERED_SERVER_ERRORS if ordered else STANDARD_SERVER_ERRORS)

    def ghost_write(self, method: str, store: str, key: str | None, ordered: bool) -> str | None:
        """The error to report for a write that did take effect."""
        if method not in WRITE_METHODS:
            return None
        rule = self._fire("ghostwrite", method, store, key)
        if rule is None:
            return None
        return rule.error or ("InternalError505" if ordered else "InternalError504")

    def conflict(self, store: str, key: str | None) -> tuple[bool, str | None]:
        """Whether another server writes the key now, and what (None: what it holds)."""
        rule = self._fire("conflict", "UpdateAsync", store, key)
        return (rule is not None, None if rule is None else rule.write)

    def short_page(self, method: str, store: str, key: str | None, size: int) -> int | None:
        """How many of a page's ``size`` items to keep, when the page comes back short."""
        if method not in LIST_METHODS or size == 0:
            return None
        if self._fire("shortpage", method, store, key) is None:
            return None
        return self.random.randrange(0, size)
