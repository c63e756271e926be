"""A second core for the pages of a large site (``aside`` is the other use of one).

MkDocs converts pages one at a time on one core. While it converts one, a copy of this
process (``os.fork``: it has the content, the index and the plan already, nothing is
read or sent twice) makes the next ones and sends them back through a pipe, in frames of
``FRAME`` pages. This process never waits for it: a page that has not arrived when MkDocs
asks for it is made here, and the copy skips ahead past it. So a helper that is slow,
starved by other load or stopped outright costs nothing but the pages it did not make;
the site is the same either way (``tests/test_parallel.py``).

Serial below ``MIN_PAGES``, with ``parallel: off``, without a second core, where there is
no ``fork`` (Windows) and when the process runs threads (``mkdocs serve``): a thread
holding a lock at the fork would leave the copy waiting on it for ever.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import struct
import threading
from collections.abc import Callable, Sequence
from typing import BinaryIO, Final, Generic, TypeVar

from .copy import start_copy, stop_copy

#: Pages per frame: enough that sending costs little, few enough that they come at once.
FRAME: Final = 32
#: Below this many pages a second process saves less than it costs to start and feed.
MIN_PAGES: Final = 1000
#: The first pages are made here while the copy starts.
HEAD_START: Final = FRAME

_LENGTH: Final = struct.Struct("<Q")
_POSITION: Final = struct.Struct("<q")

T = TypeVar("T")


def usable(count: int, wanted: bool = True) -> bool:
    """Should ``count`` pages be made with a second process?"""
    if not wanted or count < MIN_PAGES or not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2


class Maker(Generic[T]):
    """The items of ``plan`` (functions that make them), in any order asked for.

    ``get(i)`` gives item ``i``: from the helper if it has sent it, made here otherwise.
    ``close()`` ends the helper; call it when done (or use the maker as a context).
    """

    def __init__(self, plan: Sequence[Callable[[], T]], *, parallel: bool = True) -> None:
        self._plan = plan
        self._made: dict[int, T] = {}
        #: Positions given out already: the helper's copy of one, come late, is dropped.
        self._served: set[int] = set()
        self._buffer = bytearray()
        self._pid = 0
        self._pipe = -1
        #: Shared with the helper: the last position asked for here, so it skips past it.
        self._asked: mmap.mmap | None = None
        #: Items the helper made, and items made here that it had not sent in time.
        self.from_helper = 0
        self.made_here = 0
        if usable(len(plan), parallel):
            self._start()

    def __enter__(self) -> Maker[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def helper(self) -> int | None:
        """The helper's process id, while there is one."""
        return self._pid or None

    def get(self, position: int) -> T:
        self._served.add(position)
        if self._pid:
            self._tell(position)
            self._receive()
        found = self._made.pop(position, _MISSING)
        if found is not _MISSING:
            self.from_helper += 1
            return found  # type: ignore[return-value]
        self.made_here += 1
        return self._plan[position]()

    def close(self) -> None:
        """Stop the helper (at once, whatever it is doing) and wait for it to go."""
        if not self._pid:
            return
        stop_copy(self._pid)
        os.close(self._pipe)
        if self._asked is not None:
            self._asked.close()
        self._pid, self._pipe, self._asked = 0, -1, None
        self._made.clear()

    # --- this process ------------------------------------------------------------------

    def _start(self) -> None:
        self._asked = mmap.mmap(-1, _POSITION.size)
        self._tell(-1)
        asked = self._asked
        self._pid, self._pipe = start_copy(lambda out: _helper(self._plan, out, asked))
        os.set_blocking(self._pipe, False)

    def _tell(self, position: int) -> None:
        assert self._asked is not None
        _POSITION.pack_into(self._asked, 0, position)

    def _receive(self) -> None:
        """Take whatever the helper has sent so far, without waiting."""
        while select.select([self._pipe], [], [], 0)[0]:
            try:
                chunk = os.read(self._pipe, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:  # the helper is done, or gone
                break
            self._buffer += chunk
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            if len(self._buffer) < _LENGTH.size + size:
                break
            start, items = pickle.loads(self._buffer[_LENGTH.size : _LENGTH.size + size])
            del self._buffer[: _LENGTH.size + size]
            for offset, item in enumerate(items):
                if start + offset not in self._served:
                    self._made[start + offset] = item


_MISSING: Final = object()


def _helper(plan: Sequence[Callable[[], object]], out: BinaryIO, asked: mmap.mmap) -> None:
    """The copy's side: frames of items from ``HEAD_START`` on, skipping what this
    process has asked for already."""
    start = HEAD_START
    while start < len(plan):
        (position,) = _POSITION.unpack_from(asked, 0)
        if position >= start:
            start = position + 1  # made there already: skip ahead
            continue
        items = [make() for make in plan[start : start + FRAME]]
        data = pickle.dumps((start, items), pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(data)))
        out.write(data)
        out.flush()
        start += FRAME
