"""A second Python process for work that can run beside MkDocs.

Both workers (the build's share in ``pipeline``, the QR codes in ``share``) are plain
subprocesses: ``multiprocessing``'s "spawn" re-imports the ``__main__`` module of whoever
runs MkDocs (a hook script, a test runner), and "fork" is unsafe in a process that may run
threads, as ``mkdocs serve`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading


def second_core() -> bool:
    """Is there a core for a worker? On one core it would only take turns with MkDocs."""
    return (os.cpu_count() or 1) >= 2


def _child_env() -> dict[str, str]:
    """This process's environment, with its import path: the package must be importable in
    the child even where it was put on ``sys.path`` rather than installed."""
    path = os.pathsep.join(p for p in sys.path if p)
    return {**os.environ, "PYTHONPATH": path}


class Background:
    """``python -c code`` reading ``payload`` on stdin, its answer (stdout) collected by a
    thread while this process goes on. The answer is None if the child could not start,
    failed, was stopped or ran past ``timeout``: the caller then does the work itself."""

    def __init__(self, code: str, payload: bytes, timeout: float = 3600) -> None:
        self._answer: bytes | None = None
        self._thread: threading.Thread | None = None
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", code],
                env=_child_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._process = None
            return
        self._thread = threading.Thread(target=self._talk, args=(payload, timeout), daemon=True)
        self._thread.start()

    def _talk(self, payload: bytes, timeout: float) -> None:
        assert self._process is not None
        try:
            out, _ = self._process.communicate(payload, timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            self.stop()
            return
        if self._process.returncode == 0:
            self._answer = out

    def result(self) -> bytes | None:
        """Wait for the child; its answer, or None."""
        if self._thread is not None:
            self._thread.join()
        return self._answer

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
