"""Running Luau specs (``*.spec.luau``): shared by ``dsm test`` and the pytest plugin.

One ``SpecSession`` owns one runtime. Each spec file starts from a fresh DataModel with the
project mounted again, so files never see each other's state; the VM and the compiled shim
are reused, which keeps a suite of hundreds of tests fast.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from dsm.dom.instance import Instance
from dsm.runtime.host import Runtime
from dsm.runtime.vm import LuauError, TimeLimitExceeded, from_lua, text

SPEC_SUFFIX = ".spec.luau"
DEFAULT_TEST_TIME_LIMIT = 10.0


@dataclass(frozen=True)
class SpecCase:
    id: int
    path: tuple[str, ...]
    line: int
    skipped: bool

    @property
    def title(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class CaseResult:
    case: SpecCase
    status: str
    """``passed``, ``failed`` or ``skipped``."""
    message: str = ""
    traceback: str = ""
    file: str | None = None
    line: int | None = None
    duration: float = 0.0


class SpecLoadError(Exception):
    """A spec file that does not compile or whose body raises while collecting."""


@dataclass
class SpecFile:
    session: SpecSession
    path: Path
    display: str
    suite: Any
    cases: list[SpecCase] = field(default_factory=list)

    def run(self, case: SpecCase) -> CaseResult:
        if case.skipped:
            return CaseResult(case, "skipped")
        try:
            raw = self.session.call(self.suite.get("run"), self.suite, case.id)[0]
        except TimeLimitExceeded as error:
            # The suite was interrupted mid-test; later tests start from a fresh copy of it.
            self.suite = self.session.open(self.path).suite
            return CaseResult(
                case, "failed", f"the test was stopped: it {error} (a runaway loop?)", file=self.display, line=case.line
            )
        result = from_lua(raw) or {}
        return CaseResult(
            case,
            str(result.get("status", "failed")),
            str(result.get("message") or ""),
            str(result.get("traceback") or ""),
            result.get("file"),
            result.get("line"),
            float(result.get("duration") or 0.0),
        )

    def finish(self) -> list[str]:
        """Runs afterAll hooks still pending; returns errors they raised."""
        try:
            raw = self.session.call(self.suite.get("finish"), self.suite)
        except (LuauError, TimeLimitExceeded) as error:
            return [str(error)]
        errors = from_lua(raw[0]) if raw else None
        return [_hook_failure(item) for item in errors or []]


class SpecSession:
    def __init__(
        self,
        root: Path,
        tree: Instance | None,
        *,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        time_limit: float = DEFAULT_TEST_TIME_LIMIT,
        memory_limit: int = 512 * 1024 * 1024,
        datastore: Path | None = None,
        seed: Path | None = None,
        faults: str | None = None,
    ) -> None:
        self.root = root
        self.tree = tree
        self.time_limit = time_limit
        # The data store state: fresh per spec file in memory, kept in a `datastore` file;
        # `seed` is written at the start of every file and `faults` are in effect in each.
        self.runtime = Runtime(
            root,
            stdout=stdout,
            stderr=stderr,
            time_limit=time_limit,
            memory_limit=memory_limit,
            datastore=datastore,
            seed=seed,
            faults=faults,
        )
        self.specs = self.runtime.import_module("Specs")

    def call(self, function: Any, *args: Any) -> list[Any]:
        return self.runtime.vm.guarded(lambda: function(*args), self.time_limit)  # type: ignore[no-any-return]

    def open(self, path: Path) -> SpecFile:
        """A fresh DataModel with the project mounted, and the spec file's tests collected."""
        runtime = self.runtime
        runtime.call_api("reset")
        if self.tree is not None:
            runtime.mount(self.tree)
        display = runtime.display(str(path))
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SpecLoadError(f"{display}: cannot read the spec: {error}") from None
        try:
            suite, load_error = self.call(self.specs.get("load"), source, display, path.name.removesuffix(SPEC_SUFFIX))
        except TimeLimitExceeded as stopped:
            raise SpecLoadError(f"{display}: collecting the tests {stopped}") from None
        except LuauError as failed:
            raise SpecLoadError(f"{display}: {failed}") from None
        if suite is None:
            raise SpecLoadError(text(load_error))
        spec = SpecFile(self, path, display, suite)
        for entry in from_lua(self.call(suite.get("list"), suite)[0]) or []:
            spec.cases.append(
                SpecCase(
                    int(entry["id"]),
                    tuple(str(part) for part in entry.get("path") or []),
                    int(entry.get("line") or 0),
                    bool(entry.get("skipped")),
                )
            )
        runtime.take_failures()
        return spec


def _hook_failure(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    where = f"{item['file']}:{item['line']}: " if item.get("file") and item.get("line") else ""
    block = " > ".join(str(part) for part in item.get("path") or [])
    return f"{where}{item.get('hook', 'hook')} of {block or 'the file'} failed: {item.get('message', '')}"


def discover(root: Path, patterns: tuple[str, ...] = ()) -> Iterator[Path]:
    """Spec files under ``plugin/tests``, sorted; a pattern is part of the path below that
    folder (``runtime/signal``) or a glob (``*theme*``)."""
    tests = root / "plugin" / "tests"
    for path in sorted(tests.rglob(f"*{SPEC_SUFFIX}")):
        relative = path.relative_to(tests).as_posix()
        if not patterns or any(_matches(relative, pattern) for pattern in patterns):
            yield path


def _matches(relative: str, pattern: str) -> bool:
    if any(char in pattern for char in "*?["):
        return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(Path(relative).name, pattern)
    return pattern in relative
