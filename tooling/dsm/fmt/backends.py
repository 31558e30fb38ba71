"""The two ways to run StyLua: the native ``stylua`` binary, or its WASM build inside Node.

The binary is used when it is on PATH (it is faster and is what contributors run in their
editors). Otherwise the npm package ``@johnnymorganz/stylua`` runs in one long-lived Node
process (``stylua_server.cjs``) that formats one file per JSON line, so a run of a hundred
files starts Node once.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

from dsm.errors import DsmError
from dsm.fmt.config import StyluaConfig

WASM_PACKAGE = "@johnnymorganz/stylua"
_SERVER = Path(__file__).with_name("stylua_server.cjs")
_VERSION = re.compile(r"\d+\.\d+\.\d+")


class ParseError(Exception):
    """StyLua could not parse a file; the message is StyLua's, first line first."""


class Formatter(Protocol):
    name: str
    """What formats, for the summary line: ``StyLua 2.5.2 WASM``."""

    def format(self, code: str) -> str:
        """``code`` formatted; raises ParseError when StyLua cannot parse it."""
        ...

    def close(self) -> None: ...


class NativeStylua:
    """The ``stylua`` binary, one process per file reading stdin (start-up is a few ms)."""

    def __init__(self, executable: str, config: StyluaConfig, root: Path) -> None:
        self.executable = executable
        self.root = root
        self.arguments = [executable, "--config-path", str(config.path)] if config.path else [executable]
        version = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False).stdout
        found = _VERSION.search(version)
        self.name = f"StyLua {found.group(0) if found else '(unknown version)'} native"

    def format(self, code: str) -> str:
        result = subprocess.run(
            [*self.arguments, "-"], input=code.encode(), capture_output=True, cwd=self.root, check=False
        )
        if result.returncode != 0:
            raise ParseError(result.stderr.decode(errors="replace").strip() or f"stylua exit code {result.returncode}")
        return result.stdout.decode()

    def close(self) -> None:
        pass


class WasmStylua:
    """StyLua's WASM build in one Node process that stays up for the whole run."""

    def __init__(self, node: str, package: Path, config: StyluaConfig) -> None:
        self.name = f"StyLua {_package_version(package)} WASM"
        try:
            self.process = subprocess.Popen(
                [node, str(_SERVER), str(package), json.dumps(config.options)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                encoding="utf-8",
            )
        except OSError as error:
            raise DsmError(f"cannot start node ({error.strerror}); check `node --version` works") from None

    def format(self, code: str) -> str:
        stdin, stdout = self._pipes()
        try:
            stdin.write(json.dumps({"code": code}) + "\n")
            stdin.flush()
            line = stdout.readline()
        except OSError:
            line = ""
        if not line:
            raise DsmError(f"the StyLua WASM server stopped: {self._stderr() or 'no message'}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise ParseError(str(answer["error"]))
        return str(answer["code"])

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def _stderr(self) -> str:
        self.process.kill()
        _, stderr = self.process.communicate()
        lines = stderr.strip().splitlines()
        return lines[-1] if lines else ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.communicate(timeout=10)  # closing stdin ends the server's read loop


def _package_version(package: Path) -> str:
    try:
        return str(json.loads((package / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "(unknown version)"


@contextmanager
def open_formatter(root: Path, config: StyluaConfig, *, prefer_native: bool = True) -> Iterator[Formatter]:
    """The best StyLua available to the project at ``root``, stopped when the block ends."""
    formatter = _choose(root, config, prefer_native)
    try:
        yield formatter
    finally:
        formatter.close()


def _choose(root: Path, config: StyluaConfig, prefer_native: bool) -> Formatter:
    native = shutil.which("stylua") if prefer_native else None
    if native is not None:
        return NativeStylua(native, config, root)
    package = root / "node_modules" / WASM_PACKAGE
    node = shutil.which("node")
    if node is not None and (package / "package.json").is_file():
        return WasmStylua(node, package, config)
    missing = "node is not on PATH" if node is None else f"{WASM_PACKAGE} is not in node_modules (run `npm ci`)"
    raise DsmError(f"no StyLua to run: no `stylua` on PATH and {missing}; install one (see `dsm doctor`)")
