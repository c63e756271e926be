"""load → index → render, as one call that the CLI and the MkDocs plugin share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .index import CrossIndex
from .loader import Corpus, load
from .problems import Problem
from .render import Page, Renderer


@dataclass
class Site:
    corpus: Corpus
    index: CrossIndex
    pages: list[Page]

    @property
    def problems(self) -> list[Problem]:
        return self.corpus.problems.sorted()

    @property
    def errors(self) -> list[Problem]:
        return self.corpus.problems.errors


def check(settings: Settings, *, include_drafts: bool = True) -> Site:
    """Load and index everything, without rendering: all that ``validate`` needs."""
    corpus = load(settings)
    return Site(corpus, CrossIndex(corpus, include_drafts=include_drafts), [])


def build(settings: Settings, *, include_drafts: bool = False, force: bool = False) -> Site:
    """Load and index everything; render pages when the content has no errors.

    ``force`` renders the valid entries even when others have errors: a contributor
    previewing with ``mkdocs serve`` should see the rest of the site while fixing one file.
    """
    site = check(settings, include_drafts=include_drafts)
    if force or not site.errors:
        site.pages = list(Renderer(site.index).pages())
    return site


def write_pages(pages: list[Page], out: Path) -> list[Path]:
    """Write generated pages as markdown files, so the content outlives any one engine."""
    written = []
    for page in pages:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        written.append(target)
    return written
