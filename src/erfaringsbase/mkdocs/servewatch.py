"""Under `mkdocs serve`, notice an edited content file as soon as it is saved.

MkDocs watches folders by polling them every half second (watchdog's ``PollingObserver``,
chosen because native file events do not reach it on some file systems: network drives,
folders shared into a container or a VM). An edit therefore waited a quarter of a second
on average before its rebuild began (at 1,000 entries, from edit to page shown: 1.59 s
with polling alone, 1.24 s with file events).
Here the content folders are watched both ways: the operating system's file events
(inotify, FSEvents, ReadDirectoryChangesW) start the rebuild at once, and MkDocs'
polling stays as the fallback. Both report to one handler, which starts a rebuild only
for a state of a file it has not seen yet: one edit gives one rebuild, not two.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final

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
from watchdog.observers.api import BaseObserver

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.erfaringsbase")

#: Events that change a file. Native observers also report a file being opened or closed
#: unread, which every build does to every content file: those must not start a rebuild.
CHANGES: Final = frozenset(
    {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED}
    | {EVENT_TYPE_CLOSED}  # closed after writing
)

#: A file's state as the handler compares it: (modification time in ns, size), or None
#: when the file is gone.
State = tuple[int, int] | None


def state(path: str) -> State:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size)


class ChangeHandler(FileSystemEventHandler):
    """Calls ``rebuild`` for each change of a file that no observer has reported before."""

    def __init__(self, rebuild: Callable[[], None]) -> None:
        super().__init__()
        self._rebuild = rebuild
        self._seen: dict[str, State] = {}
        # The two observers call from their own threads.
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        paths = [event.src_path, event.dest_path]
        new = False
        with self._lock:
            for path in {os.fsdecode(p) for p in paths if p}:
                now = state(path)
                if path not in self._seen or self._seen[path] != now:
                    self._seen[path] = now
                    new = True
        if new:
            log.debug("erfaringsbase: endret: %s", event.src_path)
            self._rebuild()


def _rebuild_of(server: LiveReloadServer) -> Callable[[], None] | None:
    """What MkDocs' own watch callback does to ask for a rebuild, or None if this version
    of MkDocs does it some other way (then only MkDocs' polling watches the folders)."""
    condition = getattr(server, "_rebuild_cond", None)
    if not isinstance(condition, threading.Condition) or not hasattr(server, "_want_rebuild"):
        return None

    def rebuild() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    return rebuild


def watch_content(server: LiveReloadServer, folders: Iterable[str]) -> BaseObserver | None:
    """Watch ``folders`` for the rebuilds of ``server``; returns the native observer to
    stop when serving ends (None if there is none, and MkDocs' polling alone watches)."""
    folders = list(folders)
    rebuild = _rebuild_of(server)
    polling = getattr(server, "observer", None)
    if rebuild is None or not isinstance(polling, BaseObserver):
        for folder in folders:
            server.watch(folder)
        return None
    handler = ChangeHandler(rebuild)
    for folder in folders:
        polling.schedule(handler, folder, recursive=True)
    native = Observer()
    try:
        for folder in folders:
            native.schedule(handler, folder, recursive=True)
        native.start()
    except OSError as exc:  # e.g. the limit on inotify watches: polling still watches
        log.info("erfaringsbase: endringer i innholdet oppdages ved avlesning (%s)", exc)
        return None
    return native
