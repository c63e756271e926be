"""The page writer: links, lists, fact boxes and sections, and the page they make up.

One writer for every page the core makes (entries, taxonomy pages, overviews, and the
producers' pages): each part of a page is written here, one way. Links are written as
the browser follows them (to a page's directory URL, or to a file as it is), relative to
``here``, the page being written.
"""

from __future__ import annotations

import datetime as dt
import html as std_html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from markupsafe import Markup

from ..content.model import Case, Entry, Event, EventTime, Period, Recommendation, Report
from ..content.urls import public_path, relative, relative_public
from ..content.vocabulary import VocabItem
from ..index.cross import CrossIndex
from . import html
from .labels import labels, plural
from .page import Page, placeholder_for
from .sanitize import sanitize

#: The class of a paragraph that links to a feed: no words a page is searched by.
FEED_CLASS: Final = "eb-feed"


class Heading(NamedTuple):
    """A heading within a section (``Section.blocks``)."""

    level: int
    text: str
    anchor: str | None = None


@dataclass
class Section:
    """A heading and what follows it: an intro and a list, or ``blocks``."""

    heading: str
    items: list[Markup] = field(default_factory=list)
    #: A paragraph's content (HTML) before the list.
    intro: Markup | None = None
    anchor: str | None = None
    level: int = 2
    #: False for navigation sections (related entries, backlinks, every list on a listing
    #: page): they repeat titles that are found on their own pages, and would make the
    #: search index, which every reader who opens search downloads, several times larger.
    searchable: bool = True
    #: ``ul`` or ``ol``, and a class for the list, if a script needs to find it.
    list_tag: str = "ul"
    list_class: str | None = None
    #: Instead of ``items``: headings and HTML blocks, in order.
    blocks: list[Heading | Markup] = field(default_factory=list)


class PageWriter:
    def __init__(self, index: CrossIndex) -> None:
        self.ix = index
        self.urls = index.settings.urls
        self.t = labels(index.settings.language)
        #: The page being written (its source URI): links are relative to it.
        self.here = ""
        self._fragments: dict[str, str] = {}
        vocab = index.vocabulary
        self.vocab_tables = {
            k: vocab.table(k) for k in ("theme", "organisation", "life_event", "sector")
        }

    # --- text and links ----------------------------------------------------------------

    text = staticmethod(html.text)
    join = staticmethod(html.join)

    def emphasis(self, value: object) -> Markup:
        return Markup(f"<em>{html.text(value)}</em>")

    def link(self, uri: str, label: object, anchor: str | None = None) -> Markup:
        """A link to a page (``uri`` a source URI ending in ``.md``) or to a file."""
        if uri.endswith(".md"):
            href = relative_public(self.here, uri, anchor)
        else:
            href = relative(public_path(self.here) + "index.md", uri, anchor)
        return html.a(href, label)

    def entry_link(self, entry: Entry) -> Markup:
        return self.link(self.urls.page(entry.kind, entry.id), entry.title)

    def ref_link(self, kind: str, ident: str) -> Markup:
        entry = self.ix.get(kind, ident)
        return self.entry_link(entry) if entry else html.text(ident)

    def refs(self, kind: str, ids: Sequence[str]) -> Markup:
        return html.join(self.ref_link(kind, i) for i in ids)

    def vocab_link(self, kind: str, ident: str, label: str | None = None) -> Markup:
        item = self.vocab_tables[kind].get(ident)
        if item is None:  # a preview of content with errors: no page to link to
            return html.text(label or ident)
        return self.link(self.urls.page(kind, ident), label or item.label)

    def org_link(self, ident: str, short: bool = False) -> Markup:
        org = self.ix.organisation(ident)
        if org is None:
            return html.text(ident)
        name = org.short_name if short and org.short_name else org.display
        if not self.ix.has_entries(ident):
            return html.text(name)  # its page would only say «no entries yet»
        return self.vocab_link("organisation", ident, name)

    def org_short(self, ident: str) -> str:
        org = self.ix.organisation(ident)
        return (org.short_name or org.name) if org else ident

    def external(self, url: str, label: object | None = None) -> Markup:
        return html.a(html.external_url(url), label or url)

    def feed_link(self, kind: str, ident: str) -> Markup:
        """A paragraph with the link to a feed; its class keeps it out of search snippets."""
        link = self.link(self.urls.feed(kind, ident), self.t["follow_feed"])
        return html.paragraph(link, FEED_CLASS)

    # --- entries in lists ----------------------------------------------------------------

    def line(self, entry: Entry) -> Markup:
        """An entry in a list: its link and a short, kind-specific description."""
        detail = self.detail(entry)
        link = self.entry_link(entry)
        # Both are Markup: joined as text, not by ``+`` (which escapes what it adds).
        return Markup(f"{link} – {detail}") if detail else link

    def period(self, period: Period) -> str:
        """«2003–2019», «mars 2018 – juni 2019», «fra 2003»: a period written one way on
        every page, list and in the explorer (an open one has no end year)."""
        start = period.start.human()
        if period.end is None:
            return self.t["since"].format(start=start)
        end = period.end.human()
        return f"{start}–{end}" if " " not in start + end else f"{start} – {end}"

    def when(self, entry: Entry) -> str:
        """When an entry was, in a few words: its period, date or year."""
        if isinstance(entry, Case):
            return self.period(entry.period)
        if isinstance(entry, Report):
            return entry.date.human() if entry.date else ""
        if isinstance(entry, Event):
            return self.event_time(entry.start, entry.end)
        years = self.ix.years_of(entry)
        return str(years[0]) if years else ""

    def event_time(self, start: EventTime, end: EventTime | None) -> str:
        """«14. september 2023 kl. 10.00–11.30», «3. – 4. mai 2018»: Norwegian time."""
        kl = self.t["kl"]
        text = start.human_date()
        if start.human_time():
            text += f" {kl} {start.human_time()}"
        if end is not None:
            if end.date == start.date:
                if end.human_time():
                    text += f"–{end.human_time()}"
            else:
                text += f" – {end.human_date()}"
                if end.human_time():
                    text += f" {kl} {end.human_time()}"
        return text

    def status(self, case: Case) -> str:
        """«Pågående», or «Pågående (per 2017)» where the sources are that old."""
        if case.status_as_of is None:
            return case.status.capitalize()
        return (
            f"{case.status.capitalize()} ({self.t['as_of'].format(when=case.status_as_of.human())})"
        )

    def detail(self, entry: Entry) -> Markup:
        t = self.t
        if isinstance(entry, Case):
            return html.text(f"{self.period(entry.period)} · {self.status(entry).lower()}")
        if isinstance(entry, Report):
            publishers = ", ".join(self.org_short(o) for o in entry.publishers)
            when = entry.date.human() if entry.date else t["unknown_date"]
            return html.text(f"{entry.report_kind.capitalize()}, {publishers}, {when}")
        if isinstance(entry, Recommendation):
            return html.text(f"«{entry.recommendation}»")
        if isinstance(entry, Event):
            place = t["online"] if entry.online else entry.place
            # The browser moves an event from «Kommende» to «Tidligere» when it has ended
            # (data-eb-ends); the build's own split is what a reader without script sees.
            ends = (entry.end or entry.start).iso()
            when = Markup(
                f'<time datetime="{html.attribute(entry.start.iso())}" '
                f'data-eb-ends="{html.attribute(ends)}">{html.text(self.event_time(entry.start, entry.end))}</time>'
            )
            return when + html.text(f", {place}") if place else when
        return Markup("")

    def vocab_item(self, kind: str, item: VocabItem, count: int) -> Markup:
        label = getattr(item, "display", item.label)
        number = html.text(plural(self.t, "count", count))
        # A page with nothing on it is not worth a click: named, not linked.
        name = self.vocab_link(kind, item.id, label) if count else html.text(label)
        return Markup(f"{name} – {number}")

    # --- fragments and the page's markdown -------------------------------------------------

    def place(self, fragment: str) -> Markup:
        """The placeholder for a fragment of HTML on the page being written."""
        fragment = sanitize(fragment)  # here, in the second process where there is one
        marker = placeholder_for(fragment)
        self._fragments[marker] = fragment
        return Markup(marker)

    def raw(self, block: str) -> Markup:
        """A block of HTML as Python-Markdown passes raw HTML on (with a blank line after
        it), without parsing it tag by tag (a small chart took 6 ms)."""
        return self.place(block + "\n")

    def facts(self, rows: Sequence[tuple[str, Markup]]) -> Markup:
        """The fact box of ``rows`` (left out where a row has no value), in place."""
        box = html.fact_box(self.t["facts"], rows)
        return self.place(box) if box else Markup("")

    def heading_line(
        self, level: int, title: str, anchor: str | None = None, searchable: bool = True
    ) -> str:
        """A heading in markdown: the toc extension gives it its anchor (``anchor``, or one
        made of its text) and its place in the table of contents."""
        attrs = [f"#{anchor}"] if anchor else []
        if not searchable:
            attrs.append("data-search-exclude")
        if attrs == [f"#{anchor}"]:
            suffix = f" {{#{anchor}}}"
        else:
            suffix = f" {{ {' '.join(attrs)} }}" if attrs else ""
        return f"{'#' * level} {html.md_text(title)}{suffix}"

    def section(self, section: Section) -> list[str]:
        """A section's markdown blocks: its heading, then its content in place."""
        blocks = [
            self.heading_line(section.level, section.heading, section.anchor, section.searchable)
        ]
        parts: list[str] = []
        if section.intro is not None:
            parts.append(html.paragraph(section.intro))
        if section.items:
            parts.append(html.item_list(section.items, section.list_tag, section.list_class))
        if parts:
            blocks.append(self.place("\n".join(parts)))
        for block in section.blocks:
            if isinstance(block, Heading):
                blocks.append(
                    self.heading_line(block.level, block.text, block.anchor, section.searchable)
                )
            else:
                blocks.append(self.place(block))
        return blocks

    def listing(
        self,
        title: str,
        intro: Sequence[Markup],
        facts: Sequence[tuple[str, Markup]] | Markup,
        sections: Sequence[Section],
        *,
        searchable: bool = False,
    ) -> str:
        """A listing page's markdown: title, intro paragraphs, fact box, sections. The
        sections are navigation (the entries are found on their own pages) unless
        ``searchable``."""
        blocks = [self.heading_line(1, title)]
        opening = "\n".join(str(p) for p in intro if p)
        if opening:
            blocks.append(self.place(opening))
        box = facts if isinstance(facts, Markup) else self.facts(facts)
        if box:
            blocks.append(box)
        for section in sections:
            if not searchable:
                section.searchable = False
            blocks += self.section(section)
        return "\n\n".join(blocks) + "\n"

    def page(
        self,
        kind: str,
        title: str,
        markdown: str,
        source: str | None,
        description: str | None,
        draft: bool = False,
        uri: str | None = None,
        context: Mapping[str, Any] | None = None,
        updated: dt.date | None = None,
    ) -> Page:
        """The page written: its markdown under front matter, and its fragments.
        ``updated``: when what it says last changed (the sitemap's ``lastmod``)."""
        # Material prints page.meta.title and .description unescaped (the header topic,
        # <title>, <meta content="…">), treating them as HTML. A contributor's title must
        # therefore arrive HTML-escaped, or it could run script in the header bar.
        meta: dict[str, Any] = {"title": std_html.escape(" ".join(title.split()))}
        if description:
            meta["description"] = std_html.escape(" ".join(description.split()))
        if updated is not None:
            meta["lastmod"] = updated.isoformat()
        fragments, self._fragments = self._fragments, {}
        return Page(
            src_uri=uri or self.here,
            body=f"{markdown.rstrip()}\n",
            meta=meta,
            title=title,
            kind=kind,
            source=source,
            description=description,
            draft=draft,
            fragments=fragments or None,
            context=context,
        )
