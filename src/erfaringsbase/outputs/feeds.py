"""Atom 1.0 feeds (RFC 4287) of new and updated entries: the whole site, each theme, each
organisation (with the entries from its former names).

Written with ``xml.etree`` rather than a feed library: an Atom feed is a dozen elements,
ElementTree escapes every text and attribute, and it adds no dependency to the site build.
feedgen, the obvious library, would bring lxml, fills in the current time wherever a date
is left out (one omission and builds are no longer reproducible), writes its own version
into every feed, and, like lxml itself, stops on control characters instead of dropping
them.

Dates come from the content (``updated``, else ``published``), never from the clock, so
two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from ..content.model import OSLO, Entry, Recommendation
from ..content.urls import absolute, absolute_file
from ..pages.render import Asset, Renderer

ATOM: Final = "http://www.w3.org/2005/Atom"
MEDIA_TYPE: Final = "application/atom+xml"
#: Enough for any reader's "what is new"; older entries are on the site.
MAX_ENTRIES: Final = 50
RIGHTS: Final = (
    "Innholdet kan brukes fritt etter lisensen CC BY 4.0. Oppgi {site} og den opprinnelige kilden."
)
KIND_ORDER: Final = {"case": 0, "report": 1, "recommendation": 2, "event": 3}
#: Characters XML 1.0 does not allow at all, not even escaped. A YAML escape ("\0") can
#: put them in a title; a feed with one would not parse, so they are dropped.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed: where it is, what it is called, which page it stands for, what it holds."""

    path: str
    title: str
    page: str
    entries: Sequence[Entry]


def produce_feeds(renderer: Renderer) -> Iterator[Asset]:
    """The site's feed, then one per theme and one per organisation (empty ones too, so a
    feed address never breaks: a subscriber gets the first entry when it comes)."""
    newest = max((changed(e) for e in renderer.ix.entries), default=dt.date(1970, 1, 1))
    for spec in feeds(renderer):
        make = functools.partial(render_feed, renderer, spec, newest)  # made when written
        yield Asset.later(spec.path, make, MEDIA_TYPE)


def feeds(renderer: Renderer) -> Iterator[FeedSpec]:
    ix, urls = renderer.ix, renderer.urls
    site = ix.settings.site_name
    yield FeedSpec(urls.feed(), f"{site}: nytt og oppdatert", urls.home(), ix.entries)
    for theme in ix.vocabulary.themes.values():
        yield FeedSpec(
            urls.feed("theme", theme.id),
            f"{site}: {theme.title}",
            urls.page("theme", theme.id),
            ix.by_theme.get(theme.id, []),
        )
    for org in ix.vocabulary.organisations.values():
        # mentions() lists an entry once per role and name it has; a feed lists it once.
        mentioned = {m.entry.key: m.entry for m in ix.mentions(org.id)}
        yield FeedSpec(
            urls.feed("organisation", org.id),
            f"{site}: {org.display}",
            urls.page("organisation", org.id),
            list(mentioned.values()),
        )


def changed(entry: Entry) -> dt.date:
    """When the entry was last changed: what a feed reader calls new."""
    return entry.updated or entry.published


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """By date of change, newest first. Many entries share a day (content is often added
    in batches), so ties go by the entry's own date (newest first), then kind and id:
    the same order in every build."""
    return sorted(
        entries,
        key=lambda e: (
            -changed(e).toordinal(),
            -e.sort_date().toordinal(),
            KIND_ORDER.get(e.kind, len(KIND_ORDER)),
            e.id,
        ),
    )


def timestamp(day: dt.date) -> str:
    """RFC 3339 for midnight in Oslo: ``2026-11-23T00:00:00+01:00``."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=OSLO).isoformat()


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def summary(entry: Entry) -> str | None:
    """Plain text: a recommendation is its one sentence; everything else its summary."""
    if isinstance(entry, Recommendation):
        return entry.recommendation
    return entry.summary


def render_feed(renderer: Renderer, spec: FeedSpec, site_newest: dt.date) -> bytes:
    settings = renderer.ix.settings
    entries = newest_first(spec.entries)[:MAX_ENTRIES]
    # An empty feed still needs an <updated>: the site's newest change, not the clock.
    updated = changed(entries[0]) if entries else site_newest
    feed_url = absolute_file(settings.site_url, spec.path)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": settings.language})
    _text(root, "id", feed_url)
    _text(root, "title", spec.title)
    _text(root, "updated", timestamp(updated))
    _link(root, "self", feed_url, MEDIA_TYPE)
    _link(root, "alternate", absolute(settings.site_url, spec.page), "text/html")
    _author(root, settings.site_name)
    _text(root, "rights", RIGHTS.format(site=settings.site_name))
    for entry in entries:
        _entry(renderer, root, entry)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _entry(renderer: Renderer, feed: ET.Element, entry: Entry) -> None:
    settings = renderer.ix.settings
    themes = renderer.ix.vocabulary.themes
    url = absolute(settings.site_url, renderer.urls.page(entry.kind, entry.id))
    element = ET.SubElement(feed, "entry")
    _text(element, "id", url)
    _text(element, "title", entry.title)
    _text(element, "updated", timestamp(changed(entry)))
    _text(element, "published", timestamp(entry.published))
    _link(element, "alternate", url, "text/html")
    text = summary(entry)
    if text:
        _text(element, "summary", text)
    scheme = absolute(settings.site_url, renderer.urls.section("theme"))
    for theme_id in entry.themes:
        theme = themes.get(theme_id)
        category = {"term": theme_id, "scheme": scheme}
        if theme is not None:
            category["label"] = xml_text(theme.title)
        ET.SubElement(element, "category", category)
    _author(element, settings.site_name)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    # Atom's text constructs default to type="text": contributors' "<" and "&" stay
    # characters (ElementTree escapes them), never markup.
    ET.SubElement(parent, tag).text = xml_text(text)


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})


def _author(parent: ET.Element, name: str) -> None:
    _text(ET.SubElement(parent, "author"), "name", name)
