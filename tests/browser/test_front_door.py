"""A front door and a look of its own (issue 23, items 3, 4 and 7): the front page with the
search box, the three knots, the newest entries and events; breadcrumbs; the help pages
under «Om», out of the reader's main menu; a labelled edit link; link previews (Open
Graph, Twitter card) and sensible titles; a Norwegian «not found» page; headings and
tables that fit a phone; a printout in readable type with the sources' addresses.

Before: stock Material (indigo bar, its logo, grey headings), no search box, cards, lists
or breadcrumbs on the front page, Ytelse and Kvalitet in the menu, the repository's name
in the header, an unlabelled pencil, "404 - Not found", no og: tags, the front page titled
"Erfaringsbasen - Erfaringsbasen", 13 headings broken mid-word and 43 pages with tables
wider than a phone, print at 8 pt with sources as a bare «Lenke».
"""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import axe, describe, ready, search
from playwright.sync_api import Page

from conftest import Visit

SITE_URL = "https://erfaringsbasen.no/"
PHONE = {"width": 390, "height": 844}
ENTRY_SECTIONS = ("erfaringer", "rapporter", "anbefalinger", "arrangementer")
THEMES = ("samarbeid-pa-tvers", "gevinstrealisering", "fornyelse")
#: The reader's sections: the top menu on a desktop, the first level of the phone menu.
MAIN_MENU = [
    "Forside",
    "Utforsk",
    "Erfaringer",
    "Anbefalinger",
    "Rapporter",
    "Arrangementer",
    "Bla etter",
    "Tall og oversikt",
    "Om",
]
HELP_PAGES = ("Bidra", "Åpne data", "Kvalitet", "Ytelse")
#: Pages whose headings broke mid-word on a phone before (the longest words of the site).
LONG_HEADINGS = (
    "virksomheter/digdir/",
    "virksomheter/kmd/",
    "virksomheter/kd/",
    "virksomheter/aid/",
    "virksomheter/brreg/",
    "virksomheter/dfd/",
    "virksomheter/jd/",
    "virksomheter/md/",
    "virksomheter/sd/",
    "erfaringer/medfinansieringsordningen/",
    "arrangementer/difi-veiledningssamling-medfinansiering-2017-11-06/",
    "tilgjengelighet/",
    "personvern/",
)


def url_of(page: Page) -> str:
    return page.url.split("#")[0]


# --- the front page ----------------------------------------------------------------------


def test_the_front_page_is_a_front_door(base_url: str, visit: Callable[..., Visit]) -> None:
    page = visit().page
    page.goto(base_url)
    ready(page)
    assert page.title() == "Erfaringsbasen – erfaringer fra digitalisering i offentlig sektor"
    main = page.locator(".md-content")
    # The search box is the first thing in the content, labelled, and it finds things.
    box = main.locator("#eb-search-input")
    assert box.is_visible()
    assert main.get_by_label("Søk i erfaringer, anbefalinger, rapporter og arrangementer").count()
    assert page.locator(".md-header #eb-search-input").count() == 0  # one box per page
    assert "erfaringer/altinn/" in search(page, "altinn")[:3]
    page.keyboard.press("Escape")
    # The three knots, as cards linking to their theme pages.
    cards = main.locator(".eb-home__sections dl dt a")
    assert cards.count() == 3
    hrefs = [urljoin(url_of(page), h) for h in cards.evaluate_all("a => a.map(x => x.href)")]
    assert hrefs == [urljoin(base_url, f"tema/{t}/") for t in THEMES]
    # The newest entries and the events, straight from the content.
    newest = section_links(page, "Nyeste erfaringer")
    assert len([h for h in newest if re.search(r"/erfaringer/[a-z0-9-]+/$", h)]) == 5
    # Upcoming events only (none in the sample content now: it says so), and the way to
    # all of them, past ones included.
    events = section_links(page, "Kommende arrangementer")
    coming = [h for h in events if re.search(r"/arrangementer/[a-z0-9-]+/$", h)]
    assert len(coming) <= 3
    if not coming:
        assert "Ingen kommende arrangementer er registrert" in main.inner_text()
    assert urljoin(base_url, "arrangementer/") in events
    # Its own mark, not Material's book.
    logo = page.locator(".md-header .md-logo img").get_attribute("src", timeout=1000) or ""
    assert logo.endswith("assets/erfaringsbase/logo.svg")
    assert page.locator("link[rel=icon][href$='favicon-32.png']").count() == 1


def section_links(page: Page, heading: str) -> list[str]:
    """The links between a second-level heading and the next one."""
    links: list[str] = page.evaluate(
        """heading => {
          const h = Array.from(document.querySelectorAll('article h2'))
            .find(x => x.textContent.replace('¶', '').trim() === heading);
          const found = [];
          for (let el = h && h.nextElementSibling; el && el.tagName !== 'H2';
               el = el.nextElementSibling) {
            el.querySelectorAll('a').forEach(a => found.push(a.href));
          }
          return found;
        }""",
        heading,
    )
    return links


# --- finding the way ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        ("erfaringer/altinn/", ["Forside", "Erfaringer", "Altinn"]),
        ("tema/fornyelse/", ["Forside", "Bla etter", "Tema", "Fornyelse"]),
        ("virksomheter/digdir/", ["Forside", "Bla etter", "Virksomheter", None]),
        ("kvalitet/", ["Forside", "Om", "Kvalitet"]),
    ],
)
def test_breadcrumbs_show_the_way_up(
    path: str, trail: list[str | None], base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit(width=1366, height=900).page
    page.goto(base_url + path)
    crumbs = page.get_by_role("navigation", name="Brødsmulesti")
    assert crumbs.is_visible()
    items = crumbs.locator("li")
    texts = [t.strip() for t in items.all_inner_texts()]
    assert len(texts) == len(trail)
    for text, expected in zip(texts, trail, strict=True):
        if expected is not None:
            assert text == expected
    # The current page is last, marked, and not a link; the front page is a link.
    current = items.last.locator("[aria-current=page]")
    assert current.count() == 1 and items.last.locator("a").count() == 0
    assert page.locator("h1").inner_text().startswith(current.inner_text().strip()[:20])
    assert crumbs.locator("a").first.evaluate("a => a.href") == base_url
    # The top menu marks the section the page is in, inside the navigation or not.
    section = next(t for t in trail[1:] if t in MAIN_MENU)
    assert page.locator(".md-tabs__item--active").inner_text().strip() == section


def test_help_pages_are_under_om_not_in_the_main_menu(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    desktop = visit(width=1366, height=900).page
    desktop.goto(base_url + "erfaringer/")
    tabs = desktop.locator(".md-tabs__link")
    assert [t.strip() for t in tabs.all_inner_texts()] == MAIN_MENU
    visible_links = desktop.evaluate(
        """() => Array.from(document.querySelectorAll('header a, .md-tabs a, .md-sidebar a'))
             .filter(a => a.offsetParent !== null).map(a => a.textContent.trim())"""
    )
    for help_page in (*HELP_PAGES, "erfaringsbasen/erfaringsbasen"):
        assert help_page not in visible_links, help_page
    # No repository link in the header: readers are not developers.
    assert not desktop.locator(".md-header .md-source").count()
    # They are one click away, in the section «Om».
    desktop.goto(base_url + "om/")
    section = desktop.locator(".md-sidebar--primary")
    for help_page in HELP_PAGES:
        assert section.get_by_role("link", name=help_page, exact=True).is_visible(), help_page

    phone = visit(**PHONE).page
    phone.goto(base_url + "erfaringer/")
    phone.locator(".md-header label[for=__drawer]").click()
    phone.wait_for_timeout(400)
    first_level = phone.evaluate(
        """() => Array.from(document.querySelectorAll(
               '.md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link'))
             .filter(a => a.getBoundingClientRect().width > 0)
             .map(a => a.textContent.trim())"""
    )
    assert first_level == MAIN_MENU
    assert not phone.locator(".md-nav__source").is_visible()


def test_the_edit_link_says_what_it_does(base_url: str, visit: Callable[..., Visit]) -> None:
    page = visit().page
    page.goto(base_url + "erfaringer/altinn/")
    link = page.get_by_role("link", name="Rediger denne siden på GitHub")
    assert link.is_visible()
    assert link.get_attribute("href", timeout=1000) == (
        "https://github.com/erfaringsbasen/erfaringsbasen/edit/main/cases/altinn.md"
    )
    # Material's unlabelled pencil at the top is gone.
    assert page.locator("article > a.md-content__button[rel=edit]").count() == 0


# --- shared links ------------------------------------------------------------------------


class Head(HTMLParser):
    """The <title>, the canonical link and the meta properties of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def head_of(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text("utf-8").split("</head>")[0])
    return parser


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_every_entry_page_has_a_link_preview(real_site: Path) -> None:
    pages = sorted(p for s in ENTRY_SECTIONS for p in (real_site / s).glob("*/index.html"))
    assert len(pages) > 60
    problems: list[str] = []
    for path in pages:
        head = head_of(path)
        address = SITE_URL + path.parent.relative_to(real_site).as_posix() + "/"
        title = head.title.removesuffix(" - Erfaringsbasen")
        expected = {
            "og:title": title,
            "og:type": "article",
            "og:url": address,
            "og:locale": "nb_NO",
            "og:site_name": "Erfaringsbasen",
            "og:image": SITE_URL + "assets/erfaringsbase/delingskort.png",
            "twitter:card": "summary_large_image",
            "twitter:title": title,
        }
        for key, value in expected.items():
            if head.meta.get(key) != value:
                problems.append(f"{path}: {key}={head.meta.get(key)!r}, expected {value!r}")
        for key in ("og:description", "twitter:description", "og:image:alt", "twitter:image"):
            if not head.meta.get(key, "").strip():
                problems.append(f"{path}: no {key}")
        if head.meta.get("og:description") != head.meta.get("description"):
            problems.append(f"{path}: og:description is not the page's description")
        if head.canonical != address:
            problems.append(f"{path}: canonical {head.canonical}")
    assert not problems, "\n".join(problems[:20])
    # One card for the site, in the size previews want, served by the site itself.
    card = real_site / "assets/erfaringsbase/delingskort.png"
    assert png_size(card) == (1200, 630)


@pytest.mark.parametrize(
    ("path", "title", "kind"),
    [
        (
            "index.html",
            "Erfaringsbasen – erfaringer fra digitalisering i offentlig sektor",
            "website",
        ),
        ("tema/fornyelse/index.html", "Fornyelse - Erfaringsbasen", "website"),
        ("om/index.html", "Om Erfaringsbasen - Erfaringsbasen", "website"),
        ("404.html", "Fant ikke siden - Erfaringsbasen", "website"),
    ],
)
def test_titles_and_previews_elsewhere(path: str, title: str, kind: str, real_site: Path) -> None:
    head = head_of(real_site / path)
    assert head.title == title
    assert head.meta["og:type"] == kind
    assert head.meta["og:title"] and head.meta["og:description"]
    assert head.meta["og:locale"] == "nb_NO"
    assert head.title != "Erfaringsbasen - Erfaringsbasen"
    assert html.unescape(head.meta["og:title"]) == head.meta["og:title"]  # not escaped twice


# --- not found ---------------------------------------------------------------------------


def test_not_found_is_norwegian_with_search_and_the_way_on(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    response = page.goto(base_url + "404.html")
    assert response is not None and response.ok
    ready(page)
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator("h1").inner_text().strip() == "Fant ikke siden"
    assert "Not found" not in page.locator("body").inner_text()
    assert page.locator(".md-content #eb-search-input").is_visible()
    assert search(page, "gevinst")
    page.keyboard.press("Escape")
    sections = page.locator("ul.eb-sections a")
    names = [t.strip() for t in sections.all_inner_texts()]
    for name in ("Forside", "Utforsk", "Erfaringer", "Anbefalinger", "Rapporter"):
        assert name in names
    for name in ("Arrangementer", "Tema", "Virksomheter", "Om"):
        assert name in names
    # The links work from any address the server answers with this page: absolute paths.
    for href in sections.evaluate_all("a => a.map(x => x.getAttribute('href'))"):
        assert href.startswith("/"), href
        assert page.request.get(urljoin(base_url, href)).ok, href


# --- phones ------------------------------------------------------------------------------


def pages_with_tables(real_site: Path) -> list[str]:
    return sorted(
        path.parent.relative_to(real_site).as_posix() + "/"
        for path in real_site.rglob("index.html")
        if "<table" in path.read_text("utf-8")
    )


WIDTH_PROBLEMS = """() => {
  const broken = [];
  document.querySelectorAll('article :is(h1, h2, h3)').forEach(h => {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/[\\p{L}\\p{N}]{6,}/gu)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  });
  const hidden = Array.from(document.querySelectorAll('article table')).filter(t => {
    const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
    if (box.scrollWidth <= box.clientWidth + 1) return false;
    const hint = box.previousElementSibling;
    return !(hint && hint.classList.contains('eb-table-hint') && !hint.hidden);
  }).length;
  return {broken, hidden, width: document.documentElement.scrollWidth};
}"""


def test_phones_need_no_sideways_scrolling(
    real_site: Path, base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit(**PHONE).page
    paths = sorted({*pages_with_tables(real_site), *LONG_HEADINGS})
    assert len(paths) > 40
    problems = []
    for path in paths:
        page.goto(base_url + path)
        ready(page)
        found = page.evaluate(WIDTH_PROBLEMS)
        if found["width"] > PHONE["width"]:
            problems.append(f"{path}: the page is {found['width']} px wide")
        if found["hidden"]:
            problems.append(f"{path}: {found['hidden']} tables scroll without saying so")
        if found["broken"]:
            problems.append(f"{path}: headings broken mid-word: {found['broken']}")
    assert not problems, "\n".join(problems)
    # Long words may still break with a hyphen where the browser knows bokmål.
    page.goto(base_url + "virksomheter/digdir/")
    assert page.locator("h1").evaluate("h => getComputedStyle(h).hyphens") == "auto"


def test_a_table_reflows_on_a_phone_and_says_it_scrolls_on_a_desktop(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    phone = visit(**PHONE).page
    phone.goto(base_url + "tema/samarbeid-pa-tvers/")
    ready(phone)
    years = phone.locator("table[data-eb-reflow]").nth(1)
    cell = years.locator("td[data-label='2023']")
    assert cell.is_visible() and cell.inner_text().strip().isdigit()
    assert years.get_attribute("role") == "table"

    desktop = visit(width=1366, height=900).page
    desktop.goto(base_url + "tema/samarbeid-pa-tvers/")
    ready(desktop)
    wrap = desktop.locator(".md-typeset__scrollwrap").nth(1)
    hint = desktop.locator(".eb-table-hint").nth(1)
    assert hint.is_visible() and "rull sidelengs" in hint.inner_text()
    last = wrap.locator("th", has_text="2023")
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    box, inside = last.bounding_box(), wrap.bounding_box()
    assert box and inside and box["x"] + box["width"] <= inside["x"] + inside["width"] + 1


# --- print -------------------------------------------------------------------------------

PT = 96 / 72  # CSS pixels in a point


def test_a_printout_is_readable_and_keeps_the_addresses(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    page.goto(base_url + "erfaringer/altinn/")
    page.emulate_media(media="print")
    sizes: dict[str, float] = page.evaluate(
        """() => Object.fromEntries(
             ['article > p', '.admonition.info dd', '#kilder + ol li']
               .map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))"""
    )
    for selector, size in sizes.items():
        assert size >= 10 * PT - 0.01, (selector, size / PT)
    source = page.locator("#kilder + ol a[href^='http']").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert source.get_attribute("href", timeout=1000) in after
    for hidden in (".md-path", ".eb-edit", ".md-tabs"):
        assert not page.locator(hidden).first.is_visible(), hidden


# --- accessibility of the new parts ------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "erfaringer/altinn/",
        "tema/samarbeid-pa-tvers/",
        "virksomheter/digdir/",
        "404.html",
        "utforsk/",
        "bidra/",
    ],
)
def test_a_phone_sees_no_wcag_violations(
    path: str, scheme: str, base_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit(scheme, **PHONE)
    state.page.goto(base_url + path)
    ready(state.page)
    violations = axe(state.page)
    assert not violations, f"{path or 'forside'} ({scheme}):\n{describe(violations)}"
    assert not state.foreign_requests(base_url)
    assert urlsplit(state.page.url).netloc == urlsplit(base_url).netloc
