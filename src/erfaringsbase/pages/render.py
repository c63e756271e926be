"""The renderer: every page of the cross-index, planned, and made when asked for.

The writer (``writer.PageWriter``) writes each part of a page; the pages of entries
(``entries``) and of the vocabularies, years and kinds (``taxonomy``) are put together
from those parts. The producers (``outputs``) write their pages with the same writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..index.cross import CrossIndex
from ..index.related import RelatedIndex
from .entries import EntryPages
from .page import Asset, Page, Planned
from .taxonomy import TaxonomyPages
from .writer import Heading, PageWriter, Section

__all__ = ["Asset", "Heading", "Page", "Planned", "Renderer", "Section"]


class Renderer(PageWriter):
    def __init__(self, index: CrossIndex) -> None:
        super().__init__(index)
        self.entries = EntryPages(self)
        self.taxonomy = TaxonomyPages(self, self.entries)

    @property
    def related_index(self) -> RelatedIndex:
        return self.entries.related_index

    def pages(self) -> Iterator[Page]:
        for planned in self.page_plan():
            yield planned.make()

    def page_plan(self) -> list[Planned]:
        """Every page, in order, not made yet: where it goes and what it comes from are
        known at once, the page is made when asked for (on a large site perhaps by a
        second process, ``parallel.pages``). What the pages share, the related index,
        is built here, before any page: a second process then has it from the start
        instead of building it again (it took 3 s at 10,000 entries)."""
        urls, vocab, tax = self.urls, self.ix.vocabulary, self.taxonomy
        if self.ix.entries:
            self.related_index.related(self.ix.entries[0])
        plan = [
            Planned(urls.page(e.kind, e.id), e.path, partial(self.entries.page, e))
            for e in self.ix.entries
        ]
        plan += [
            Planned(urls.section(kind), None, partial(tax.kind_overview, kind))
            for kind in self.ix.kinds()
        ]
        for kind, table, make in (
            ("theme", vocab.themes, tax.theme),
            ("organisation", vocab.organisations, tax.organisation),
            ("life_event", vocab.life_events, tax.life_event),
            ("sector", vocab.sectors, tax.sector),
        ):
            plan += [
                Planned(urls.page(kind, ident), item.path, partial(make, ident))
                for ident, item in table.items()
            ]
        plan += [
            Planned(urls.page("year", year), None, partial(tax.year, year))
            for year in sorted(self.ix.by_year)
        ]
        plan += [
            Planned(urls.section(kind), None, partial(tax.vocab_overview, kind))
            for kind in ("theme", "organisation", "life_event", "sector")
        ]
        plan.append(Planned(urls.section("year"), None, tax.year_overview))
        return plan
