"""load → check → index → pages and outputs: the one build that the CLI and the MkDocs
plugin share.

The entry and taxonomy pages are *planned* (``Site.plan``: where each goes, the file it
comes from, and how to make it), so that the plugin can hand MkDocs every file at once
and make each page when MkDocs reads it (on a large site partly in a second process,
``parallel.pages``). The producers (``outputs.producers``) make everything else at once:
the pages and files of the redirects, calendars, feeds, open data, figures and explorer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .content.config import Settings
from .content.loader import Corpus, LoadCache, load
from .content.problems import Problem
from .index.cross import CrossIndex
from .index.validation import validate
from .outputs.producers import PRODUCERS
from .pages.render import Asset, Page, Planned, Renderer

__all__ = ["Asset", "Page", "Planned", "Site", "build", "check", "validate", "write_site"]


@dataclass
class Site:
    corpus: Corpus
    index: CrossIndex
    #: The renderer that plans the pages; None when errors stopped the build.
    renderer: Renderer | None = None
    #: The entry and taxonomy pages, each made when asked for (``Planned.make``).
    plan: list[Planned] = field(default_factory=list)
    #: The producers' pages (made already).
    produced: list[Page] = field(default_factory=list)
    #: Every generated file that is not a page: calendars, feeds, data, redirects …
    assets: list[Asset] = field(default_factory=list)

    def page_paths(self) -> list[str]:
        """Where every page goes (its source URI), planned or produced."""
        return [p.src_uri for p in self.plan] + [p.src_uri for p in self.produced]

    def pages(self) -> Iterator[Page]:
        """Every page, made one by one, in order."""
        for planned in self.plan:
            yield planned.make()
        yield from self.produced

    @property
    def problems(self) -> list[Problem]:
        return self.corpus.problems.sorted()

    @property
    def errors(self) -> list[Problem]:
        return self.corpus.problems.errors


def check(
    settings: Settings, *, include_drafts: bool = True, cache: LoadCache | None = None
) -> Site:
    """Load and index everything, without pages."""
    corpus = load(settings, cache)
    return Site(corpus, CrossIndex(corpus, include_drafts=include_drafts))


def build(
    settings: Settings,
    *,
    include_drafts: bool = False,
    force: bool = False,
    cache: LoadCache | None = None,
) -> Site:
    """Load and index everything; plan the pages and produce the rest when the content has
    no errors. ``force`` builds the valid entries even when others have errors: a
    contributor previewing with ``mkdocs serve`` should see the rest of the site while
    fixing one file. ``cache`` (``mkdocs serve``) reads only the files changed since."""
    site = check(settings, include_drafts=include_drafts, cache=cache)
    if site.errors and not force:
        return site
    renderer = site.renderer = Renderer(site.index)
    site.plan = renderer.page_plan()
    for produce in PRODUCERS:
        for item in produce(renderer):
            if isinstance(item, Asset):
                site.assets.append(item)
            else:
                site.produced.append(item)
    return site


def write_site(site: Site, out: Path) -> list[Path]:
    """Write generated pages (markdown, their HTML written in) and assets, so the content
    outlives any one engine."""
    written = []
    pages = ((p.src_uri, p.standalone().encode("utf-8")) for p in site.pages())
    for path, content in [*pages, *((a.path, a.content) for a in site.assets)]:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
