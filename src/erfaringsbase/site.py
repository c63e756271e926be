"""load → index → render → produce, as one call that the CLI and the MkDocs plugin share.

After the entry and taxonomy pages, *producers* add everything else: each is a function
that takes the renderer (the index, the URL scheme, the labels, link helpers) and yields
pages (markdown) and assets (any other file: calendars, feeds, data, redirects). The plugin
adds both to MkDocs with ``File.generated``; ``render --out`` writes both to a folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .content.config import Settings
from .content.loader import (
    Corpus,
    LoadCache,
    assemble,
    entry_files,
    load,
    load_files,
    received,
    unpickled,
)
from .content.problems import Problem
from .index.cross import CrossIndex, ReferenceCheck
from .parallel.workers import Child, lower_priority, read_frames, second_core, send_frame

if TYPE_CHECKING:
    from .pages.render import Asset, Page, Planned, Renderer

__all__ = ["PRODUCERS", "Asset", "Page", "Producer", "Site", "build", "check", "write_site"]


Producer = Callable[["Renderer"], Iterable["Page | Asset"]]


def __getattr__(name: str) -> Any:
    # The renderer (Jinja, the related-entries index) is imported when first needed, so
    # that ``validate``, which only loads and checks, starts quickly.
    if name in ("Asset", "Page", "Renderer"):
        from .pages import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Producers run in this order after the entry and taxonomy pages. Modules append to it
#: at import time of ``erfaringsbase.outputs.producers``.
PRODUCERS: list[Producer] = []


@dataclass
class Site:
    corpus: Corpus
    index: CrossIndex
    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    #: The renderer that made the pages, for directives in hand-written pages.
    renderer: Renderer | None = None
    #: Pages and assets that a second process made (see ``build(parallel=True)``).
    from_worker: int = 0
    #: The entry and taxonomy pages, still being made (see ``build(stream=True)``).
    stream: PageStream | None = None
    #: Where the assets of the ``LATER`` producers go, when they are still to be made
    #: (``build(stream=True)``); ``later_assets()`` gives them.
    later: list[str] = field(default_factory=list)

    def later_assets(self) -> list[Asset]:
        """The assets at ``later``: from the worker, which makes them after the pages, or
        made here if it did not. Raises ValueError if they are not the ones planned."""
        from .pages.render import Asset

        if not self.later:
            return []
        made = self.stream.later() if self.stream is not None else None
        if made is None:
            assert self.renderer is not None
            made = [item for p in later_producers() for item in p(self.renderer)]
        else:
            self.from_worker += len(made)
        assets = [item for item in made if isinstance(item, Asset)]
        if len(assets) != len(made) or sorted(a.path for a in assets) != sorted(self.later):
            paths = {a.path for a in assets}
            raise ValueError(
                "Produsentene laget andre filer enn planlagt: "
                f"uten plan {sorted(paths - set(self.later))[:5]}, "
                f"ikke laget {sorted(set(self.later) - paths)[:5]}"
                + ("" if len(assets) == len(made) else ", og sider")
            )
        return assets

    def page_slots(self) -> list[Planned | Page]:
        """Every page, made or still to come from the stream: each knows where it goes
        (``src_uri``) and the file it comes from (``source``)."""
        return [*(self.stream.plan if self.stream else []), *self.pages]

    @property
    def problems(self) -> list[Problem]:
        return self.corpus.problems.sorted()

    @property
    def errors(self) -> list[Problem]:
        return self.corpus.problems.errors


def validate(settings: Settings) -> Corpus:
    """What ``erfaringsbase validate`` reports: every file read and checked (by two
    processes when there are many, see :func:`loader.load`), every reference checked,
    drafts included; without building the index, which only the pages need."""
    corpus = load(settings, parallel=True)
    ReferenceCheck(corpus, include_drafts=True)
    return corpus


def check(
    settings: Settings, *, include_drafts: bool = True, cache: LoadCache | None = None
) -> Site:
    """Load and index everything, without rendering."""
    corpus = load(settings, cache)
    return Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))


def build(
    settings: Settings,
    *,
    include_drafts: bool = False,
    force: bool = False,
    cache: LoadCache | None = None,
    parallel: bool = False,
    stream: bool = False,
    helper: PreviewHelper | None = None,
) -> Site:
    """Load and index everything; render pages and assets when the content has no errors.

    ``force`` renders the valid entries even when others have errors: a contributor
    previewing with ``mkdocs serve`` should see the rest of the site while fixing one file.

    ``parallel`` lets a large site (``MIN_FOR_WORKER`` entries) use a second core: see
    :class:`PageStream`. The result is the same, page for page and byte for byte. With
    ``stream`` as well, the entry and taxonomy pages are left in ``site.stream``, to be
    taken one by one while the worker is still making the later ones; ``site.pages`` then
    holds the producers' pages only.

    ``helper`` (under `mkdocs serve`, with ``cache``) makes the later part of the pages in
    its own process, which it keeps from one rebuild to the next (``PreviewHelper``).
    """
    from .outputs import producers  # noqa: F401  (registers the producers)
    from .pages.render import Renderer

    if helper is not None:
        helper.ask(settings, include_drafts, force)  # it loads while this process does
    # (Under `mkdocs serve`, with its cache, a rebuild reads only the files that changed.)
    work = entry_files(settings) if parallel and cache is None else []
    cut = round(len(work) * READ_HERE)
    child = _start_worker(settings, include_drafts, force, work, cut)
    if child is None:
        corpus = load(settings, cache)
    else:
        # Each process reads half the files and sends the other what it read: both then
        # have all of it in little more than half the time (see ``_serve``).
        mine = load_files(settings, work[:cut])
        child.send(pickle.dumps(mine, pickle.HIGHEST_PROTOCOL))
        child.close()
        corpus = assemble(settings, work, mine + received(child, 0, settings, work[cut:]))
    site = Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))
    if site.errors and not force:
        if child is not None:
            child.stop()
        return site
    renderer = site.renderer = Renderer(site.index)
    plan = renderer.page_plan()
    if child is None:
        shared = helper.stream(settings, plan) if helper is not None else None
        if shared is None:
            site.pages = [planned.make() for planned in plan]
            _produce(site, renderer, PRODUCERS)
            return site
        # This process's part, then the producers' pages and files, while the helper
        # makes the rest of the pages.
        made_here = [shared.get(i) for i in range(shared.start)]
        _produce(site, renderer, PRODUCERS)
        from_helper = [shared.get(i) for i in range(shared.start, len(plan))]
        assert helper is not None
        helper.from_helper = shared.from_worker
        site.pages = made_here + from_helper + site.pages
        return site
    # Streaming into MkDocs, the LATER producers are only planned here: MkDocs needs
    # their files by name now and their content only after converting every page, and
    # the worker makes them after the pages (``Site.later_assets``).
    later = later_producers() if stream else []
    site.later = [path for p in later for path in LATER[p](renderer)]
    pages = PageStream(plan, child, (fingerprint(settings), [p.src_uri for p in plan]), first=1)
    if not stream:
        pages.make_from_the_end()
    _produce(site, renderer, [p for p in PRODUCERS if p not in later])
    if stream:
        site.stream = pages
    else:
        site.pages = pages.all() + site.pages
        site.from_worker += pages.from_worker
    return site


def _produce(site: Site, renderer: Renderer, producers: Iterable[Producer]) -> None:
    from .pages.render import Asset

    for produce in producers:
        for item in produce(renderer):
            if isinstance(item, Asset):
                site.assets.append(item)
            else:
                site.pages.append(item)


#: Producers that make only assets, each with the paths it makes (known from the index
#: alone). Streaming into MkDocs with a worker, the worker makes them after the pages:
#: MkDocs copies assets only once it has converted every page, and would otherwise wait
#: for them before converting the first (calendars, feeds and data files: what MkDocs
#: waits for in ``on_files`` went from 6.1 s to 4.5 s at 10,000 entries).
#: Modules add to it at import time of ``erfaringsbase.outputs.producers``.
LATER: dict[Producer, Callable[[Renderer], list[str]]] = {}


def later_producers() -> list[Producer]:
    """The ``LATER`` producers, in the order of ``PRODUCERS``."""
    return [p for p in PRODUCERS if p in LATER]


#: Below this many entry files, starting and feeding a second process costs about what
#: it saves (it loads everything again before it can render).
MIN_FOR_WORKER: Final = 1000

#: The share of the files this process reads, the worker the rest. After reading, the
#: worker builds the related-entries index (1.5 s at 10,000 entries) before its first
#: pages, while this process makes the producers' pages and MkDocs its files, and then
#: waits for those pages: reading half each, MkDocs had its first page 6.2 s into the
#: build; reading 65 % here, 6.0 s, 75 %, 6.3 s.
READ_HERE: Final = 0.6

#: Pages per frame from the worker: few enough that the first arrive at once, enough that
#: sending them costs little.
BATCH: Final = 32


class PageStream:
    """The entry and taxonomy pages of a large site, made by a second process.

    MkDocs is single-threaded, and at 10,000 entries our pages take some 25 s to make. A
    second Python process (see ``workers``) has the same files as this one (each read
    half and sent the other what it read, ``build``) and sends the pages in order, in
    frames of ``BATCH``, while this process hands MkDocs the ones that have arrived:
    MkDocs takes ten times longer per page than the worker needs to make one, so it
    never waits after the first.

    Nothing from the worker is used unless it read the same files as this process (a
    fingerprint of names, sizes and times) and planned the same pages. Whatever it has not
    sent, because it failed, was stopped or could not start, is made here, so the site is
    the same either way (``tests/test_parallel.py``).
    """

    def __init__(
        self,
        plan: list[Planned],
        child: Child,
        expected: object,
        first: int = 0,
        *,
        start: int = 0,
        trusted: bool | None = None,
        owned: bool = True,
    ) -> None:
        """``first``: the number of the worker's first frame about pages (the frames before
        it carried the files it read). ``start``: the first page the worker makes (the
        ones before are made here). ``trusted``: whether the worker's plan, in frame
        ``first``, has been found to be this one already. ``owned``: the child is this
        stream's, to stop when it is done or cannot be trusted."""
        self.plan = plan
        self._first = first
        self._child: Child | None = child
        self._expected = expected
        self._trusted: bool | None = trusted
        #: The first page the worker makes.
        self.start = start
        self._owned = owned
        self._made: dict[int, Page] = {}
        self._batch: tuple[int, list[Page]] = (-1, [])
        #: Pages that came from the worker.
        self.from_worker = 0

    def _frame(self, number: int) -> Any:
        """Frame ``number`` (0: what the worker read and planned, then pages, then what its
        ``LATER`` producers made; counted from ``first``), or None if it does not come or
        cannot be trusted."""
        if self._child is None:
            return None
        if self._trusted is None:
            header = self._child.frame(self._first)
            self._trusted = header is not None and pickle.loads(header) == self._expected
            if not self._trusted:
                self.stop()
                return None
        data = self._child.frame(self._first + number)
        if data is None:
            return None
        return pickle.loads(data)  # our own child's answer

    def later(self) -> list[Page | Asset] | None:
        """What the worker's ``LATER`` producers made, after its last page."""
        found: list[Page | Asset] | None = self._frame(1 - (-len(self.plan) // BATCH))
        return found

    def get(self, position: int) -> Page:
        """Page ``position`` of the plan: from the worker (waiting for it) or made here."""
        page = self._made.pop(position, None)
        if page is not None:
            return page
        if position < self.start:
            return self.plan[position].make()
        number, offset = divmod(position - self.start, BATCH)
        number += 1
        if self._batch[0] != number:
            pages = self._frame(number)
            self._batch = (number, pages if isinstance(pages, list) else [])
        batch = self._batch[1]
        if offset < len(batch) and batch[offset].src_uri == self.plan[position].src_uri:
            self.from_worker += 1
            return batch[offset]
        return self.plan[position].make()

    def make_from_the_end(self) -> None:
        """Make pages here from the last one back, until they meet what the worker sent
        from the first one on: both cores then share the pages without further planning."""
        end = len(self.plan)
        while end > 0 and (
            self._child is None or (self._child.available() - self._first - 1) * BATCH < end
        ):
            end -= 1
            self._made[end] = self.plan[end].make()

    def all(self) -> list[Page]:
        pages = [self.get(i) for i in range(len(self.plan))]
        self.stop()
        return pages

    def stop(self) -> None:
        """Let the worker go (it stops at once if it is still making pages)."""
        if self._child is not None and self._owned:
            self._child.stop()
        self._child = None


def _start_worker(
    settings: Settings, include_drafts: bool, force: bool, work: list[tuple[str, Path]], cut: int
) -> Child | None:
    if not second_core() or len(work) < MIN_FOR_WORKER:
        return None
    child = Child("from erfaringsbase.site import _serve; _serve()")
    child.send(pickle.dumps((settings, include_drafts, force, work, cut)))
    return child


def fingerprint(settings: Settings) -> bytes:
    """Name, size and modification time of every content and vocabulary file: the two
    processes must have read the same files."""
    digest = hashlib.sha256()
    for folder in settings.watched_dirs():
        for dirpath, dirnames, names in os.walk(folder):
            dirnames.sort()
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def _serve() -> None:
    """The worker's side (``python -c``): what it read, what it planned, the pages, then
    the files of the ``LATER`` producers."""
    from .outputs import producers  # noqa: F401  (registers the producers)
    from .pages.render import Renderer

    requests = read_frames()
    settings, include_drafts, force, work, cut = pickle.loads(next(requests))
    # The later half of the files is read here and sent; the earlier half comes from the
    # parent (or, if it does not, is read here too).
    read_here = load_files(settings, work[cut:])
    send_frame(pickle.dumps(read_here, pickle.HIGHEST_PROTOCOL))
    sent = next(requests, None)
    read_there = unpickled(sent) if sent is not None else load_files(settings, work[:cut])
    corpus = assemble(settings, work, read_there + read_here)
    site = Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))
    if site.errors and not force:
        raise SystemExit(1)
    renderer = Renderer(site.index)
    plan = renderer.page_plan()

    def send(value: object) -> None:
        send_frame(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    send((fingerprint(settings), [p.src_uri for p in plan]))
    for start in range(0, len(plan), BATCH):
        send([planned.make() for planned in plan[start : start + BATCH]])
    # Needed last (after MkDocs has rendered every page, for which it waits on the QR codes
    # and the finished HTML): yield to those workers.
    lower_priority()
    send([item for p in later_producers() for item in p(renderer)])


#: The share of the pages the preview helper makes, from the end of the plan: this process
#: makes the rest and the producers' pages and files meanwhile (at 1,000 entries about
#: 0.3 s, and 0.7 s for all the pages).
HELPER_SHARE: Final = 0.6

#: Below this many entry files a rebuild is quick enough without a helper.
MIN_FOR_HELPER: Final = 300


def helper_start(pages: int) -> int:
    """The first page the preview helper makes (on a frame boundary, for ``PageStream``)."""
    return round(pages * (1 - HELPER_SHARE) / BATCH) * BATCH


class PreviewHelper:
    """A second process for `mkdocs serve`, kept from one rebuild to the next.

    A rebuild after an edit makes every page again (which ones an edit changes is not
    known before they are made: related entries depend on every text) and MkDocs then
    converts the few that changed. The helper keeps its own load cache, so at each
    rebuild it reads only the edited files, like this process, and makes the later part
    of the pages while this process makes the first part and the producers' files: a
    rebuild at 1,000 entries went from 1.6 s to 1.1 s.

    Its pages are used only if it read the same files and planned the same pages
    (``PageStream``); whatever it does not send is made here. Each rebuild asks once
    (``ask``) and the helper always answers with its plan and then every batch of its
    part, so the frames of one rebuild are never taken for another's.
    """

    def __init__(self) -> None:
        self._child: Child | None = None
        #: The number of the frame that answers the last request (its plan), if asked.
        self._first: int | None = None
        #: Where the next answer's frames begin.
        self._next = 0
        self._header: Any = None

    def ask(self, settings: Settings, include_drafts: bool, force: bool) -> None:
        """Start this rebuild's pages in the helper (started now, the first time)."""
        self._settle()
        if len(entry_files(settings)) < MIN_FOR_HELPER or not second_core():
            return
        if self._child is None:
            self._child = Child(
                "from erfaringsbase.site import _serve_previews; _serve_previews()",
                timeout=10**9,  # as long as `mkdocs serve` runs
            )
            self._next = 0
        self._child.send(pickle.dumps((settings, include_drafts, force)))
        self._first = self._next
        self._header = None

    def _answer(self) -> Any:
        """The helper's plan for the last request: (fingerprint, page paths) or None."""
        if self._first is None or self._child is None:
            return None
        if self._header is None:
            data = self._child.frame(self._first)
            self._header = pickle.loads(data) if data is not None else ()
            planned = self._header[1] if self._header else None
            frames = 1 + -(-(len(planned) - helper_start(len(planned))) // BATCH) if planned else 1
            self._next = self._first + frames
        return self._header or None

    def _settle(self) -> None:
        """Count the frames of the last answer, whether or not its pages were taken."""
        self._answer()
        self._first = None

    def stream(self, settings: Settings, plan: list[Planned]) -> PageStream | None:
        """The pages of ``plan``, the helper's part from it (from ``PageStream.start``), if
        it planned the same pages from the same files; None otherwise."""
        answer = self._answer()
        first, self._first = self._first, None
        expected = (fingerprint(settings), [p.src_uri for p in plan])
        if self._child is None or first is None or answer != expected:
            return None
        start = helper_start(len(plan))
        return PageStream(
            plan, self._child, expected, first, start=start, trusted=True, owned=False
        )

    #: Pages the helper made in the last rebuild (the tests read it).
    from_helper = 0

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child.stop()
        self._child = None


def _serve_previews() -> None:
    """The preview helper's side: for each request, its plan, then its part of the pages
    in frames of ``BATCH`` (an empty frame for a batch it could not make)."""
    from .outputs import producers  # noqa: F401  (registers the producers)
    from .pages.render import Renderer

    def send(value: object) -> None:
        send_frame(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    cache = LoadCache()
    for request in read_frames():
        settings, include_drafts, force = pickle.loads(request)
        try:
            corpus = load(settings, cache)
            site = Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))
            plan = [] if site.errors and not force else Renderer(site.index).page_plan()
            send((fingerprint(settings), [p.src_uri for p in plan]))
        except Exception:  # whatever fails here, the parent makes itself
            send(())
            continue
        for start in range(helper_start(len(plan)), len(plan), BATCH):
            try:
                batch = [planned.make() for planned in plan[start : start + BATCH]]
            except Exception:  # the parent makes this batch itself
                batch = []
            send(batch)


def write_site(site: Site, out: Path) -> list[Path]:
    """Write generated pages (markdown) and assets, so the content outlives any one engine."""
    written = []
    for path, content in [(p.src_uri, p.markdown.encode("utf-8")) for p in site.pages] + [
        (a.path, a.content) for a in site.assets
    ]:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
