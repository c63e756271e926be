"""Crawler basics (issue 24): robots.txt names the sitemap, and the sitemap dates each
entry's page by the entry (``updated``, else ``published``), not by the build."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from erfaringsbase.content.config import find_settings
from erfaringsbase.site import check
from support import FIXTURES, mkdocs_build

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_and_a_sitemap_dated_by_the_content(tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = mkdocs_build(site, FIXTURES / "mini" / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    robots = (site / "robots.txt").read_text("utf-8")
    assert robots == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    root = ET.parse(site / "sitemap.xml").getroot()
    dated = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }
    index = check(find_settings(FIXTURES / "mini"), include_drafts=False).index
    assert index.entries
    for entry in index.entries:
        loc = f"https://example.org/{index.settings.urls.page(entry.kind, entry.id)[:-3]}/"
        assert dated[loc] == (entry.updated or entry.published).isoformat(), loc
