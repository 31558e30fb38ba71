"""watchdog's observer, filtered down to the changes a rebuild needs, fed to the debouncer."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from dsm.errors import DsmError
from dsm.watch.changes import Change, is_noise
from dsm.watch.targets import Targets


class ChangeHandler(FileSystemEventHandler):
    """Turns watchdog events into ``Change``s for the files ``targets()`` covers."""

    def __init__(self, targets: Callable[[], Targets], deliver: Callable[[Change], None]) -> None:
        self.targets = targets
        self.deliver = deliver

    def on_any_event(self, event: FileSystemEvent) -> None:
        change = self.translate(event)
        if change is not None:
            self.deliver(change)

    def translate(self, event: FileSystemEvent) -> Change | None:
        kind = event.event_type
        source = _path(event.src_path)
        if kind == EVENT_TYPE_MOVED:
            return self._moved(source, _path(event.dest_path))
        if kind in (EVENT_TYPE_MODIFIED, EVENT_TYPE_CLOSED):
            # A folder's own "modified" only repeats what its files' events say.
            if event.is_directory:
                return None
            return self._wanted(Change("changed", source))
        if kind == EVENT_TYPE_CREATED:
            return self._wanted(Change("added", source))
        if kind == EVENT_TYPE_DELETED:
            return self._wanted(Change("removed", source))
        return None  # opened, closed without writing, attributes: nothing to rebuild

    def _moved(self, source: Path, destination: Path) -> Change | None:
        targets = self.targets()
        from_here = targets.covers(source) and not is_noise(source)
        to_here = targets.covers(destination) and not is_noise(destination)
        if from_here and to_here:
            return Change("moved", source, destination)
        if to_here:  # a save through a temporary file renamed over the original
            return Change("changed", destination)
        if from_here:
            return Change("removed", source)
        return None

    def _wanted(self, change: Change) -> Change | None:
        if is_noise(change.path) or not self.targets().covers(change.path):
            return None
        return change


def _path(raw: str | bytes) -> Path:
    return Path(os.fsdecode(raw))


class Watches:
    """The observer and its scheduled folders, rescheduled when the targets change."""

    def __init__(self, handler: ChangeHandler) -> None:
        self.handler = handler
        self.observer: BaseObserver = Observer()
        self.scheduled: dict[tuple[Path, bool], ObservedWatch] = {}

    def start(self, targets: Targets) -> None:
        self.update(targets)
        self.observer.start()

    def update(self, targets: Targets) -> None:
        wanted = set(targets.watch_points())
        for point in set(self.scheduled) - wanted:
            self.observer.unschedule(self.scheduled.pop(point))
        for folder, recursive in sorted(wanted - set(self.scheduled)):
            try:
                self.scheduled[folder, recursive] = self.observer.schedule(
                    self.handler, str(folder), recursive=recursive
                )
            except FileNotFoundError:
                continue  # removed since the targets were read; its parent's events will say so
            except OSError as error:
                if error.errno == errno.ENOSPC:
                    raise DsmError(
                        "the system's limit of watched folders is reached; raise it "
                        "(sudo sysctl fs.inotify.max_user_watches=524288) and run dsm watch again",
                        path=folder,
                    ) from None
                raise DsmError(f"cannot watch the folder ({error.strerror})", path=folder) from None

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=10)
