"""Collects the Luau specs (``plugin/tests/**/*.spec.luau``) as pytest items, one per ``it``.

Plain ``pytest`` then runs both suites: ``-k`` selects Luau tests by their describe/it
names, JUnit output lists them, and a failure shows the expectation and its spec line.
Enabled by the project's ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dsm.runtime.specs import SPEC_SUFFIX, CaseResult, SpecCase, SpecFile, SpecLoadError, SpecSession

_SESSION_KEY = pytest.StashKey[SpecSession]()


class LuauFailure(Exception):
    def __init__(self, result: CaseResult, display: str) -> None:
        super().__init__(result.message)
        self.result = result
        self.display = display


def _session(config: pytest.Config) -> SpecSession:
    session = config.stash.get(_SESSION_KEY, None)
    if session is None:
        from dsm import config as dsm_config
        from dsm.project import build_tree

        settings = dsm_config.load(config.rootpath)
        session = SpecSession(settings.root, build_tree(settings.project))
        config.stash[_SESSION_KEY] = session
    return session


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SPEC_SUFFIX):
        return LuauSpecFile.from_parent(parent, path=file_path)
    return None


class LuauSpecFile(pytest.File):
    spec: SpecFile | None = None

    def collect(self) -> Iterator[pytest.Item]:
        try:
            self.spec = _session(self.config).open(self.path)
        except SpecLoadError as error:
            raise self.CollectError(str(error)) from None
        for case in self.spec.cases:
            yield LuauTest.from_parent(self, name=case.title, case=case)


class LuauTest(pytest.Item):
    def __init__(self, *, case: SpecCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        if case.skipped:
            self.add_marker(pytest.mark.skip(reason="skipped in the spec"))

    @property
    def spec(self) -> SpecFile:
        parent = self.parent
        assert isinstance(parent, LuauSpecFile) and parent.spec is not None
        return parent.spec

    def runtest(self) -> None:
        result = self.spec.run(self.case)
        if self.case == self._last_case():
            errors = self.spec.finish()
            if errors and result.status != "failed":
                result = CaseResult(self.case, "failed", "afterAll failed: " + "; ".join(errors))
        if result.status == "failed":
            raise LuauFailure(result, self.spec.display)
        if result.status == "skipped":
            pytest.skip("skipped in the spec")

    def _last_case(self) -> SpecCase | None:
        cases = [case for case in self.spec.cases if not case.skipped]
        return cases[-1] if cases else None

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:  # noqa: ARG002
        if isinstance(excinfo.value, LuauFailure):
            result = excinfo.value.result
            where = f"{result.file or excinfo.value.display}:{result.line or self.case.line}"
            lines = [f"{where}: {self.case.title}", "", result.message]
            if result.traceback:
                lines += ["", result.traceback]
            return "\n".join(lines)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.case.line - 1, 0), self.case.title
