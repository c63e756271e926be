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
import os
import pickle
import select
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final, Generic, TypeVar

from .copy import kill_group, start_copy, stop_copy
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
        if self._pid:
            stop_copy(self._pid)
            os.close(self._pipe)
            self._pid, self._pipe = 0, -1

    def _start(self) -> None:
        work = self._work

        def send(out: BinaryIO) -> None:
            out.write(pickle.dumps(work(), pickle.HIGHEST_PROTOCOL))

        self._pid, self._pipe = start_copy(send)

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
        kill_group(self._pid)  # what it started and left running (if it was killed)
        os.close(self._pipe)
        self._pid, self._pipe = 0, -1
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return None
        return b"".join(chunks)


def _stopped(pid: int) -> bool:
    """Is the process stopped (``T``) or traced (``t``)? False where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[1].split()
    return bool(fields) and fields[0] in ("T", "t")
