"""Python's cycle collector during one build: what it is asked to do, and what not.

A build keeps nearly everything it makes until it ends: the content, its index, every
page MkDocs holds. Each full collection walks all of it and finds little to free: at
10,000 entries ten of them cost the build process 3.2 s. While a site is built only the
young generations are collected, where each page's garbage is: the loader's
``keeping_what_is_made``, which ``validate`` uses too, for the whole build. What is left
over for the old generation was about 20 MB.

At the end of a ``mkdocs build`` the process exits, and Python's last collections walked
the same heap again for 2.2 s before it could. So the build's objects are frozen
(``gc.freeze``: left out of every later collection) once it is done. The next build in
the same process, if there is one, thaws them first, so nothing is kept for good; under
``mkdocs serve`` nothing is frozen.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from ..content.loader import NEVER, keeping_what_is_made

__all__ = ["NEVER", "BuildCollector"]


class BuildCollector:
    """``begin`` when a build starts, ``end`` when it is over (repeating it is harmless)."""

    def __init__(self) -> None:
        self._kept: ExitStack | None = None

    def begin(self) -> None:
        gc.unfreeze()  # what an earlier build in this process left frozen
        if self._kept is None:
            self._kept = ExitStack()
            self._kept.enter_context(keeping_what_is_made())

    def end(self, *, exiting: bool) -> None:
        """``exiting``: the process ends after this build (``mkdocs build``)."""
        if self._kept is not None:
            self._kept.close()
            self._kept = None
            if exiting:
                gc.freeze()
