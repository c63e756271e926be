"""What a page outside the menu shares with its folder: the navigation and the rest.

Material draws the whole menu for every page (``partials/nav.html``) and the tabs above
it, marking where the page is. An entry or an overview is not in the menu, so nothing in
them is marked, and their links, relative to the page, are the same for every page in the
same folder: 2,500 cases in ``erfaringer/`` have one navigation between them. So have the
header (but for the page's title), the breadcrumbs up to the page, the footer and the
links to style sheets and scripts. The theme (``partials/erfaringsbase-shared.html``)
draws each for the first page of a folder, keeps the HTML here and writes it again for
the others (at 10,000 entries, py-spy found about a quarter of the templates' time in the
menu, and a fifth in the tabs).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypedDict

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page


class NavigationContext(TypedDict):
    #: The page's folder if the page is outside the menu, else None (drawn for itself).
    folder: str | None
    #: The part and the folder (``"nav erfaringer/*/"``, ``"tabs …"``, ``"config …"``) →
    #: the HTML drawn for the first page there (filled by the theme).
    drawn: dict[str, str]


class SharedNavigation:
    """For one build: which navigation a page shares, and those drawn so far."""

    def __init__(self) -> None:
        self.drawn: dict[str, str] = {}
        self._menu: tuple[Navigation, frozenset[str], tuple[str, ...], bool] | None = None

    def context(self, page: Page, nav: Navigation, config: MkDocsConfig) -> NavigationContext:
        return {"folder": self._shared_folder(page, nav, config), "drawn": self.drawn}

    def _shared_folder(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str | None:
        if self._menu is None or self._menu[0] is not nav:
            pages = frozenset(p.file.src_uri for p in nav.pages)
            targets = (*_link_targets(nav.items), *_links_beside_the_menu(config))
            self._menu = (nav, pages, targets, _own_partials(config))
        _, in_menu, targets, own_partials = self._menu
        if own_partials or page.file.src_uri in in_menu or page.ancestors:
            # Drawn for itself: the menu marks where it is, or a partial of the site's own
            # may write something of the page.
            return None
        url = page.url
        if not url.endswith("/"):
            return posixpath.dirname(url) + "/"  # links are relative to the file's folder
        # A page with a folder of its own (``erfaringer/altinn/``): its links are relative
        # to that folder, so they are written as its siblings' are, unless a link of the
        # shared parts leads into it (there it is ``./``, from a sibling ``../altinn/``).
        if any(target == url.rstrip("/") or target.startswith(url) for target in targets):
            return None
        return posixpath.dirname(url.rstrip("/")) + "/*/"


def _links_beside_the_menu(config: MkDocsConfig) -> Iterator[str]:
    """What else the shared parts link to, relative to the site: the footer's pages
    (``extra.footer``), the front page, the logo, the style sheets and the scripts."""
    for link in config.extra.get("footer") or ():
        if isinstance(link, Mapping) and isinstance(link.get("url"), str):
            yield link["url"]
    for value in (config.extra.get("homepage"), config.theme.get("logo")):
        if isinstance(value, str):
            yield value
    yield from (str(sheet) for sheet in config.extra_css)
    yield from (str(script) for script in config.extra_javascript)


def _own_partials(config: MkDocsConfig) -> bool:
    """Does the site's own ``custom_dir`` replace a partial? It may write something of
    the page itself (a date, the title) where the theme shares a folder's HTML, so every
    page is then drawn for itself. (The translations in ``partials/languages`` are the
    site's, the same on every page.)"""
    if not config.theme.custom_dir:
        return False
    partials = Path(config.theme.custom_dir) / "partials"
    return any(
        path.relative_to(partials).parts[0] != "languages" for path in partials.rglob("*.html")
    )


def _link_targets(items: Iterable[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _link_targets(item.children)
        elif isinstance(item, Page | Link):
            yield item.url
