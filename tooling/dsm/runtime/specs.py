"""Running Luau specs (``*.spec.luau``): shared by ``dsm test`` and the pytest plugin.

Each spec file runs in a runtime of its own (a new VM costs about 40 ms), as each Jest test
file gets its own module registry: files never see each other's state, and whatever one file
leaves behind (threads, connections, memory) goes away with its VM. A session keeps one
runtime alive at a time; a file whose runtime was released opens again when asked to run.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from dsm.dom.instance import Instance
from dsm.runtime.host import Runtime
from dsm.runtime.vm import LuauError, TimeLimitExceeded, from_lua, text, to_lua

SPEC_SUFFIX = ".spec.luau"
DEFAULT_TEST_TIME_LIMIT = 20.0


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
    runtime: Runtime | None
    suite: Any
    cases: list[SpecCase] = field(default_factory=list)

    def _call(self, name: str, *args: Any) -> list[Any]:
        if self.runtime is None:
            # Released when the session opened another file: load this one again.
            fresh = self.session.open(self.path)
            self.runtime, self.suite = fresh.runtime, fresh.suite
            self.session.adopt(self)
        assert self.runtime is not None
        function = self.suite.get(name)
        return self.runtime.vm.guarded(lambda: function(self.suite, *args), self.session.time_limit)  # type: ignore[no-any-return]

    def release(self) -> None:
        self.runtime = None
        self.suite = None

    def run(self, case: SpecCase) -> CaseResult:
        if case.skipped:
            return CaseResult(case, "skipped")
        try:
            raw = self._call("run", case.id)[0]
        except TimeLimitExceeded as error:
            # The suite was interrupted mid-test; later tests start from a fresh copy of it.
            self.release()
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
        if self.runtime is None:
            return []
        try:
            raw = self._call("finish")
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
        self._options: dict[str, Any] = {
            "stdout": stdout,
            "stderr": stderr,
            "time_limit": time_limit,
            "memory_limit": memory_limit,
            "datastore": datastore,
            "seed": seed,
            "faults": faults,
        }
        self.runtime = self._new_runtime()
        self._current: SpecFile | None = None

    def _new_runtime(self) -> Runtime:
        return Runtime(self.root, **self._options)

    def adopt(self, spec: SpecFile) -> None:
        """Makes ``spec`` the file whose runtime the next ``open`` releases."""
        self._current = spec

    def display(self, path: Path) -> str:
        return self.runtime.display(str(path))

    def open(self, path: Path) -> SpecFile:
        """A fresh runtime with the project mounted, and the spec file's tests collected."""
        if self._current is not None:
            self._current.release()
            self._current = None
        runtime = self.runtime = self._new_runtime()
        if self.tree is not None:
            runtime.mount(self.tree)
        display = runtime.display(str(path))
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SpecLoadError(f"{display}: cannot read the spec: {error}") from None
        helpers = to_lua(runtime.vm.lua, self._helpers(path))
        specs = runtime.import_module("Specs")
        load = specs.get("load")
        name = path.name.removesuffix(SPEC_SUFFIX)
        try:
            suite, load_error = runtime.vm.guarded(lambda: load(source, display, name, helpers), self.time_limit)
        except TimeLimitExceeded as stopped:
            raise SpecLoadError(f"{display}: collecting the tests {stopped}") from None
        except LuauError as failed:
            raise SpecLoadError(f"{display}: {failed}") from None
        if suite is None:
            raise SpecLoadError(text(load_error))
        spec = SpecFile(self, path, display, runtime, suite)
        for entry in from_lua(spec._call("list")[0]) or []:
            spec.cases.append(
                SpecCase(
                    int(entry["id"]),
                    tuple(str(part) for part in entry.get("path") or []),
                    int(entry.get("line") or 0),
                    bool(entry.get("skipped")),
                )
            )
        runtime.take_failures()
        self._current = spec
        return spec

    def _helpers(self, spec: Path) -> list[dict[str, str]]:
        """The modules beside a spec (``*.luau`` files that are not specs), which the spec
        requires as ``./name``: shared set-up such as mounting a component stays in one file."""
        helpers = []
        for path in sorted(spec.parent.glob("*.luau")):
            if path.name.endswith(SPEC_SUFFIX):
                continue
            display = self.display(path)
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise SpecLoadError(f"{display}: cannot read the spec helper: {error}") from None
            helpers.append({"name": path.stem, "source": source, "path": display})
        return helpers


def _hook_failure(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    where = f"{item['file']}:{item['line']}: " if item.get("file") and item.get("line") else ""
    block = " > ".join(str(part) for part in item.get("path") or [])
    return f"{where}{item.get('hook', 'hook')} of {block or 'the file'} failed: {item.get('message', '')}"


def discover(root: Path, patterns: tuple[str, ...] = ()) -> Iterator[Path]:
    """Spec files under ``plugin/tests``, sorted; a pattern is a file or folder path
    (``plugin/tests/Core/Cache.spec.luau``), part of the path below that folder
    (``runtime/signal``) or a glob (``*theme*``)."""
    tests = root / "plugin" / "tests"
    places = [place for place in (Path(pattern).resolve() for pattern in patterns) if _within(place, tests.resolve())]
    for path in sorted(tests.rglob(f"*{SPEC_SUFFIX}")):
        relative = path.relative_to(tests).as_posix()
        if not patterns or any(_matches(relative, pattern) for pattern in patterns) or _inside(path, places):
            yield path


def _matches(relative: str, pattern: str) -> bool:
    if any(char in pattern for char in "*?["):
        return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(Path(relative).name, pattern)
    return pattern in relative


def _inside(path: Path, places: list[Path]) -> bool:
    resolved = path.resolve()
    return any(_within(resolved, place) for place in places)


def _within(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or below it (a pattern like ``plugin`` is text, not the folder above the tests)."""
    return path == folder or folder in path.parents
