"""load → index → render → produce, as one call that the CLI and the MkDocs plugin share.

After the entry and taxonomy pages, *producers* add everything else: each is a function
that takes the renderer (the index, the URL scheme, the labels, link helpers) and yields
pages (markdown) and assets (any other file: calendars, feeds, data, redirects). The plugin
adds both to MkDocs with ``File.generated``; ``render --out`` writes both to a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .index import CrossIndex
from .loader import Corpus, LoadCache, load
from .problems import Problem

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
) -> Site:
    """Load and index everything; render pages and assets when the content has no errors.

    ``force`` renders the valid entries even when others have errors: a contributor
    previewing with ``mkdocs serve`` should see the rest of the site while fixing one file.
    """
    from . import producers  # noqa: F401  (registers the producers)
    from .render import Asset, Renderer

    site = check(settings, include_drafts=include_drafts, cache=cache)
    if site.errors and not force:
        return site
    renderer = site.renderer = Renderer(site.index)
    site.pages = list(renderer.pages())
    for produce in PRODUCERS:
        for item in produce(renderer):
            if isinstance(item, Asset):
                site.assets.append(item)
            else:
                site.pages.append(item)
    return site


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
