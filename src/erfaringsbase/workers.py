"""Starting a second Python process for work that can run beside MkDocs.

Both workers (the build's share in ``pipeline``, the QR codes in ``share``) are plain
subprocesses: ``multiprocessing``'s "spawn" re-imports the ``__main__`` module of whoever
runs MkDocs (a hook script, a test runner), and "fork" is unsafe in a process that may run
threads, as ``mkdocs serve`` does.
"""

from __future__ import annotations

import os
import sys


def python_command(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def child_env() -> dict[str, str]:
    """This process's environment, with its import path: the package must be importable in
    the child even where it was put on ``sys.path`` rather than installed."""
    path = os.pathsep.join(p for p in sys.path if p)
    return {**os.environ, "PYTHONPATH": path}


def second_core() -> bool:
    """Is there a core for a worker? On one core it would only take turns with MkDocs."""
    return (os.cpu_count() or 1) >= 2
