"""Work the build needs only at its end, done meanwhile by a copy of this process.

The site search is the case: its documents are known once MkDocs has converted every
page, and the index is needed only when the build ends. MkDocs then spends a while on
its templates, one page at a time on one core. ``Aside(work)`` runs ``work`` in a forked
copy meanwhile (it has the documents already: nothing is sent but the result), and
``result()`` gives what it returned.

With ``then``, the copy sends its result and then becomes the program ``then(result)``
names (``exec``): the site search's copy becomes Pagefind, so the memory the copy held
(the pages' documents, the build's own objects it touched) is given back while Pagefind
needs its share. ``result()`` returns once that program has ended well.

The build never depends on the copy: if it stops (SIGSTOP, a debugger), fails or dies,
``result()`` kills what is left of it and does the work here (and runs ``then``'s
program here). It runs at the build's own priority. Serial (the work is done in
``result()``) where ``pages.usable`` says no second process: below ``pages.MIN_PAGES``
items, with ``parallel: off``, without a second core or ``fork``, and while threads run
(``mkdocs serve``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Final, Generic, TypeVar

from .copy import kill_group, start_copy, stop_copy
from .pages import usable

T = TypeVar("T")

#: How often ``result()`` looks whether the copy has stopped while it waits for it.
LOOK_EVERY: Final = 0.25
#: How often it looks whether the copy has ended, once it has sent everything.
WAIT_STEP: Final = 0.02

#: What the copy sends begins with its size.
_SIZE: Final = struct.Struct("<Q")


class Aside(Generic[T]):
    """``work`` done by a copy of this process from now on; ``result()`` when needed.

    ``items`` is the size of the work, as ``pages.usable`` counts it."""

    def __init__(
        self,
        work: Callable[[], T],
        *,
        items: int,
        parallel: bool = True,
        then: Callable[[T], Sequence[str]] | None = None,
    ) -> None:
        self._work = work
        self._then = then
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
        """What ``work`` returned: from the copy if it delivers, otherwise done here.
        Raises ``subprocess.CalledProcessError`` if ``then``'s program fails here."""
        if self._pid:
            data = self._receive()
            self.close()
            if data is not None:
                with contextlib.suppress(Exception):
                    value: T = pickle.loads(data)
                    self.done_aside = True
                    return value
        value = self._work()
        if self._then is not None:
            subprocess.run(
                self._then(value),
                check=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        return value

    def close(self) -> None:
        """Stop the copy and whatever it started (at once), and wait for it to go."""
        if self._pid:
            stop_copy(self._pid)
            os.close(self._pipe)
            self._pid, self._pipe = 0, -1

    def _start(self) -> None:
        work, then = self._work, self._then

        def send(out: BinaryIO) -> None:
            value = work()
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            out.write(_SIZE.pack(len(data)))
            out.write(data)
            if then is not None:
                command = list(then(value))
                out.close()  # the end of what it sends: the build reads on to its exit
                # Quiet: if the program fails, the build runs it again itself, and says why.
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                os.execvp(command[0], command)

        self._pid, self._pipe = start_copy(send)

    def _receive(self) -> bytearray | None:
        """Everything the copy sends, once it has ended well (``then``'s program too);
        None if it stops, fails or dies first. Read into one buffer of the size it sends
        first: read piece by piece into new memory and then joined, the open data of
        10,000 entries (80 MB) was new memory three times over."""
        header = bytearray(_SIZE.size)
        data: bytearray | None = None
        buffer, filled = header, 0
        while filled < len(buffer):
            ready, _, _ = select.select([self._pipe], [], [], LOOK_EVERY)
            if not ready:
                if _stopped(self._pid):
                    return None
                continue
            with memoryview(buffer) as free:
                got = os.readv(self._pipe, [free[filled:]])
            if not got:
                return None  # it ended before it had sent everything
            filled += got
            if data is None and filled == len(header):
                (size,) = _SIZE.unpack(header)
                data = buffer = bytearray(size)
                filled = 0
        while True:  # a copy that went on as another program (``then``) ends later
            ended, status = os.waitpid(self._pid, os.WNOHANG)
            if ended:
                break
            if _stopped(self._pid):
                return None
            time.sleep(WAIT_STEP)
        kill_group(self._pid)  # what it started and left running (if it was killed)
        os.close(self._pipe)
        self._pid, self._pipe = 0, -1
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        return data


def _stopped(pid: int) -> bool:
    """Is the process stopped (``T``) or traced (``t``)? False where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[1].split()
    return bool(fields) and fields[0] in ("T", "t")
