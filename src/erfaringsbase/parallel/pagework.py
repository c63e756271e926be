"""What happens to the HTML of a generated page once MkDocs has converted it.

It is sanitised (``sanitize``), and its fact box is taken out of the search text
(``search.fact_box_for_keywords``). At 10,000 entries that is some 16 s of a build that
MkDocs runs on one core, so on a large site a second process does it while MkDocs goes on
with the next pages (``Finisher``); the result is the same either way.
"""

from __future__ import annotations

import pickle
import posixpath
from bisect import bisect_right
from collections.abc import Collection
from typing import Final, NamedTuple

from ..pages.sanitize import sanitize
from ..search import fact_box_for_keywords
from .workers import NICE_LATER, Child, read_frames, second_core, send_frame

#: Below this many pages, the work is done here: a second process costs more to start
#: (~0.3 s) than it saves.
MIN_FOR_WORKER: Final = 1000


def finish(html: str, here: str, facts_title: str, vocabulary: Collection[str]) -> tuple[str, str]:
    """The page's sanitised HTML, with its fact box marked for search to skip, and the
    text of the fact box (its names of themes, organisations, life events and sectors)."""
    return fact_box_for_keywords(
        sanitize(html), facts_title, lambda href: vocabulary_link(vocabulary, here, href)
    )


def vocabulary_link(vocabulary: Collection[str], here: str, href: str) -> bool:
    """Does a link on the page at ``here`` go to a theme, organisation, life event or
    sector page (whose first path segment is in ``vocabulary``)? Their names are searched
    for; other entries' titles, addresses and calendar files are not."""
    if ":" in href.split("/")[0]:
        return False  # https://…, mailto:…
    target = posixpath.normpath(posixpath.join(here, href.split("#")[0]))
    return target.split("/")[0] in vocabulary


class Finished(NamedTuple):
    html: str
    #: The text of the page's fact box (see ``finish``).
    facts: str


#: Pages per frame to the worker and back. Each frame wakes a thread of this process,
#: which takes Python's lock from MkDocs: with a frame per page, MkDocs converted its
#: markdown 12 % more slowly at 10,000 entries than with no worker at all.
FRAME_PAGES: Final = 16


class Finisher:
    """Pages handed in (``start``) are finished by a second process while MkDocs converts
    the next ones, and taken back (``result``) when MkDocs renders their templates.

    The HTML is never given back unfinished: ``result`` waits for the worker, and makes
    the page here if the worker failed or stopped before answering for it. Pages go to the
    worker in frames of ``FRAME_PAGES`` (or fewer, when MkDocs wants one back before a
    frame is full), and the answers come back in the same frames and order.
    """

    def __init__(self, facts_title: str, vocabulary: Collection[str]) -> None:
        self.facts_title = facts_title
        self.vocabulary = frozenset(vocabulary)
        self._child: Child | None = None
        #: Page → its position in the requests and its location.
        self._pending: dict[str, tuple[int, str]] = {}
        #: The HTML handed in, by position, until the worker has answered for it.
        self._html: list[str | None] = []
        #: Pages handed in but not yet sent, and how many were sent.
        self._unsent: list[tuple[str, str]] = []
        self._sent = 0
        #: The pages sent up to the end of each frame (a frame may be sent before it is
        #: full, when MkDocs wants a page back early).
        self._frame_ends: list[int] = []
        self._answered = 0
        #: Answer frames taken from the worker: frame → its answers not yet handed out.
        self._taken: dict[int, dict[int, tuple[str, str]]] = {}
        #: Pages the worker finished (the tests and the benchmark read it).
        self.from_worker = 0

    def begin(self, pages: int) -> None:
        """A new build of ``pages`` generated pages: a worker if there are enough."""
        self.end()
        if pages >= MIN_FOR_WORKER and second_core():
            self._child = Child(
                "from erfaringsbase.parallel.pagework import _serve; _serve()", nice=NICE_LATER
            )
            self._child.send(pickle.dumps((self.facts_title, self.vocabulary)))

    @property
    def working(self) -> bool:
        """Whether a worker was started for this build."""
        return self._child is not None

    def start(self, key: str, html: str, here: str) -> bool:
        """Hand in a page; False if there is no worker (then call ``finish`` directly)."""
        if self._child is None:
            return False
        self._pending[key] = (len(self._html), here)
        self._html.append(html)
        self._unsent.append((html, here))
        if len(self._unsent) >= FRAME_PAGES:
            self._send()
        # What has been answered for is not needed here any more: the worker keeps up, so
        # this holds a few pages, not the whole site twice.
        frames = min(self._child.available(), len(self._frame_ends))
        answered = self._frame_ends[frames - 1] if frames else 0
        while self._answered < answered:
            self._html[self._answered] = None
            self._answered += 1
        return True

    def _send(self) -> None:
        if self._child is not None and self._unsent:
            self._child.send(pickle.dumps(self._unsent, pickle.HIGHEST_PROTOCOL))
            self._sent += len(self._unsent)
            self._frame_ends.append(self._sent)
            self._unsent = []

    def result(self, key: str) -> Finished | None:
        """The finished page (waiting for it), or None if it was never handed in. Made
        here if the worker did not answer."""
        pending = self._pending.pop(key, None)
        if pending is None:
            return None
        number, here = pending
        if number >= self._sent:
            self._send()
        answer = self._answer(number)
        if answer is not None:
            self.from_worker += 1
            return Finished(*answer)
        html = self._html[number]
        assert html is not None, "an answer that arrived is never lost"
        return Finished(*finish(html, here, self.facts_title, self.vocabulary))

    def _answer(self, number: int) -> tuple[str, str] | None:
        frame = bisect_right(self._frame_ends, number)
        offset = number - (self._frame_ends[frame - 1] if frame else 0)
        if frame not in self._taken:
            data = self._child.frame(frame) if self._child is not None else None
            answers = pickle.loads(data) if data is not None else []  # our own child's
            self._taken[frame] = dict(enumerate(answers))
        answers = self._taken[frame]
        found = answers.pop(offset, None)
        if not answers:
            del self._taken[frame]  # every page of the frame handed out: its memory goes
        return found

    def end(self) -> None:
        """The build is over (or failed): let the worker go, forget what was handed in."""
        if self._child is not None:
            self._child.close()
            self._child.stop()
        self._child = None
        self._pending = {}
        self._html = []
        self._unsent = []
        self._sent = 0
        self._frame_ends = []
        self._answered = 0
        self._taken = {}

    def close(self) -> None:
        """No more pages this build: the worker ends once it has answered for all."""
        if self._child is not None:
            self._send()
            self._child.close()


def _serve() -> None:
    """The worker's side (``python -c``): settings first, then frames of pages, each
    answered with a frame."""
    requests = read_frames()
    facts_title, vocabulary = pickle.loads(next(requests))
    for request in requests:
        answers = [
            finish(html, here, facts_title, vocabulary) for html, here in pickle.loads(request)
        ]
        send_frame(pickle.dumps(answers, pickle.HIGHEST_PROTOCOL))
