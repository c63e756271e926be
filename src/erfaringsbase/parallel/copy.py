"""A copy of this process (``os.fork``) that does one job and sends what it makes
through a pipe: the one way ``parallel/`` starts a process (``pages`` and ``aside``).

The copy has everything this process had, so nothing is sent to it. It runs in a process
group of its own, so that stopping it stops what it started (Pagefind) too, and leaves
Ctrl-C to the build. It never returns: it exits 0 when the job is done, 1 when it raised.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import BinaryIO


def start_copy(job: Callable[[BinaryIO], None]) -> tuple[int, int]:
    """The copy's process id, and the end of the pipe this process reads what it sends."""
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    # What exists now is shared with the copy until either changes it; the garbage
    # collector would otherwise touch (and so copy) every object in it.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _run(job, write)
    gc.unfreeze()
    os.close(write)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # set on both sides: whichever runs first
    return pid, read


def stop_copy(pid: int) -> None:
    """End the copy and whatever it started, at once, and wait for the copy to go."""
    kill_group(pid)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def kill_group(pid: int) -> None:
    """What is left of the copy's process group (after the copy itself has ended, say)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _run(job: Callable[[BinaryIO], None], pipe: int) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        with os.fdopen(pipe, "wb") as out:
            job(out)
    except BaseException:  # what it did not send, the build does itself
        status = 1
    finally:
        os._exit(status)
