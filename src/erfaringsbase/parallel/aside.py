"""Work the build needs only at its end, done meanwhile by a copy of this process.

The site search is the case: its documents are known once MkDocs has converted every
page, and the index is needed only when the build ends. MkDocs then spends a while on
its templates, one page at a time on one core. ``Aside(work)`` runs ``work`` in a forked
copy meanwhile (it has the documents already: nothing is sent but the result), and
``result()`` gives what it returned.

The build never depends on the copy: if it stops (SIGSTOP, a debugger), fails or dies,
``result()`` kills what is left of it and does the work here. It runs at the build's own
priority. Serial (the work is done in ``result()``) where ``pages.usable`` says no second
process: below ``pages.MIN_PAGES`` items, with ``parallel: off``, without a second core
or ``fork``, and while threads run (``mkdocs serve``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final, Generic, TypeVar

from .pages import usable

T = TypeVar("T")

#: How often ``result()`` looks whether the copy has stopped while it waits for it.
LOOK_EVERY: Final = 0.25


class Aside(Generic[T]):
    """``work`` done by a copy of this process from now on; ``result()`` when needed.

    ``items`` is the size of the work, as ``pages.usable`` counts it."""

    def __init__(self, work: Callable[[], T], *, items: int, parallel: bool = True) -> None:
        self._work = work
        self._pid = 0
        self._pipe = -1
        #: Whether the copy did the work (False when it was done here).
        self.done_aside = False
        if usable(items, parallel):
            self._start()

    @property
    def helper(self) -> int | None:
        """The copy's process id, while there is one."""
        return self._pid or None

    def result(self) -> T:
        """What ``work`` returned: from the copy if it delivers, otherwise done here."""
        if self._pid:
            data = self._receive()
            self.close()
            if data is not None:
                with contextlib.suppress(Exception):
                    value: T = pickle.loads(data)
                    self.done_aside = True
                    return value
        return self._work()

    def close(self) -> None:
        """Stop the copy and whatever it started (at once), and wait for it to go."""
        if not self._pid:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        os.close(self._pipe)
        self._pid, self._pipe = 0, -1

    def _start(self) -> None:
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # see pages.Maker: the collector would copy every shared object
        pid = os.fork()
        if pid == 0:  # the copy
            os.close(read)
            _copy(self._work, write)
        gc.unfreeze()
        os.close(write)
        # Its own process group, so that closing it ends what it started (Pagefind) too.
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        self._pid, self._pipe = pid, read

    def _receive(self) -> bytes | None:
        """Everything the copy sends, or None if it stops, fails or dies first."""
        chunks: list[bytes] = []
        while True:
            ready, _, _ = select.select([self._pipe], [], [], LOOK_EVERY)
            if not ready:
                if _stopped(self._pid):
                    return None
                continue
            chunk = os.read(self._pipe, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        # Whatever it started and left running (if it was killed) goes with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pid, signal.SIGKILL)
        self._pid_reaped()
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return None
        return b"".join(chunks)

    def _pid_reaped(self) -> None:
        # Reaped already: close() must not wait for it again, only close the pipe.
        os.close(self._pipe)
        self._pid, self._pipe = 0, -1


def _stopped(pid: int) -> bool:
    """Is the process stopped (``T``) or traced (``t``)? False where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[1].split()
    return bool(fields) and fields[0] in ("T", "t")


def _copy(work: Callable[[], object], pipe: int) -> None:
    """The copy's side: do the work, send its pickled result; it never returns."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    except BaseException:  # the build does the work itself
        status = 1
    finally:
        os._exit(status)
