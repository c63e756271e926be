"""The site search's view of a page: what Pagefind indexes, filters on and shows.

Pagefind does not read the served pages. Each page reaches it as a small HTML document
written here (``search_html``) from the page's finished article HTML and what the core
knows of it (``SearchDocument``):

* the article, without what a reader does not search a page by: sections whose heading is
  marked ``data-search-exclude`` (sources, related entries, lists of links on overview
  pages), links to feeds (``pages.writer.FEED_CLASS``) and the fact box (``data-pagefind-ignore``;
  its values come back as keywords);
* after a marker word (``KEYWORDS_MARK``), the page's Norwegian keywords: compound parts,
  names of what it is about (short, former, nynorsk and English names), nynorsk forms.
  The browser writes snippets only from the words before the marker, so a keyword is
  found but never shown;
* filters (kind, theme, organisation, year) and metadata (title, other titles, rank).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape, unescape
from typing import Final, Literal

from ..content.model import Entry
from ..content.vocabulary import Organisation, TitledItem, VocabItem
from ..index.cross import CrossIndex
from ..pages.labels import labels
from . import entry_names, vocabulary_names, words

#: How a page ranks against others that match as well: entries and the pages of themes,
#: organisations and the like first, generated overviews next, hand-written help pages
#: (Bidra, Om, Ytelse …) last. The browser weighs scores by it (``search.js``).
Rank = Literal["innhold", "oversikt", "hjelp"]

#: Stands between a page's own words and its keywords in what Pagefind stores as the
#: page's text: a word no reader types, which Pagefind keeps in the text but does not
#: index (it has no letters or digits).
KEYWORDS_MARK: Final = "⁂"

_HEADING: Final = re.compile(r"<h([1-6])\b([^>]*)>", re.IGNORECASE)
#: A paragraph that only links to a feed (``pages.writer.FEED_CLASS``).
_FEED: Final = re.compile(r'<p class="eb-feed">.*?</p>', re.DOTALL)
#: The permalink after a heading (the toc extension's ¶).
_PERMALINK: Final = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
#: The footnotes (which source each sentence rests on) and their marks in the text: the
#: sources are not what a page is found by (their section is left out too).
_FOOTNOTES: Final = re.compile(
    r'<div class="footnote">.*?</ol>\s*</div>|<sup id="fnref[^"]*">.*?</sup>', re.DOTALL
)
#: The fact box, once ``search.fact_box_for_keywords`` has marked it (it holds no div).
_IGNORED: Final = re.compile(r"<div [^>]*data-pagefind-ignore[^>]*>.*?</div>", re.DOTALL)
_TAG: Final = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SearchDocument:
    """One page as the site search sees it."""

    #: The page's address relative to the site root (``erfaringer/altinn/``).
    url: str
    title: str
    #: The page's article as the reader gets it, HTML (what is searched of it: ``html``).
    article: str
    rank: Rank
    #: Filter name (``FILTERS``) → the page's values.
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Names of what the page is about (themes, organisations …) in every form a reader
    #: may search by; they become keywords.
    names: Sequence[str] = ()
    #: Other titles of the page itself (nynorsk, short and former names, English): a query
    #: that is one of them is an exact title match, as the title is.
    other_titles: Sequence[str] = ()
    #: The text of the page's fact box, which the article leaves out of the search.
    facts: str = ""

    @cached_property
    def html(self) -> str:
        """The part of the article that is searched (``searched_html``): worked out where
        the index is made (on a large site, the search's own process), not in the
        process that waits for every page."""
        return searched_html(self.article)

    @cached_property
    def text(self) -> str:
        """The page's title and searched article as text."""
        return f"{self.title} {plain_text(self.html)}"

    @cached_property
    def words(self) -> frozenset[str]:
        """The page's own words (``text``), lower case."""
        return frozenset(words(self.text))


@dataclass(frozen=True, slots=True)
class SearchProfile:
    """All the search takes from a page but its text: rank, filters, the names it is
    found by and the text of its fact box. Known when a generated page is made (by the
    page helper on a large site), before MkDocs has converted it."""

    rank: Rank
    filters: Mapping[str, Sequence[str]]
    names: Sequence[str] = ()
    other_titles: Sequence[str] = ()
    facts: str = ""

    def document(self, url: str, title: str, article: str) -> SearchDocument:
        """The page's search document, from its finished article HTML."""
        return SearchDocument(
            url=url,
            title=title,
            article=article,
            rank=self.rank,
            filters=self.filters,
            names=self.names,
            other_titles=self.other_titles,
            facts=self.facts,
        )


def page_profile(
    about: Entry | VocabItem | None, ix: CrossIndex, *, generated: bool, facts: str = ""
) -> SearchProfile:
    """What the search knows of a page from ``about``, the entry or vocabulary item it
    presents (None for other pages: ``generated`` overviews, and hand-written help
    pages), and from the text of its fact box."""
    label = labels(ix.settings.language)
    vocab = ix.vocabulary
    names: list[str] = []
    others: list[str] = []
    rank: Rank = "innhold"
    if isinstance(about, Entry):
        filters = {
            "type": [label[about.kind]],
            "tema": [vocab.themes[t].label for t in about.themes if t in vocab.themes],
            "virksomhet": [
                vocab.organisations[o].label
                for o in about.organisation_ids()
                if o in vocab.organisations
            ],
            "år": [str(year) for year in ix.years_of(about)],
        }
        names = entry_names(about, ix, synonyms=False)
    elif about is not None:
        filters = {"type": [label[about.kind]]}
        names = vocabulary_names(about, ix)
        # An organisation goes by its former names too: «Difi» finds Digdir's page.
        others = names if isinstance(about, Organisation) else [*about.search_names()]
        if isinstance(about, TitledItem) and about.title_en:
            others.append(about.title_en)
    elif generated:
        rank, filters = "oversikt", {"type": [label["search_overview"]]}
    else:
        rank, filters = "hjelp", {"type": [label["search_help"]]}
    return SearchProfile(
        rank=rank,
        filters={k: v for k, v in filters.items() if v},
        names=names,
        other_titles=others,
        facts=facts,
    )


def searched_html(html: str) -> str:
    """The article without the sections whose heading is marked ``data-search-exclude``
    (from such a heading to the next heading of the same or a higher level) and without
    links to feeds."""
    out: list[str] = []
    skipping: int | None = None  # the level of the heading whose section is left out
    at = 0
    for heading in _HEADING.finditer(html):
        level = int(heading.group(1))
        if skipping is not None and level > skipping:
            continue
        if skipping is None:
            out.append(html[at : heading.start()])
        skipping = level if "data-search-exclude" in heading.group(2) else None
        at = heading.start()
    if skipping is None:
        out.append(html[at:])
    kept = _FOOTNOTES.sub("", _FEED.sub("", "".join(out)))
    return _PERMALINK.sub("", _IGNORED.sub("", kept))


def plain_text(html: str) -> str:
    return unescape(_TAG.sub(" ", html))


def search_html(document: SearchDocument, keywords: Sequence[str], language: str) -> str:
    """The HTML that Pagefind indexes for ``document``."""
    parts = [
        f'<html lang="{escape(language)}"><head><title>{escape(document.title)}</title></head>',
        "<body><main data-pagefind-body>",
        f'<meta data-pagefind-meta="title" content="{escape(document.title)}">',
        f'<meta data-pagefind-meta="rank" content="{document.rank}">',
    ]
    if document.other_titles:
        titles = " | ".join(dict.fromkeys(document.other_titles))
        parts.append(f'<meta data-pagefind-meta="titles" content="{escape(titles)}">')
    for name, values in document.filters.items():
        for value in dict.fromkeys(values):
            parts.append(f'<meta data-pagefind-filter="{name}[content]" content="{escape(value)}">')
    if "<h1" not in document.html[:200]:
        parts.append(f"<h1>{escape(document.title)}</h1>")  # the title weighs as a title
    parts.append(document.html)
    parts.append(f"<p>{KEYWORDS_MARK}</p>")
    if document.other_titles:
        # Weighed as a title is: «Benefit realisation» finds the theme before its entries.
        titles = " ".join(dict.fromkeys(document.other_titles))
        parts.append(f'<p data-pagefind-weight="7">{escape(titles)}</p>')
    if keywords:
        parts.append(f"<p>{escape(' '.join(keywords))}</p>")
    parts.append("</main></body></html>")
    return "".join(parts)
