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
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .config import Settings
from .index import CrossIndex
from .loader import Corpus, LoadCache, load
from .problems import Problem
from .schema import ENTRY_KINDS
from .workers import Background, second_core

if TYPE_CHECKING:
    from .render import Asset, Page, Renderer

__all__ = ["PRODUCERS", "Asset", "Page", "Producer", "Site", "build", "check", "write_site"]


Producer = Callable[["Renderer"], Iterable["Page | Asset"]]


def __getattr__(name: str) -> Any:
    # The renderer (Jinja, the related-entries index) is imported when first needed, so
    # that ``validate``, which only loads and checks, starts quickly.
    if name in ("Asset", "Page", "Renderer"):
        from . import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Producers run in this order after the entry and taxonomy pages. Modules append to it
#: at import time of ``erfaringsbase.producers``.
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

    @property
    def problems(self) -> list[Problem]:
        return self.corpus.problems.sorted()

    @property
    def errors(self) -> list[Problem]:
        return self.corpus.problems.errors


def check(
    settings: Settings, *, include_drafts: bool = True, cache: LoadCache | None = None
) -> Site:
    """Load and index everything, without rendering: all that ``validate`` needs."""
    corpus = load(settings, cache)
    return Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))


def build(
    settings: Settings,
    *,
    include_drafts: bool = False,
    force: bool = False,
    cache: LoadCache | None = None,
    parallel: bool = False,
) -> Site:
    """Load and index everything; render pages and assets when the content has no errors.

    ``force`` renders the valid entries even when others have errors: a contributor
    previewing with ``mkdocs serve`` should see the rest of the site while fixing one file.

    ``parallel`` lets a large site (``MIN_FOR_WORKER`` entries) use a second core: see
    :class:`_Worker`. The result is the same, page for page and byte for byte.
    """
    from . import producers  # noqa: F401  (registers the producers)
    from .render import Renderer

    worker = _Worker.start(settings, include_drafts, force) if parallel else None
    site = check(settings, include_drafts=include_drafts, cache=cache)
    if site.errors and not force:
        if worker is not None:
            worker.stop()
        return site
    renderer = site.renderer = Renderer(site.index)
    if worker is None:
        site.pages = list(renderer.pages())
        _produce(site, renderer)
        return site
    makers = renderer.page_makers()
    total = len(makers)
    mine = {i: make() for i, make in enumerate(makers) if _Worker.parent_share(i)}
    expected = [i for i in range(total) if _Worker.worker_share(i)]
    answer = worker.result()
    if answer is None or answer[0] != fingerprint(settings) or sorted(answer[1]) != expected:
        # The worker failed, or read other files than we did (one changed meanwhile).
        answer = (b"", *_worker_share(site, renderer))
    else:
        site.from_worker = len(answer[1]) + len(answer[2]) + len(answer[3])
    _, theirs, site.assets, produced = answer
    site.pages = [mine[i] if i in mine else theirs[i] for i in range(total)] + produced
    return site


def _produce(site: Site, renderer: Renderer) -> None:
    from .render import Asset

    for produce in PRODUCERS:
        for item in produce(renderer):
            if isinstance(item, Asset):
                site.assets.append(item)
            else:
                site.pages.append(item)


#: What the worker does: its pages by position, the assets, and the producers' pages.
_Share = tuple[dict[int, "Page"], list["Asset"], list["Page"]]
#: What it sends back: the fingerprint of the files it read, and its share.
_Answer = tuple[bytes, dict[int, "Page"], list["Asset"], list["Page"]]


def _worker_share(site: Site, renderer: Renderer) -> _Share:
    makers = renderer.page_makers()
    pages = {i: make() for i, make in enumerate(makers) if _Worker.worker_share(i)}
    produced = Site(site.corpus, site.index)
    _produce(produced, renderer)
    return pages, produced.assets, produced.pages


class _Worker:
    """Half the rendering of a large site, done in a second process.

    MkDocs is single-threaded, and at 10,000 entries our pages and data files take some
    50 s before MkDocs can start. A second Python process (see ``workers``) loads the same
    files alongside this one and renders
    every fourth page and all producers, which is about half the work. Loading twice costs
    nothing on the clock, since both run at once on two cores. If anything goes wrong with
    the worker, this process does its share itself.
    """

    #: Every WORKER_EVERY-th page goes to the worker, which also runs every producer
    #: (together about half as long as the pages at 10,000 entries).
    WORKER_EVERY: Final = 4

    def __init__(self, child: Background) -> None:
        self.child = child

    @staticmethod
    def parent_share(position: int) -> bool:
        return position % _Worker.WORKER_EVERY != _Worker.WORKER_EVERY - 1

    @staticmethod
    def worker_share(position: int) -> bool:
        return not _Worker.parent_share(position)

    @classmethod
    def start(cls, settings: Settings, include_drafts: bool, force: bool) -> _Worker | None:
        if not second_core() or count_entry_files(settings) < MIN_FOR_WORKER:
            return None
        request = pickle.dumps((settings, include_drafts, force))
        return cls(Background("from erfaringsbase.pipeline import _serve; _serve()", request))

    def result(self) -> _Answer | None:
        answer = self.child.result()
        if answer is None:
            return None
        try:
            found: _Answer = pickle.loads(answer)  # our own child's answer
        except (pickle.UnpicklingError, EOFError, ValueError):
            return None
        return found

    def stop(self) -> None:
        self.child.stop()


#: Below this many entry files, starting and feeding a second process costs about what
#: it saves (it loads everything again before it can render).
MIN_FOR_WORKER: Final = 1000


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


def count_entry_files(settings: Settings) -> int:
    """About how many entries there are, before reading any (a cheap upper bound)."""
    total = 0
    for kind in ENTRY_KINDS:
        for _, _, names in os.walk(settings.folder(kind)):
            total += sum(name.endswith(".md") for name in names)
    return total


def _serve() -> None:
    """The worker's side (``python -c``): read the request on stdin, answer on stdout."""
    from . import producers  # noqa: F401  (registers the producers)
    from .render import Renderer

    settings, include_drafts, force = pickle.loads(sys.stdin.buffer.read())
    site = check(settings, include_drafts=include_drafts)
    if site.errors and not force:
        raise SystemExit(1)
    renderer = Renderer(site.index)
    answer: _Answer = (fingerprint(settings), *_worker_share(site, renderer))
    sys.stdout.buffer.write(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


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
