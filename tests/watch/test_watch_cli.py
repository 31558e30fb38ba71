"""`dsm watch` as a user runs it: a real process, its output, and Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from subprocess import PIPE

import pytest
from watchkit import EVENT_WAIT, make_project, module_sources

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")


class Lines:
    """Reads a pipe in a thread so the test can wait for a line with a timeout."""

    def __init__(self, stream: object) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=EVENT_WAIT)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r}; output so far: {''.join(self.seen)}") from None
            self.seen.append(line)
            if text in line:
                return line


# A shell starts background jobs with Ctrl-C (SIGINT) ignored and children inherit that, so a suite run
# with `&` would see a watch that cannot be interrupted; in a terminal Ctrl-C always arrives.
INTERRUPTIBLE_DSM = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'dsm'; runpy.run_module('dsm', run_name='__main__')"
)


def test_watch_rebuilds_on_save_and_exits_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    make_project(tmp_path)
    plugins = tmp_path / "Plugins"
    plugins.mkdir()
    (plugins / "DataStoreManagerPro-old.rbxm").write_bytes(b"not a model")
    util = tmp_path / "plugin" / "src" / "Util.luau"
    command = [sys.executable, "-c", INTERRUPTIBLE_DSM, "watch", "--plugins-dir", str(plugins)]
    env = {**os.environ, "COLUMNS": "400"}
    with subprocess.Popen(command, cwd=tmp_path, stdout=PIPE, stderr=PIPE, text=True, env=env) as process:
        try:
            out = Lines(process.stdout)
            out.wait_for("Reload plugins on file changed")
            assert "DataStoreManagerPro-old.rbxm" in out.wait_for("another copy of the plugin")
            out.wait_for("installed in")
            out.wait_for("watching")

            util.write_text("return 7\n", encoding="utf-8")
            line = out.wait_for("rebuilt after")
            assert "Util.luau changed in" in line
            assert line.rstrip().endswith("Plugins/DataStoreManagerPro.rbxm")
            assert module_sources(plugins / "DataStoreManagerPro.rbxm") == {"Util": "return 7\n"}

            util.write_text("return (\n", encoding="utf-8")
            out.wait_for("build failed after Util.luau changed; keeping the last good plugin")
            assert "Util.luau:2: Expected" in out.wait_for("Util.luau:2")

            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=EVENT_WAIT) == 0
            out.wait_for("stopped watching")
            assert process.stderr is not None
            assert "Traceback" not in process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()


def test_sigterm_stops_the_watch_like_ctrl_c(tmp_path: Path) -> None:
    make_project(tmp_path)
    command = [sys.executable, "-m", "dsm", "watch", "--plugins-dir", str(tmp_path / "Plugins")]
    with subprocess.Popen(command, cwd=tmp_path, stdout=PIPE, stderr=PIPE, text=True) as process:
        try:
            out = Lines(process.stdout)
            out.wait_for("watching")
            process.terminate()
            assert process.wait(timeout=EVENT_WAIT) == 0
            out.wait_for("stopped watching")
        finally:
            if process.poll() is None:
                process.kill()
