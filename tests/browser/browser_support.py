"""What the browser tests do to a page: run axe, use Material's search box, read results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: the floor in forskrift om universell utforming av IKT.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# One page of every kind, paths relative to the site root.
PAGE_KINDS: dict[str, str] = {
    "forside": "",
    "erfaring": "erfaringer/altinn/",
    "rapport": "rapporter/digitaliseringsradet-2017/",
    "anbefaling": "anbefalinger/digitaliseringsradet-2017-gevinster-i-andre-virksomheter/",
    "arrangement": "arrangementer/norstella-samhandlingsarena-18/",
    "arrangement-del": "arrangementer/norstella-samhandlingsarena-18-webinar-1/",
    "liste-erfaringer": "erfaringer/",
    "liste-arrangementer": "arrangementer/",
    "tema": "tema/samarbeid-pa-tvers/",
    "tema-oversikt": "tema/",
    "virksomhet": "virksomheter/digdir/",
    "virksomhet-tidligere-navn": "virksomheter/difi/",
    "livshendelse": "livshendelser/miste-og-finne-jobb/",
    "livshendelse-uten-erfaringer": "livshendelser/dodsfall-og-arv/",
    "sektor": "sektorer/arbeid-og-sosial/",
    "ar": "ar/2017/",
    "statistikk": "tall/",
    "utforsk": "utforsk/",
    "utforsk-filtrert": "utforsk/?type=case&tema=samarbeid-pa-tvers,gevinstrealisering&sok=digital",
    "apne-data": "data/",
    "bidra": "bidra/",
    "om": "om/",
    "tilgjengelighet": "tilgjengelighet/",
    "personvern": "personvern/",
    "kvalitet": "kvalitet/",
    "ikke-funnet": "404.html",
}


def ready(page: Page) -> None:
    """Wait until the page's own scripts have done their work (explorer, palette)."""
    page.wait_for_load_state("load")
    if page.locator("#eb-explorer").count():
        page.wait_for_selector(".eb-explorer__results", state="attached")


def axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now; returns violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def search(page: Page, query: str, everything: bool = False) -> list[str]:
    """Type a query into Material's own search box; returns the result pages' paths
    (relative to the site root, in result order). Material shows ten at a time and more
    as the reader scrolls; ``everything`` scrolls until all are shown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    # Material answers every keystroke from a web worker, so the list on screen may still
    # be the answer to "sty" when the box says "styring". Each result links with ?h= and
    # the query terms it matched: wait until those are the final query's terms, and the
    # list has stopped changing.
    page.wait_for_function(
        """q => {
          const input = document.querySelector('input.md-search__input');
          const meta = document.querySelector('.md-search-result__meta');
          if (input.value !== q || !meta) return false;
          if (/Ingen/.test(meta.textContent)) return true;
          const split = text => text.toLowerCase().split(/[\\s\\-–—,:;!?()"«»\\/.+]+/).filter(Boolean);
          const terms = new Set(split(q));
          const link = document.querySelector('.md-search-result__item > a.md-search-result__link');
          if (!link || !/\\d/.test(meta.textContent)) return false;
          const matched = split(new URL(link.href).searchParams.get('h') || '');
          return matched.every(term => terms.has(term));
        }""",
        arg=query,
    )
    previous = None
    for _ in range(40):
        current = page.locator(".md-search-result").inner_html()
        if current == previous:
            break
        previous = current
        page.wait_for_timeout(150)
    if everything:
        # Material shows the number of pages found ("36 treff") and renders more results
        # as the list is scrolled: scroll until all of them are there.
        meta = page.locator(".md-search-result__meta").inner_text()
        total = int(meta.split()[0]) if meta.split()[0].isdigit() else 0
        items = page.locator(".md-search-result__list > .md-search-result__item")
        wrap = page.locator(".md-search__scrollwrap")
        for _ in range(200):
            if items.count() >= total:
                break
            # Four more each time the list newly reaches its end: leave the end, come back.
            wrap.evaluate("el => { el.scrollTop = 0; }")
            page.wait_for_timeout(30)
            wrap.evaluate("el => { el.scrollTop = el.scrollHeight; }")
            page.wait_for_timeout(30)
        assert items.count() >= total, f"{items.count()} of {total} results shown"
    hrefs: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll(
             '.md-search-result__list > .md-search-result__item > a.md-search-result__link'
           )).map(a => a.href)"""
    )
    # Material's own idea of the site root (__md_scope), so paths compare from any page.
    root: str = page.evaluate("__md_scope.href")
    # Results link with ?h=<query> (search.highlight) and sometimes #section: the page is
    # what counts.
    paths = [href.removeprefix(root).split("#")[0].split("?")[0] for href in hrefs]
    return list(dict.fromkeys(paths))
