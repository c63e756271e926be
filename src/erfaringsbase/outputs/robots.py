"""``robots.txt``: every page may be read by crawlers, and the sitemap is where they find
them all (with the date each last changed: ``mkdocs/theme/sitemap.xml``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..content.urls import absolute_file
from ..pages.render import Asset, Renderer


def produce_robots(renderer: Renderer) -> Iterator[Asset]:
    sitemap = absolute_file(renderer.ix.settings.site_url, "sitemap.xml")
    text = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
    yield Asset("robots.txt", text.encode("utf-8"), "text/plain")
