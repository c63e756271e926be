"""Render the cross-index to markdown pages.

Pages are plain markdown with the extensions Material (and its successors) understand:
admonitions, definition lists, attribute lists. Everything a reader should find by search,
the fact box included, is in the page body, because that is all Material indexes.

Contributor text is escaped for markdown by default (the environment's ``finalize``), so
a title cannot become a link, an attribute list or raw HTML; only strings the renderer
builds itself (links) are marked safe, and the body, which is markdown by design, is
sanitised after it is turned into HTML.

For ``mkdocs build`` the fact boxes, lists and their headings are made as HTML instead
(``Renderer.fragment``, ``Fragments``): the same site, without Python-Markdown converting
again what was written a moment before. Contributor text is then HTML-escaped, and the
whole page is sanitised all the same.
"""

from __future__ import annotations

import html
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Final, NamedTuple

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..content.config import build_date
from ..content.model import (
    Case,
    Entry,
    Event,
    EventTime,
    Financing,
    Recommendation,
    Report,
    VocabItem,
)
from ..content.urls import public_path, relative, relative_public
from ..index.cross import CrossIndex, by_title, collation_key
from ..index.related import RelatedIndex
from .labels import labels

#: libyaml's emitter writes the same front matter as PyYAML's, eight times faster (a site
#: of 10,000 entries has over 10,000 pages).
_DUMPER: Final[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# --- markdown escaping ---------------------------------------------------------------------

#: HTML's three, and markdown's inline specials backslashed, in one pass (``str.translate``:
#: ``md_text`` runs some 60 times a page).
_MD_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]|"}
)
_BLOCK_START: Final = re.compile(r"^(#|-|\+|=|\d+[.)])")
_WHITESPACE: Final = re.compile(r"\s+")


def md_text(value: object) -> Markup:
    """Escape text for an inline markdown context; newlines become spaces."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value)).translate(_MD_ESCAPES)
    if text.startswith(":"):
        text = "&#58;" + text[1:]  # a leading colon would start a definition
    return Markup(text)


def md_paragraph(value: object) -> Markup:
    """Escape text that starts its own block: a leading ``#``, ``-`` or ``1.`` stays text."""
    return md_block_start(md_text(value).strip())


def md_block_start(markup: Markup) -> Markup:
    """Escaped markdown that starts a block (a paragraph, a definition): a leading ``#``,
    ``-`` or ``8.`` (a date: "8. november") must not start a heading or a list."""
    text = str(markup)
    match = _BLOCK_START.match(text)
    if match is None:
        return Markup(text)
    marker = match.group(1)
    # "1." must become "1\." (the digits stay), "#" becomes "\#".
    escaped = marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
    return Markup(escaped + text[len(marker) :])


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else md_text(value)


def html_text(value: object) -> Markup:
    """Escape text for HTML the way Python-Markdown writes the text of ``md_text``: ``&``,
    ``<`` and ``>`` (quotes stay), whitespace as one space."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value))
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def html_attribute(value: str) -> str:
    """An attribute value as Python-Markdown writes it (``"`` too, unlike text)."""
    return html_text(value).replace('"', "&quot;")


def md_url(url: str) -> str:
    """A link destination: parentheses and spaces would end it early."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def nok(amount: int) -> str:
    """``120000000`` → ``120 000 000 kr`` with no-break spaces."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


# --- page objects --------------------------------------------------------------------------


#: The class of a paragraph that links to a feed: no words a page is searched by.
FEED_CLASS: Final = "eb-feed"


@dataclass(frozen=True, slots=True)
class Page:
    src_uri: str
    markdown: str
    title: str
    kind: str
    #: The content file this page comes from, relative to the content root (edit links).
    source: str | None = None
    description: str | None = None
    draft: bool = False
    #: HTML made for the page, to be put in place once MkDocs has converted its markdown
    #: (``Settings.html_fragments``; None otherwise).
    fragments: Fragments | None = None
    #: The data of the markdown's front matter, for the plugin to hand MkDocs without
    #: parsing YAML (None: only the front matter has it).
    meta: Mapping[str, Any] | None = None


#: A placeholder (see ``Renderer._placeholder``), with the newline Python-Markdown keeps
#: after a block of raw HTML when a blank line follows it.
_PLACEHOLDER: Final = re.compile(r"<!--erfaringsbase [0-9a-f]+ \d+-->(?:\n(?=\n))?")


def fill_fragments(html: str, fragments: Iterable[tuple[str, str]]) -> str:
    """Put each fragment in the place of its placeholder in a page's HTML (in one pass:
    a large site has tens of thousands of them)."""
    by_placeholder = dict(fragments)
    if not by_placeholder:
        return html

    def fragment(match: re.Match[str]) -> str:
        found = match.group(0)
        return by_placeholder.get(found.rstrip("\n"), found)

    return _PLACEHOLDER.sub(fragment, html)


class FragmentHeading(NamedTuple):
    """A heading inside a fragment (``Settings.html_headings``), which the plugin writes
    where ``marker`` stands, with the anchor and table-of-contents entry that MkDocs'
    markdown would have given it."""

    marker: str
    level: int
    text: str
    #: Left out of the search index (``data-search-exclude``).
    search_exclude: bool
    #: The heading's own anchor (markdown's ``{ #id }``), or None for one made of its text.
    anchor: str | None = None


class SubHeading(NamedTuple):
    """A heading within a section made as HTML blocks (``Section.blocks``)."""

    level: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Fragments:
    """What the renderer made of a page as HTML (see ``Renderer.fragment``), and where it
    goes in the HTML MkDocs makes of the page's markdown (``fill``)."""

    #: Right after the page's title: an entry's lead and fact box.
    opening: str = ""
    #: At the end: the sections that close an entry's page.
    closing: str = ""
    #: Placeholder in the markdown → the HTML that goes in its place.
    placed: tuple[tuple[str, str], ...] = ()
    #: The headings in these fragments, in order, for the plugin to write.
    headings: tuple[FragmentHeading, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.opening or self.closing or self.placed)

    def fill(self, html: str) -> str:
        """The page's HTML with the fragments in place: as Python-Markdown would have made
        it of the whole page in markdown (``tests/test_fragments.py``)."""
        html = fill_fragments(html, self.placed)
        if self.opening:
            end = html.find("</h1>")  # the page's title (a title's own "<" is escaped)
            cut = end + len("</h1>") if end >= 0 else 0
            html = f"{html[:cut]}\n{self.opening}{html[cut:]}" if cut else f"{self.opening}\n{html}"
        if self.closing:
            html = f"{html}\n{self.closing}" if html else self.closing
        return html


class Planned(NamedTuple):
    """A page before it is made: where it goes, the file it comes from (for edit links)."""

    src_uri: str
    source: str | None
    make: Callable[[], Page]


@dataclass(frozen=True, slots=True)
class Asset:
    """A generated file that is not a page, at a site-relative path."""

    path: str
    content: bytes
    media_type: str = "application/octet-stream"


@dataclass
class Section:
    heading: str
    items: list[Markup] = field(default_factory=list)
    intro: Markup | str | None = None
    anchor: str | None = None
    level: int = 2
    #: False for navigation sections (related entries, backlinks, every list on a listing
    #: page): they repeat titles that are found on their own pages, and would make the
    #: search index, which every reader who opens search downloads, several times larger.
    searchable: bool = True
    #: ``ul`` or ``ol``: ``items`` are the contents of a list's items (the renderer's own
    #: sections). None: each item is a markdown block with its own marker, if any.
    list_tag: str | None = None
    #: The items are HTML, made for MkDocs in one piece (see ``Renderer.fragments``).
    html: bool = False
    #: What stands in the markdown for the items when they are HTML.
    placeholder: Markup | None = None
    #: Instead of ``items``: HTML blocks and headings, for the fragment that closes an
    #: entry's page (``Renderer._seal_tail``), searchable or not as the section is.
    blocks: list[SubHeading | Markup] = field(default_factory=list)

    def heading_line(self) -> Markup:
        attrs = [f"#{self.anchor}"] if self.anchor else []
        if not self.searchable:
            attrs.append("data-search-exclude")
        if attrs == [f"#{self.anchor}"]:
            suffix = f" {{#{self.anchor}}}"
        else:
            suffix = f" {{ {' '.join(attrs)} }}" if attrs else ""
        return Markup(f"{'#' * self.level} {md_text(self.heading)}{suffix}")

    def item_lines(self) -> list[Markup]:
        """The items as markdown lines (or the placeholder that stands for them)."""
        if self.placeholder is not None:
            return [self.placeholder]
        # An item is a block: "14. september" at its start would be a list in the list.
        if self.list_tag == "ul":
            return [Markup("- ") + md_block_start(item) for item in self.items]
        if self.list_tag == "ol":
            return [Markup(f"{n}. ") + md_block_start(item) for n, item in enumerate(self.items, 1)]
        return self.items

    #: The intro is HTML, made with the items (``Renderer.fragment``).
    intro_html: bool = False

    @property
    def plain_intro(self) -> bool:
        """The intro is plain text (a label) or HTML, not markdown: it can go with the
        items as HTML."""
        if self.intro_html:
            return True
        return isinstance(self.intro, str) and not isinstance(self.intro, Markup)

    def items_html(self, with_intro: bool = False) -> str:
        """The items as the HTML Python-Markdown makes of ``item_lines``; ``with_intro``:
        after the paragraph of a plain-text intro, if there is one."""
        rows = "\n".join(f"<li>{item}</li>" for item in self.items)
        body = f"<{self.list_tag}>\n{rows}\n</{self.list_tag}>"
        if with_intro and self.intro and self.plain_intro:
            intro = self.intro if self.intro_html else html_text(self.intro).strip()
            body = f"<p>{intro}</p>\n{body}"
        return body


def _closing(section: Section) -> bool:
    """Can the section go in the fragment that closes an entry's page: a list made as HTML,
    under a heading with no anchor of its own, after plain text if any."""
    plain_intro = section.intro is None or section.plain_intro
    content = bool(section.items or section.blocks)
    return section.html and content and section.anchor is None and plain_intro


class Renderer:
    def __init__(self, index: CrossIndex) -> None:
        self.ix = index
        self.urls = index.settings.urls
        self.t = labels(index.settings.language)
        self.env = Environment(
            loader=PackageLoader("erfaringsbase.pages", "templates"),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
            undefined=StrictUndefined,
            autoescape=False,
            # `{#id}` is markdown's heading-anchor syntax, not a Jinja comment.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self._factbox = self.env.get_template("macros.md.j2").module.factbox  # type: ignore[attr-defined]
        self.env.globals["t"] = self.t
        self._entry_template = self.env.get_template("entry.md.j2")
        self._listing_template = self.env.get_template("listing.md.j2")
        self.here = ""
        #: Make fact boxes and lists as HTML (see ``Settings.html_fragments``).
        self.fragments = index.settings.html_fragments
        #: The closing sections of an entry's page, headings and all, in one fragment.
        self.headings = self.fragments and index.settings.html_headings
        self._html = False
        #: A placeholder cannot be guessed, so no text of a contributor's can stand for one.
        self._nonce = secrets.token_hex(8)
        self._made: list[tuple[str, str]] = []
        self._headings: list[FragmentHeading] = []
        self._opening = ""
        self._closing = ""
        vocab = index.vocabulary
        self._vocab_tables: Mapping[str, Mapping[str, VocabItem]] = {
            "theme": vocab.themes,
            "organisation": vocab.organisations,
            "life_event": vocab.life_events,
            "sector": vocab.sectors,
        }

    # --- markdown or HTML ----------------------------------------------------------------

    @contextmanager
    def fragment(self) -> Iterator[None]:
        """Within: what is made for a fact box or a list is HTML, if fragments are on.

        Python-Markdown takes a third of a large site's build converting fact boxes and
        lists of links that we made as markdown a moment before, and MkDocs then rewrites
        every link. Made as HTML here, with the links MkDocs would have written, each goes
        after the page's title, at its end, or in the place of a placeholder that MkDocs
        passes through (``Fragments``); the plugin puts them in place
        (``tests/test_fragments.py``: the site is the same, byte for byte). ``render
        --out`` always writes markdown.
        """
        if not self.fragments or self._html:
            yield
            return
        self._html = True
        try:
            yield
        finally:
            self._html = False

    def text(self, value: object) -> Markup:
        """Escaped text: for markdown, or in a fragment for HTML."""
        return html_text(value) if self._html else md_text(value)

    def join(self, parts: Iterable[Markup | str], sep: str = ", ") -> Markup:
        return Markup(sep).join(self.text(p) for p in parts)

    def emphasis(self, value: object) -> Markup:
        return Markup(f"<em>{self.text(value)}</em>" if self._html else f"*{self.text(value)}*")

    def list_section(self, heading: str, items: list[Markup], **options: Any) -> Section:
        """A section listing ``items`` (made in the same mode as the section)."""
        options.setdefault("list_tag", "ul")
        return Section(heading, items, html=self._html, **options)

    def _placeholder(self, fragment: str) -> Markup:
        # An HTML comment: Python-Markdown passes it through as it is, at once.
        marker = f"<!--erfaringsbase {self._nonce} {len(self._made)}-->"
        self._made.append((marker, fragment))
        return Markup(marker)

    def raw_html(self, block: str) -> str:
        """A block of raw HTML for a page: as it is, or (fragments on) as a placeholder.
        Python-Markdown passes raw HTML through only after parsing it tag by tag (a small
        chart of an organisation's entries took 6 ms)."""
        if not self.fragments:
            return block
        # Python-Markdown keeps the blank line after raw HTML, as after the placeholder;
        # ``fill_fragments`` takes it away for fragments that stand for markdown.
        return str(self._placeholder(block + "\n"))

    def made_html(self, html: str) -> Markup:
        """The placeholder for ``html`` that stands for blocks of markdown (fragments on
        only): the HTML Python-Markdown would have made of them, made here instead."""
        assert self.fragments
        return self._placeholder(html)

    def _seal(self, sections: Sequence[Section]) -> None:
        for section in sections:
            if section.html and section.items and section.placeholder is None:
                # A plain-text intro goes with the list: one paragraph less to convert.
                with_intro = section.plain_intro
                section.placeholder = self._placeholder(section.items_html(with_intro))
                if with_intro:
                    section.intro = None

    def _seal_tail(self, sections: list[Section], at_end: bool) -> Markup:
        """The sections that close an entry's page, taken out of ``sections`` into one
        fragment, headings and all (``Settings.html_headings``): an entry page's markdown
        is then its own text and little else. ``at_end``: the fragment goes at the end of
        the page's HTML, else in the place of the placeholder returned."""
        if not self.headings:
            return Markup("")
        start = len(sections)
        while start > 0 and _closing(sections[start - 1]):
            start -= 1
        tail, sections[start:] = sections[start:], []
        blocks = []
        for section in tail:
            exclude = not section.searchable
            blocks.append(self._heading(section.level, section.heading, exclude))
            if not section.blocks:
                blocks.append(section.items_html(with_intro=True))
            for block in section.blocks:
                if isinstance(block, SubHeading):
                    blocks.append(self._heading(block.level, block.text, exclude, block.anchor))
                else:
                    blocks.append(block)
        if not blocks:
            return Markup("")
        if at_end:
            self._closing = "\n".join(blocks)
            return Markup("")
        return self._placeholder("\n".join(blocks))

    def _heading(self, level: int, text: str, exclude: bool, anchor: str | None = None) -> str:
        """The marker where the plugin writes a heading (``FragmentHeading``)."""
        marker = f"<!--erfaringsbase-heading {self._nonce} {len(self._headings)}-->"
        self._headings.append(FragmentHeading(marker, level, text, exclude, anchor))
        return marker

    def facts(self, rows: Sequence[tuple[str, Markup]]) -> Markup:
        """The fact box of ``rows`` (left out where a row has no value)."""
        if not self._html:
            rows = [row for row in rows if row[1]]
            if not rows:
                return Markup("")
            title = self.t["facts"]
            return Markup(self._factbox(title, [(t, md_block_start(v)) for t, v in rows]))
        box = self._facts_html(rows)
        return self._placeholder(box) if box else Markup("")

    def _facts_html(self, rows: Sequence[tuple[str, Markup]]) -> str:
        """The fact box as the HTML Python-Markdown makes of it ("" without rows)."""
        rows = [row for row in rows if row[1]]
        if not rows:
            return ""
        body = "\n".join(f"<dt>{html_text(t)}</dt>\n<dd>{value}</dd>" for t, value in rows)
        return (
            f'<div class="admonition info">\n<p class="admonition-title">'
            f"{html_text(self.t['facts'])}</p>\n<dl>\n{body}\n</dl>\n</div>"
        )

    def _lead_html(self, entry: Entry) -> list[str]:
        """The paragraphs that open an entry's page, as Python-Markdown makes them of the
        markdown (``recommendation_lead``, ``md_paragraph``)."""
        paragraphs = []
        if isinstance(entry, Recommendation):
            label = html_text(self.t["recommendation_text"])
            paragraphs.append(
                f"<blockquote>\n<p><strong>{label}:</strong> "
                f"{html_text(entry.recommendation).strip()}</p>\n</blockquote>"
            )
        if entry.summary:
            paragraphs.append(f"<p>{html_text(entry.summary).strip()}</p>")
        return paragraphs

    # --- links -----------------------------------------------------------------------------

    def link(self, uri: str, text: object, anchor: str | None = None) -> Markup:
        if self._html:
            # The link MkDocs would write: to the page's address, or to a file as it is.
            if uri.endswith(".md"):
                href = relative_public(self.here, uri, anchor)
            else:
                href = relative(public_path(self.here) + "index.md", uri, anchor)
            return Markup(f'<a href="{html_attribute(href)}">{html_text(text)}</a>')
        return Markup(f"[{md_text(text)}]({relative(self.here, uri, anchor)})")

    def entry_link(self, entry: Entry) -> Markup:
        return self.link(self.urls.page(entry.kind, entry.id), entry.title)

    def ref_link(self, kind: str, ident: str) -> Markup:
        entry = self.ix.get(kind, ident)
        return self.entry_link(entry) if entry else self.text(ident)

    def vocab_link(self, kind: str, ident: str, text: str | None = None) -> Markup:
        item = self._vocab_tables[kind].get(ident)
        label = text or (item.label if item else ident)
        return self.link(self.urls.page(kind, ident), label)

    def org_link(self, ident: str, short: bool = False) -> Markup:
        org = self.ix.organisation(ident)
        if org is None:
            return self.text(ident)
        return self.vocab_link(
            "organisation", ident, org.short_name if short and org.short_name else org.display
        )

    def external(self, url: str, text: object | None = None) -> Markup:
        if self._html:
            return Markup(f'<a href="{html_attribute(md_url(url))}">{html_text(text or url)}</a>')
        return Markup(f"[{md_text(text or url)}]({md_url(url)})")

    # --- shared pieces ---------------------------------------------------------------------

    def vocab_rows(self, entry: Entry) -> list[tuple[str, Markup]]:
        t = self.t
        rows = [(t["themes"], self.join(self.vocab_link("theme", i) for i in entry.themes))]
        if entry.life_events:
            rows.append(
                (
                    t["life_events"],
                    self.join(self.vocab_link("life_event", i) for i in entry.life_events),
                )
            )
        sectors = self.ix.sectors_of(entry)
        if sectors:
            rows.append((t["sectors"], self.join(self.vocab_link("sector", i) for i in sectors)))
        return rows

    def refs(self, kind: str, ids: Sequence[str]) -> Markup:
        return self.join(self.ref_link(kind, i) for i in ids)

    def item(self, entry: Entry) -> Markup:
        """One line in a list of entries, as markdown: ``- `` and ``line``."""
        return Markup("- ") + self.line(entry)

    def line(self, entry: Entry) -> Markup:
        """An entry in a list: link and a short, kind-specific description."""
        link = self.entry_link(entry)
        detail = self.detail(entry)
        return Markup(f"{link}" + (f" – {detail}" if detail else ""))

    def detail(self, entry: Entry) -> Markup:
        t = self.t
        if isinstance(entry, Case):
            status = entry.status
            return self.text(f"{entry.period.human()} · {status}")
        if isinstance(entry, Report):
            publishers = ", ".join(self._org_short(o) for o in entry.publishers)
            when = entry.date.human() if entry.date else t["unknown_date"]
            return self.text(f"{entry.report_kind.capitalize()}, {publishers}, {when}")
        if isinstance(entry, Recommendation):
            return self.text(f"«{entry.recommendation}»")
        if isinstance(entry, Event):
            place = t["online"] if entry.online else entry.place
            return self.text(
                f"{entry.start.human_date()}, {place}" if place else entry.start.human_date()
            )
        return self.text("")

    def _org_short(self, ident: str) -> str:
        org = self.ix.organisation(ident)
        if org is None:
            return ident
        return org.short_name or org.name

    def sources_section(self, entry: Entry) -> Section | None:
        if not entry.sources:
            return None
        # Citations, left out of the search index like related entries and backlinks: the
        # cited reports have pages of their own, or are elsewhere.
        section = self.list_section(self.t["sources"], [], searchable=False, list_tag="ol")
        for source in entry.sources:
            text = self.emphasis(source.title) + Markup(". ") + self.text(source.publisher)
            if source.date:
                text += self.text(f", {source.date.human()}")
            text += Markup(".")
            if source.note:
                text += Markup(" ") + self.text(source.note)
                if not source.note.endswith("."):
                    text += Markup(".")
            if source.url:
                text += Markup(" ") + self.external(source.url, self.t["link"])
            section.items.append(text)
        return section

    @cached_property
    def related_index(self) -> RelatedIndex:
        return RelatedIndex(self.ix)

    def related_section(self, entry: Entry) -> Section | None:
        related = self.related_index.related(entry)
        if not related:
            return None
        section = self.list_section(self.t["related"], [], searchable=False)
        for item in related:
            kind = self.t[item.entry.kind].lower()
            section.items.append(
                Markup(
                    f"{self.entry_link(item.entry)} ({self.text(kind)}) – {self.text(item.reason)}"
                )
            )
        return section

    def backlinks_section(self, entry: Entry) -> Section | None:
        links = self.ix.backlinks_to(entry)
        if not links:
            return None
        section = self.list_section(
            self.t["backlinks"], [], intro=self.t["backlinks_intro"], searchable=False
        )
        for backlink in links:
            relation = self.t.get(f"rel_{backlink.relation}", backlink.relation)
            section.items.append(
                Markup(f"{self.entry_link(backlink.source)} – {self.text(relation)}")
            )
        return section

    # --- entry pages -----------------------------------------------------------------------

    def entry_page(self, entry: Entry) -> Page:
        self.here = self.urls.page(entry.kind, entry.id)
        lead: Markup | None = md_paragraph(entry.summary) if entry.summary else None
        lead_extra: list[Markup] = []
        if isinstance(entry, Recommendation):
            lead, lead_extra = self.recommendation_lead(entry)
        sections: list[Section] = []
        with self.fragment():
            facts: list[tuple[str, Markup]] = [(self.t["kind"], self.text(self._kind_name(entry)))]
            if isinstance(entry, Case):
                facts += self.case_facts(entry)
                financed = self.ix.financed_by.get(entry.id)
                if financed:
                    lines = [self.line(c) for c in by_title(financed)]
                    sections.append(
                        self.list_section(self.t["financed_cases"], lines, searchable=False)
                    )
            elif isinstance(entry, Report):
                facts += self.report_facts(entry)
            elif isinstance(entry, Recommendation):
                facts += self.recommendation_facts(entry)
            elif isinstance(entry, Event):
                facts += self.event_facts(entry)
                parts = self.ix.parts_of.get(entry.id)
                if parts:
                    lines = [self.event_part(p) for p in parts]
                    sections.append(self.list_section(self.t["parts"], lines, searchable=False))
            facts += self.vocab_rows(entry)
            fact_box = self.facts(facts) if not self._html else Markup("")
            if self._html:
                # The lead and the fact box, right after the title: the page's markdown is
                # its title and text, with no placeholder (a draft's warning comes first).
                opening = "\n".join([*self._lead_html(entry), self._facts_html(facts)]).strip()
                lead, lead_extra = None, []
                if entry.draft:
                    fact_box = self._placeholder(opening) if opening else Markup("")
                else:
                    self._opening = opening
            for optional in (
                self.related_section(entry),
                self.sources_section(entry),
                self.backlinks_section(entry),
            ):
                if optional is not None:
                    sections.append(optional)
        recs = self.ix.recommendations_of.get(entry.id, []) if isinstance(entry, Report) else []
        if recs:
            sections.insert(0, self.report_recommendations(recs, blocks=self.headings))
        # Footnotes go after everything else in the HTML: the closing sections then need
        # a placeholder to keep their place before them.
        tail = self._seal_tail(sections, at_end="[^" not in entry.body)
        if sections and sections[0].blocks:
            # Not in the closing fragment after all: markdown, as without fragments.
            sections[0] = self.report_recommendations(recs)
        self._seal(sections)
        markdown = self._entry_template.render(
            title=md_text(entry.title),
            draft=entry.draft,
            missing=", ".join(sorted(set(entry.incomplete))),
            lead=lead,
            lead_extra=lead_extra,
            facts=fact_box,
            body=Markup(entry.body.strip()),
            sections=sections,
            tail=tail,
        )
        description = entry.summary or getattr(entry, "recommendation", None)
        return self._page(entry.kind, entry.title, markdown, entry.path, description, entry.draft)

    def _kind_name(self, entry: Entry) -> str:
        if isinstance(entry, Report):
            return f"{self.t['report']} ({entry.report_kind})"
        return self.t[entry.kind]

    def case_facts(self, case: Case) -> list[tuple[str, Markup]]:
        t = self.t
        orgs = self.join(
            self.org_link(o.id) + self.text(f" ({t.get('role_' + o.role, o.role)})")
            for o in case.organisations
        )
        period = case.period.human()
        if case.period.end is None:
            period += f" ({t['ongoing']})"
        return [
            (t["organisations"], orgs),
            (t["period"], self.text(period)),
            (t["status"], self.text(case.status.capitalize())),
            (t["financing"], self.join((self.financing(f) for f in case.financing), "; ")),
            (t["reports"], self.refs("report", case.reports)),
            (t["recommendations"], self.refs("recommendation", case.recommendations)),
        ]

    def financing(self, fin: Financing) -> Markup:
        text = self.text(fin.description)
        extra: list[Markup] = []
        if fin.amount_nok is not None:
            amount = nok(fin.amount_nok) + (f" ({fin.year})" if fin.year else "")
            extra.append(self.text(amount))
        elif fin.year:
            extra.append(self.text(str(fin.year)))
        if fin.share_percent is not None:
            share = f"{fin.share_percent:g}".replace(".", ",")
            extra.append(self.text(self.t["share"].format(p=share)))
        if fin.scheme:
            extra.append(self.ref_link("case", fin.scheme))
        if fin.funder:
            extra.append(self.org_link(fin.funder))
        return text + (Markup(" (") + self.join(extra) + Markup(")") if extra else Markup(""))

    def report_facts(self, report: Report) -> list[tuple[str, Markup]]:
        t = self.t
        return [
            (t["publisher"], self.join(self.org_link(o) for o in report.publishers)),
            (t["date"], self.text(report.date.human() if report.date else t["unknown_date"])),
            (t["link"], self.external(report.url) if report.url else Markup("")),
            (t["cases_covered"], self.refs("case", report.cases)),
        ]

    def report_recommendations(
        self, recs: Sequence[Recommendation], blocks: bool = False
    ) -> Section:
        """Each recommendation's heading, with the recommendation's id as its anchor (where
        its page links to), its text and a link to its page. ``blocks``: as HTML for the
        fragment that closes the page (``Settings.html_headings``), else markdown."""
        # Each recommendation has its own page: here they are a table of contents, left out
        # of the search index like the lists on listing pages (every heading says so).
        section = Section(self.t["recommendations_in_report"], searchable=False)
        current_section: str | None = None
        for rec in recs:
            number = f"{rec.order}. " if rec.order else ""
            audience = f"{self.t['audience']}: {', '.join(rec.audience)}"
            if blocks:
                with self.fragment():
                    if rec.section and rec.section != current_section:
                        current_section = rec.section
                        section.blocks.append(SubHeading(3, rec.section))
                    section.blocks.append(SubHeading(4, number + rec.title, rec.id))
                    section.blocks.append(
                        Markup(
                            f"<blockquote>\n<p>{html_text(rec.recommendation).strip()}</p>\n"
                            f"</blockquote>\n<p>{self.entry_link(rec)} · {html_text(audience)}</p>"
                        )
                    )
                section.html = True
                continue
            if rec.section and rec.section != current_section:
                current_section = rec.section
                section.items.append(
                    Markup(f"\n### {md_text(rec.section)} {{ data-search-exclude }}\n")
                )
            heading = f"#### {md_text(number + rec.title)} {{ #{rec.id} data-search-exclude }}"
            section.items.append(
                Markup(
                    f"{heading}\n\n> {md_text(rec.recommendation)}\n\n"
                    f"{self.entry_link(rec)} · {md_text(self.t['audience'])}: "
                    f"{md_text(', '.join(rec.audience))}\n"
                )
            )
        return section

    def recommendation_lead(self, rec: Recommendation) -> tuple[Markup, list[Markup]]:
        lead = Markup(
            f"> **{md_text(self.t['recommendation_text'])}:** {md_text(rec.recommendation)}"
        )
        extra = [md_paragraph(rec.summary)] if rec.summary else []
        return lead, extra

    def recommendation_facts(self, rec: Recommendation) -> list[tuple[str, Markup]]:
        t = self.t
        report = self.ix.get("report", rec.source_report)
        source = self.text(rec.source_report)
        if isinstance(report, Report):
            source = self.link(self.urls.page("report", report.id), report.title, anchor=rec.id)
            who = ", ".join(self._org_short(o) for o in report.publishers)
            when = f", {report.date.year}" if report.date else ""
            source += self.text(f" ({who}{when})")
        followed_by = [b.source for b in self.ix.backlinks_to(rec) if b.relation == "follows_up"]
        return [
            (t["source_report"], source),
            (t["section"], self.text(rec.section) if rec.section else Markup("")),
            (t["audience"], self.text(", ".join(rec.audience))),
            (t["supporting_cases"], self.refs("case", rec.supporting_cases)),
            (t["follows_up"], self.refs("recommendation", rec.follows_up)),
            (t["followed_up_by"], self.join(self.entry_link(r) for r in by_title(followed_by))),
        ]

    def when(self, start: EventTime, end: EventTime | None) -> str:
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

    def event_facts(self, event: Event) -> list[tuple[str, Markup]]:
        t = self.t
        deadline = event.registration_deadline
        return [
            (t["time"], self.text(self.when(event.start, event.end))),
            (t["place"], self.text(t["online"] if event.online else event.place or "")),
            (t["organiser"], self.join(self.org_link(o) for o in event.organisers)),
            (
                t["registration_deadline"],
                self.text(self.when(deadline, None)) if deadline else Markup(""),
            ),
            (
                t["registration"],
                self.external(event.registration_url) if event.registration_url else Markup(""),
            ),
            (t["part_of"], self.ref_link("event", event.part_of) if event.part_of else Markup("")),
            (t["calendar"], self.link(self.urls.calendar(event.id), t["add_to_calendar"])),
            (t["presented_cases"], self.refs("case", event.cases)),
            (t["presented_reports"], self.refs("report", event.reports)),
        ]

    def event_part(self, part: Event) -> Markup:
        return Markup(f"{self.text(self.when(part.start, part.end))}: {self.entry_link(part)}")

    # --- vocabulary pages ------------------------------------------------------------------

    def grouped_by_kind(
        self, entries: Iterable[Entry], note: Callable[[Entry], str] | None = None
    ) -> list[Section]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            groups[entry.kind].append(entry)
        sections = []
        with self.fragment():
            for kind in self.ix.kinds():
                if kind not in groups:
                    continue
                items = self._ordered(kind, groups[kind])
                lines = []
                for e in items:
                    line = self.line(e)
                    extra = note(e) if note else ""
                    lines.append(line + (self.text(f" ({extra})") if extra else Markup("")))
                sections.append(self.list_section(self.t[kind + "s"], lines))
        return sections

    def _ordered(self, kind: str, entries: list[Entry]) -> list[Entry]:
        order = {e.key: i for i, e in enumerate(self.ix.by_kind.get(kind, []))}
        return sorted(entries, key=lambda e: order.get(e.key, 0))

    def theme_page(self, theme_id: str) -> Page:
        theme = self.ix.vocabulary.themes[theme_id]
        self.here = self.urls.page("theme", theme_id)
        entries = self.ix.by_theme.get(theme_id, [])
        recs = [e for e in entries if isinstance(e, Recommendation)]
        others = [e for e in entries if not isinstance(e, Recommendation)]
        sections: list[Section] = []
        if recs:
            sections.append(Section(self.t["recommendations"], level=2))
            sections += self.recommendations_by_source(recs, level=3)
        sections += self.grouped_by_kind(others)
        intro = [md_paragraph(theme.description), self.feed_link("theme", theme_id)]
        markdown = self._with_chart(
            self._listing(theme.title, intro, [], sections), "theme", theme_id
        )
        return self._page("theme", theme.title, markdown, theme.path, theme.description)

    def recommendations_by_source(
        self, recs: Sequence[Recommendation], level: int
    ) -> list[Section]:
        """Recommendations grouped under their report, oldest report first (2017 before 2019)."""
        groups: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in recs:
            groups[rec.source_report].append(rec)

        def report_key(report_id: str) -> tuple[int, str]:
            report = self.ix.get("report", report_id)
            year = report.date.year if isinstance(report, Report) and report.date else 9999
            return (year, report_id)

        sections = []
        for report_id in sorted(groups, key=report_key):
            report = self.ix.get("report", report_id)
            heading = md_text(report.title) if report else md_text(report_id)
            if isinstance(report, Report) and report.date:
                heading += md_text(f" ({report.date.year})")
            ordered = sorted(
                groups[report_id], key=lambda r: (r.order or 10_000, collation_key(r.title))
            )
            with self.fragment():
                # "From <report>" goes with the list (as HTML, when fragments are on).
                intro = (
                    self.text(self.t["from_report"].capitalize() + " ") + self.entry_link(report)
                    if report
                    else None
                )
                lines = [self.line(r) for r in ordered]
                section = self.list_section(heading, lines, intro=intro, level=level)
                section.intro_html = self._html and intro is not None
                sections.append(section)
        return sections

    def organisation_page(self, org_id: str) -> Page:
        org = self.ix.vocabulary.organisations[org_id]
        self.here = self.urls.page("organisation", org_id)
        t = self.t
        predecessors = self.ix.predecessors(org_id)
        successor = self.ix.successor(org_id)
        sector = self.ix.org_sector(org)
        with self.fragment():
            ministry = self.org_link(org.ministry) if org.ministry else Markup("")
            facts = self.facts(
                [
                    (t["short_name"], self.text(org.short_name) if org.short_name else Markup("")),
                    (t["org_kind"], self.text(org.org_kind)),
                    (t["ministry"], ministry),
                    (t["sector"], self.vocab_link("sector", sector) if sector else Markup("")),
                    (t["formerly"], self.join(self._former(o.id) for o in predecessors)),
                    (t["succeeded_by"], self.org_link(successor.id) if successor else Markup("")),
                    (t["website"], self.external(org.url) if org.url else Markup("")),
                ]
            )
        intro: list[Markup] = []
        if successor is not None:
            year = f" i {org.ended + 1}" if org.ended else ""
            intro.append(
                md_text(t["renamed_note"].format(old=org.display, new="\x00", year=year)).replace(
                    "\x00", self.org_link(successor.id)
                )
            )
        mentions = self.ix.mentions(org_id)
        roles: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for m in mentions:
            role = self.t.get(f"role_{m.role}", m.role)
            if role not in roles[m.entry.key][m.via]:
                roles[m.entry.key][m.via].append(role)
        notes = {
            key: "; ".join(self._mention_note(r, via, org_id) for via, r in by_via.items())
            for key, by_via in roles.items()
        }
        if predecessors and any(m.via != org_id for m in mentions):
            names = ", ".join(p.short_name or p.name for p in predecessors)
            intro.append(md_text(t["includes_former"].format(names=names)))
        sections = self.grouped_by_kind(
            {m.entry.key: m.entry for m in mentions}.values(), lambda e: notes.get(e.key, "")
        )
        if not sections:
            intro.append(md_text(t["none_yet"]))
        intro.append(self.feed_link("organisation", org_id))
        markdown = self._with_chart(
            self._listing(org.display, intro, facts, sections), "organisation", org_id
        )
        return self._page("organisation", org.display, markdown, org.path, None)

    def _former(self, org_id: str) -> Markup:
        org = self.ix.organisation(org_id)
        link = self.org_link(org_id)
        if org and org.ended:
            return link + self.text(f" (til {org.ended})")
        return link

    def _mention_note(self, roles: list[str], via: str, org_id: str) -> str:
        note = " og ".join([", ".join(roles[:-1]), roles[-1]]) if len(roles) > 1 else roles[0]
        if via != org_id:
            org = self.ix.organisation(via)
            name = (org.short_name or org.name) if org else via
            note += ", " + self.t["as_org"].format(name=name)
        return note

    def life_event_page(self, le_id: str) -> Page:
        life_event = self.ix.vocabulary.life_events[le_id]
        self.here = self.urls.page("life_event", le_id)
        t = self.t
        entries = self.ix.by_life_event.get(le_id, [])
        with self.fragment():
            rows = [(t["responsible_ministry"], self.org_link(life_event.ministry))]
            if life_event.title_nn and life_event.title_nn != life_event.title:
                rows.append(("Nynorsk", self.text(life_event.title_nn)))
            facts = self.facts(rows)
        intro = [md_paragraph(life_event.description)]
        if not any(isinstance(e, Case) for e in entries):
            intro.append(Markup(f"**{md_text(t['no_cases_gap'])}**"))
        markdown = self._with_chart(
            self._listing(life_event.title, intro, facts, self.grouped_by_kind(entries)),
            "life_event",
            le_id,
        )
        return self._page(
            "life_event", life_event.title, markdown, life_event.path, life_event.description
        )

    def sector_page(self, sector_id: str) -> Page:
        sector = self.ix.vocabulary.sectors[sector_id]
        self.here = self.urls.page("sector", sector_id)
        entries = self.ix.by_sector.get(sector_id, [])
        with self.fragment():
            ministries = self.join(self.org_link(m) for m in sector.ministries)
            facts = self.facts([(self.t["ministries"], ministries)])
        intro = [md_paragraph(sector.description)] if sector.description else []
        if not entries:
            intro.append(md_text(self.t["none_yet"]))
        markdown = self._listing(sector.title, intro, facts, self.grouped_by_kind(entries))
        return self._page("sector", sector.title, markdown, sector.path, sector.description)

    def year_page(self, year: int) -> Page:
        self.here = self.urls.page("year", year)
        entries = self.ix.by_year.get(year, [])
        title = str(year)
        intro = [md_text(self.t["count"].format(n=len(entries)))]
        markdown = self._listing(title, intro, Markup(""), self.grouped_by_kind(entries))
        return self._page("year", title, markdown, None, None)

    # --- overview pages --------------------------------------------------------------------

    def kind_overview(self, kind: str) -> Page:
        self.here = self.urls.section(kind)
        entries = self.ix.by_kind.get(kind, [])
        title = self.t[kind + "s"]
        intro = [md_text(self.t["count"].format(n=len(entries)))]
        if kind == "recommendation":
            sections = self.recommendations_by_source(
                [e for e in entries if isinstance(e, Recommendation)], level=2
            )
        elif kind == "event":
            sections = self.events_by_time([e for e in entries if isinstance(e, Event)])
            intro.append(
                md_text(self.t["subscribe_intro"] + " ")
                + self.link(self.urls.calendar(), self.t["subscribe"])
            )
        elif entries:
            with self.fragment():
                sections = [self.list_section(title, [self.line(e) for e in entries], level=2)]
        else:
            sections = []
        markdown = self._listing(title, intro, Markup(""), sections)
        return self._page("overview", title, markdown, None, None, uri=self.here)

    def _with_chart(self, markdown: str, kind: str, ident: str) -> str:
        """A theme, organisation or life-event page ends with a small chart of its figures."""
        from ..outputs.stats import mini_chart  # stats builds on the renderer; imported when used

        here = self.here
        chart = mini_chart(self, kind, ident)
        self.here = here
        return markdown.rstrip() + "\n\n" + chart if chart else markdown

    def feed_link(self, kind: str, ident: str) -> Markup:
        """A paragraph with the link to a feed; its class keeps it out of search snippets
        (``search.documents``)."""
        link = self.link(self.urls.feed(kind, ident), self.t["follow_feed"])
        return Markup(f"{link}\n{{: .{FEED_CLASS} }}")

    def events_by_time(self, events: Sequence[Event]) -> list[Section]:
        """Upcoming (soonest first) and past (newest first), as of the build date.

        The build date comes from SOURCE_DATE_EPOCH when set, so a rebuild of the same
        content on another day can still be byte-identical.
        """
        today = build_date()
        upcoming = sorted(
            (e for e in events if (e.end or e.start).date >= today),
            key=lambda e: e.start.sort_key(),
        )
        past = [e for e in events if (e.end or e.start).date < today]  # already newest first
        with self.fragment():
            sections = [
                self.list_section(self.t["upcoming"], [self.line(e) for e in upcoming]),
                self.list_section(self.t["past"], [self.line(e) for e in past]),
            ]
        if not upcoming:
            sections[0].intro = md_text(
                self.t["no_upcoming"].format(date=self.when(EventTime(today), None))
            )
        return sections

    def vocab_overview(self, kind: str) -> Page:
        self.here = self.urls.section(kind)
        t = self.t
        title = t[kind + "s"]
        table = self._vocab_tables[kind]
        counts = self._vocab_counts(kind)
        sections: list[Section] = []
        with self.fragment():
            if kind == "organisation":
                groups: dict[str, list[VocabItem]] = defaultdict(list)
                for item in table.values():
                    groups[getattr(item, "org_kind", "annet")].append(item)
                for group in sorted(groups, key=collation_key):
                    items = sorted(groups[group], key=lambda i: collation_key(i.label))
                    lines = [self._vocab_item(kind, i, counts) for i in items]
                    sections.append(self.list_section(group.capitalize(), lines))
            else:
                items = sorted(table.values(), key=lambda i: collation_key(i.label))
                lines = [self._vocab_item(kind, i, counts) for i in items]
                sections.append(self.list_section(title, lines))
        markdown = self._listing(title, [], Markup(""), sections)
        return self._page("overview", title, markdown, None, None, uri=self.here)

    def _vocab_counts(self, kind: str) -> Mapping[str, int]:
        if kind == "theme":
            return {k: len(v) for k, v in self.ix.by_theme.items()}
        if kind == "life_event":
            return {k: len(v) for k, v in self.ix.by_life_event.items()}
        if kind == "sector":
            return {k: len(v) for k, v in self.ix.by_sector.items()}
        return {
            k: len({m.entry.key for m in self.ix.mentions(k)}) for k in self._vocab_tables[kind]
        }

    def _vocab_item(self, kind: str, item: VocabItem, counts: Mapping[str, int]) -> Markup:
        label = getattr(item, "display", item.label)
        count = self.t["count"].format(n=counts.get(item.id, 0))
        return Markup(f"{self.vocab_link(kind, item.id, label)} – {self.text(count)}")

    def year_overview(self) -> Page:
        self.here = self.urls.section("year")
        title = self.t["years"]
        with self.fragment():
            items = [
                Markup(
                    f"{self.link(self.urls.page('year', y), str(y))} – "
                    f"{self.text(self.t['count'].format(n=len(self.ix.by_year[y])))}"
                )
                for y in sorted(self.ix.by_year, reverse=True)
            ]
            section = self.list_section(title, items)
        markdown = self._listing(title, [], Markup(""), [section])
        return self._page("overview", title, markdown, None, None, uri=self.here)

    # --- assembly --------------------------------------------------------------------------

    def _listing(
        self,
        title: str,
        intro: Sequence[Markup],
        facts: Sequence[tuple[str, Markup]] | Markup,
        sections: Sequence[Section],
        *,
        searchable: bool = False,
    ) -> str:
        """A listing page; ``facts``: its rows, or the fact box made of them (``facts``)."""
        # The lists are navigation: the entries are found on their own pages. The title,
        # intro and facts of a listing page stay searchable; ``searchable`` keeps the
        # sections too, for a page whose sections are its own text (the open-data page).
        if not searchable:
            for section in sections:
                section.searchable = False
        self._seal(sections)
        fact_box = facts if isinstance(facts, Markup) else self.facts(facts)
        return self._listing_template.render(
            title=md_text(title), intro=intro, facts=fact_box, sections=sections
        )

    def _page(
        self,
        kind: str,
        title: str,
        markdown: str,
        source: str | None,
        description: str | None,
        draft: bool = False,
        uri: str | None = None,
    ) -> Page:
        # Material prints page.meta.title and .description unescaped (the header topic,
        # <title>, <meta content="…">), treating them as HTML. A contributor's title must
        # therefore arrive HTML-escaped, or it could run script in the header bar.
        meta: dict[str, Any] = {"title": html.escape(" ".join(title.split()))}
        if description:
            meta["description"] = html.escape(" ".join(description.split()))
        header = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
        fragments = Fragments(
            self._opening, self._closing, tuple(self._made), tuple(self._headings)
        )
        self._opening, self._closing, self._made, self._headings = "", "", [], []
        return Page(
            src_uri=uri or self.here,
            markdown=f"---\n{header}---\n\n{markdown.rstrip()}\n",
            title=title,
            kind=kind,
            source=source,
            description=description,
            draft=draft,
            fragments=fragments or None,
            meta=meta,
        )

    def pages(self) -> Iterator[Page]:
        for planned in self.page_plan():
            yield planned.make()

    def page_plan(self) -> list[Planned]:
        """Every page, in order, not made yet: where it goes and what it comes from are
        known at once, the page is made when asked for (``pipeline`` may have a second
        process make it). ``tests/test_parallel.py`` holds the plan to what is made."""
        urls, vocab = self.urls, self.ix.vocabulary
        plan = [
            Planned(urls.page(e.kind, e.id), e.path, partial(self.entry_page, e))
            for e in self.ix.entries
        ]
        plan += [
            Planned(urls.section(kind), None, partial(self.kind_overview, kind))
            for kind in self.ix.kinds()
        ]
        for kind, table, make in (
            ("theme", vocab.themes, self.theme_page),
            ("organisation", vocab.organisations, self.organisation_page),
            ("life_event", vocab.life_events, self.life_event_page),
            ("sector", vocab.sectors, self.sector_page),
        ):
            plan += [
                Planned(urls.page(kind, ident), item.path, partial(make, ident))
                for ident, item in table.items()
            ]
        plan += [
            Planned(urls.page("year", year), None, partial(self.year_page, year))
            for year in sorted(self.ix.by_year)
        ]
        plan += [
            Planned(urls.section(kind), None, partial(self.vocab_overview, kind))
            for kind in ("theme", "organisation", "life_event", "sector")
        ]
        plan.append(Planned(urls.section("year"), None, self.year_overview))
        return plan
