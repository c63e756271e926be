"""Material's search documents for one page, made outside Material's search plugin.

Material's search plugin reads every page's HTML with its own parser as MkDocs renders
the page. At 10,000 entries that is some 10 s of a build that MkDocs runs on one core, so
on a large site the second process that sanitises a generated page (``pagework``) makes
its search documents too, with Material's own parser and entry code, and the plugin hands
them to Material's index in the page's place (``plugin.on_page_context``). Only what
Material itself would index from the page's HTML, URL and title comes out: pages with
``tags`` or ``search`` settings in their front matter are left to Material.

Material is imported here, not in the core: only the plugin and its worker use this.
"""

from __future__ import annotations

import re
from typing import Any, Final

from material.plugins.search.plugin import Parser, SearchIndex

#: The search settings Material's search plugin takes out of a page's HTML once it has
#: indexed the page (its ``on_page_context``, in Material 9.x; ``tests/test_search.py``
#: holds the two to the same result).
_SETTINGS: Final = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def displayed(html: str) -> str:
    """A page's HTML as Material's search plugin leaves it after indexing it."""
    return _SETTINGS.sub("", html)


class _PageLike:
    """What Material's ``create_entry_for_section`` reads of a page: its title."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.meta = {"title": title}


def search_documents(html: str, url: str, title: str) -> list[dict[str, Any]]:
    """The documents Material's search would add for a page with this HTML, URL and
    title (``page.meta['title']``, else ``page.title``), in Material's order."""
    index = SearchIndex()
    parser = Parser()
    parser.feed(html)
    parser.close()
    page = _PageLike(title)
    for section in parser.data:
        if not section.is_excluded():
            # No table of contents: Material looks a section's id up in it only to take
            # the entry's URL fragment, which for MkDocs' anchors is always "#" + id,
            # as Material writes it when the id is not found.
            index.create_entry_for_section(section, [], url, page)
    entries: list[dict[str, Any]] = index.entries
    return entries
