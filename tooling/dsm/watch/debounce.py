"""Turns a stream of file events into batches: one rebuild per burst of saves.

A batch closes when no event arrived for ``quiet`` seconds, or ``max_wait`` seconds after it
opened, so a tool that writes without pause still gets a rebuild now and then. Fifty saves
in a second (one every 20 ms) are one batch with the default quiet time of 100 ms.
"""

from __future__ import annotations

import queue
import threading
import time

from dsm.watch.changes import Change

DEFAULT_QUIET = 0.1
DEFAULT_MAX_WAIT = 2.0
_POLL = 0.1  # how often an idle wait looks at the stop event


class Debouncer:
    def __init__(self, *, quiet: float = DEFAULT_QUIET, max_wait: float = DEFAULT_MAX_WAIT) -> None:
        self.events: queue.Queue[Change] = queue.Queue()
        self.quiet = quiet
        self.max_wait = max_wait

    def put(self, change: Change) -> None:
        """Called from the watching thread for every event that matters."""
        self.events.put(change)

    def next_batch(self, stop: threading.Event) -> list[Change] | None:
        """The next burst of changes, or None once ``stop`` is set."""
        while True:
            if stop.is_set():
                return None
            try:
                first = self.events.get(timeout=_POLL)
            except queue.Empty:
                continue
            break
        batch = [first]
        opened = last = time.monotonic()
        while True:
            remaining = min(last + self.quiet, opened + self.max_wait) - time.monotonic()
            if remaining <= 0:
                return batch
            try:
                batch.append(self.events.get(timeout=remaining))
            except queue.Empty:
                return batch
            last = time.monotonic()
