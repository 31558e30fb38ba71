"""``selene``: selene's lints, when ``selene`` is on PATH, with the project's ``selene.toml``.

selene runs once over all files with ``--display-style=quiet``, whose lines read
``path:line:column: severity[lint]: message``; each becomes a finding named ``selene/<lint>``.
selene's own parse errors are dropped: the ``syntax`` rule reports them with the real Luau
compiler, whose grammar is the reference (selene's parser can lag behind new Luau syntax).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dsm.errors import display_path
from dsm.lint.catalog import SELENE
from dsm.lint.findings import Finding, Severity
from dsm.lint.source import SourceFile

CONFIG = "selene.toml"
TIMEOUT_SECONDS = 300
_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)\[(?P<code>[\w-]+)\]: (?P<message>.*)$"
)


@dataclass(frozen=True)
class SeleneRun:
    findings: list[Finding]
    status: str
    """What happened, for the summary: "ran", "not on PATH"."""


def _failure(root: Path, message: str) -> Finding:
    config = root / CONFIG
    where = display_path(config if config.exists() else root).replace("\\", "/")
    return Finding(where, 1, 1, SELENE, f"selene failed: {message}")


def run(root: Path, sources: list[SourceFile]) -> SeleneRun:
    executable = shutil.which("selene")
    if executable is None:
        return SeleneRun([], "not on PATH")
    if not sources:
        return SeleneRun([], "ran")
    command = [executable, "--display-style=quiet", "--no-summary", "--color=never"]
    if (root / CONFIG).is_file():
        command += ["--config", str(root / CONFIG)]
    by_path = {source.path: source for source in sources}
    command += [str(source.path) for source in sources]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return SeleneRun([_failure(root, f"it ran longer than {TIMEOUT_SECONDS} s")], "timed out")
    except OSError as error:
        return SeleneRun([_failure(root, f"it could not start ({error.strerror})")], "failed")
    findings = []
    unparsed = []
    for line in done.stdout.splitlines():
        match = _LINE.match(line.strip())
        if match is None:
            if line.strip():
                unparsed.append(line.strip())
            continue
        if match["code"] == "parse_error":
            continue
        path = (root / match["path"]).resolve()
        source = by_path.get(path)
        display = source.display if source else display_path(path).replace("\\", "/")
        severity: Severity = "error" if match["severity"] == "error" else "warning"
        findings.append(
            Finding(
                display,
                int(match["line"]),
                int(match["column"]),
                f"{SELENE}/{match['code']}",
                match["message"],
                severity,
            )
        )
    if done.returncode not in (0, 1) or (done.returncode and not findings and (unparsed or done.stderr.strip())):
        detail = (done.stderr.strip() or "\n".join(unparsed) or f"exit code {done.returncode}").splitlines()[0]
        findings.append(_failure(root, detail.removeprefix("ERROR: ")))
    return SeleneRun(findings, "ran")
