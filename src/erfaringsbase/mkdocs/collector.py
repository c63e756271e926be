"""Python's cycle collector during one build: what it is asked to do, and what not.

A build keeps nearly everything it makes until it ends: the content, its index, every
page MkDocs holds. Each full collection walks all of it and finds little to free: at
10,000 entries ten of them cost the build process 3.2 s. While a site is built only the
young generations are collected, where each page's garbage is (``keeping_what_is_made``
does the same for ``validate``); what is left over for the old one was about 20 MB.

At the end of a ``mkdocs build`` the process exits, and Python's last collections walked
the same heap again for 2.2 s before it could. So the build's objects are frozen
(``gc.freeze``: left out of every later collection) once it is done. The next build in
the same process, if there is one, thaws them first, so nothing is kept for good; under
``mkdocs serve`` nothing is frozen.
"""

from __future__ import annotations

import gc
from typing import Final

#: The old generation's threshold while a site is built: never reached.
NEVER: Final = 1 << 30


class BuildCollector:
    """``begin`` when a build starts, ``end`` when it is over (repeating it is harmless)."""

    def __init__(self) -> None:
        self._threshold: tuple[int, int, int] | None = None

    def begin(self) -> None:
        gc.unfreeze()  # what an earlier build in this process left frozen
        if self._threshold is None:
            self._threshold = gc.get_threshold()
            young, middle, _ = self._threshold
            gc.set_threshold(young, middle, NEVER)

    def end(self, *, exiting: bool) -> None:
        """``exiting``: the process ends after this build (``mkdocs build``)."""
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None
            if exiting:
                gc.freeze()
