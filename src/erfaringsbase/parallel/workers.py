"""A second Python process for work that can run beside MkDocs.

Both workers (the build's pages in ``pipeline``, the QR codes in ``share``) are plain
subprocesses: ``multiprocessing``'s "spawn" re-imports the ``__main__`` module of whoever
runs MkDocs (a hook script, a test runner), and "fork" is unsafe in a process that may run
threads, as ``mkdocs serve`` does.

The child answers in *frames* (a length, then that many bytes) so that the caller can use
the first answers while the child is still making the rest: MkDocs converts the first
pages while the worker writes the last ones.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import IO, BinaryIO, Final

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: pipes keep their size
    fcntl = None

#: Bytes of the length that precedes each frame.
_HEAD: Final = 8
#: Workers yield to MkDocs: with MkDocs and two workers runnable on two cores, the
#: scheduler would otherwise give each two thirds of a core, and MkDocs, which everything
#: waits for, would run a third slower while the workers run.
NICE: Final = 10
#: For work needed in the last stage of MkDocs' build, not now (the finished HTML of the
#: pages, the QR codes): it yields to the worker that makes the pages MkDocs is waiting
#: for. All at ``NICE``, MkDocs waited 2 s longer for pages at 10,000 entries.
NICE_LATER: Final = 15
#: For work needed only once MkDocs has rendered every page (the calendars, feeds and
#: data files, the search keywords): a worker lowers itself to it when it gets there, and
#: yields to the others. Before, the QR codes were here, and MkDocs waited 3.5 s for them.
NICE_LAST: Final = 19


def lower_priority(nice: int = NICE_LAST) -> None:
    """In a worker: yield more from now on, to ``nice`` (a process may lower its own
    priority, never raise it)."""
    os.nice(max(0, nice - os.nice(0)))


#: New objects between two collections of the young generation while a build, a validate
#: or a worker runs (Python's default is 700; see ``collect_less_often``).
GC_YOUNG: Final = 10_000


def collect_less_often() -> tuple[int, int, int]:
    """Collect garbage less often; returns the thresholds to restore.

    The corpus, the index and the pages are a large heap that lives as long as the build
    (or the validate, or the worker), and every full collection walks all of it; only
    young objects are garbage here. With the young generation collected after
    ``GC_YOUNG`` new objects, full collections in a 10,000-entry build went from 18 to 5
    and the collector's time from 16 s to 12 s; in ``validate`` young collections went
    from 869 to 111, and it ran 0.1-1.7 s faster in three pairs of runs.
    """
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *before[1:])
    return before


def second_core() -> bool:
    """Is there a core for a worker? On one core it would only take turns with MkDocs."""
    return (os.cpu_count() or 1) >= 2


def _child_env() -> dict[str, str]:
    """This process's environment, with its import path: the package must be importable in
    the child even where it was put on ``sys.path`` rather than installed."""
    path = os.pathsep.join(p for p in sys.path if p)
    return {**os.environ, "PYTHONPATH": path}


def read_request() -> bytes:
    """The child's side: what the parent asked for."""
    return sys.stdin.buffer.read()


def send_frame(data: bytes, out: BinaryIO | None = None) -> None:
    """The child's side: one answer, which the parent can use as soon as it arrives."""
    out = out or sys.stdout.buffer
    out.write(len(data).to_bytes(_HEAD, "big"))
    out.write(data)
    out.flush()


def read_frames(source: BinaryIO | None = None) -> Iterator[bytes]:
    """The child's side, for a parent that sends requests one by one (``Child.send``)."""
    source = source or sys.stdin.buffer
    while True:
        head = source.read(_HEAD)
        if len(head) < _HEAD:
            return
        size = int.from_bytes(head, "big")
        data = source.read(size)
        if len(data) < size:
            return
        yield data


# Every child yields to the build (``nice``) and, a batch job with a heap that lives as long
# as it does, collects garbage less often.
_PRELUDE: Final = (
    "import os; os.nice({nice})\n"
    "from erfaringsbase.parallel.workers import collect_less_often; collect_less_often()\n"
)


#: Bytes a pipe to or from a child holds (Linux's largest without privileges; its default
#: is 64 KiB).
PIPE_BYTES: Final = 1 << 20


def _widen(pipe: IO[bytes] | None) -> None:
    """Let a pipe hold a whole frame (``PIPE_BYTES``), so the writer need not wait while
    the frame is read. This process reads a child's frames with a thread, which gets
    Python's lock only when the busy main thread gives it up (every 5 ms): with the
    default 64 KiB pipe the reader of ``erfaringsbase validate`` waited for that lock
    several times per frame and read a third of the files instead of half. Where the
    system has no such setting, the pipe stays as it is."""
    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or fcntl is None or setting is None:
        return
    # Over the system's limit (/proc/sys/fs/pipe-max-size) the default stays.
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), setting, PIPE_BYTES)


class Child:
    """``python -c code``, given ``payload`` on stdin, its frames collected by a thread as
    they arrive while this process goes on.

    ``frame(n)`` waits for the n-th frame, and is None if the child could not start, failed
    or was stopped before sending it, or ran past ``timeout``: the caller then does that
    work itself. Frames that arrived complete stay good whatever happens afterwards.
    """

    def __init__(
        self, code: str, payload: bytes | None = None, timeout: float = 3600, nice: int = NICE
    ) -> None:
        """Without ``payload``, requests are sent one by one with ``send`` (the child reads
        them with ``read_frames``) until ``close``."""
        self._requests: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        if payload is not None:
            self._requests.put(payload)
            self._requests.put(None)
        self._framed = payload is None
        self._frames: list[bytes | None] = []
        self._ended = False
        self._changed = threading.Condition()
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", _PRELUDE.format(nice=nice) + code],
                env=_child_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._process = None
            self._ended = True
            return
        for pipe in (self._process.stdin, self._process.stdout):
            _widen(pipe)
        # A child that hangs must not hang the build: past the timeout it is stopped and
        # whatever it has not sent is made by the caller.
        self._timer = threading.Timer(timeout, self.stop)
        self._timer.daemon = True
        self._timer.start()
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, request: bytes) -> None:
        """One more request (without waiting: a thread writes it)."""
        self._requests.put(request)

    def close(self) -> None:
        """No more requests: the child sees the end of its input."""
        self._requests.put(None)

    def _write(self) -> None:
        process = self._process
        assert process is not None and process.stdin is not None
        try:
            while (request := self._requests.get()) is not None:
                if self._framed:
                    process.stdin.write(len(request).to_bytes(_HEAD, "big"))
                process.stdin.write(request)
                process.stdin.flush()
            process.stdin.close()
        except (OSError, ValueError):
            self.stop()

    def _read(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        try:
            while True:
                head = process.stdout.read(_HEAD)
                if len(head) < _HEAD:
                    break
                size = int.from_bytes(head, "big")
                data = process.stdout.read(size)
                if len(data) < size:
                    break  # cut off: the child died while writing
                with self._changed:
                    self._frames.append(data)
                    self._changed.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            self.stop()
            process.wait()
            self._timer.cancel()
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def frame(self, number: int) -> bytes | None:
        """Wait for frame ``number`` (from 0); None if it will never come. A frame is
        handed out once, so that its memory goes as soon as the caller is done with it."""
        with self._changed:
            while len(self._frames) <= number and not self._ended:
                self._changed.wait()
            if number >= len(self._frames):
                return None
            data, self._frames[number] = self._frames[number], None
            return data

    def available(self) -> int:
        """How many frames have arrived so far (without waiting)."""
        with self._changed:
            return len(self._frames)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
