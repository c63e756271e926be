"""What the browser tests do to a page: run axe, use the site's search box, read results."""

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
    """Type a query into the site's search box (``search.js``); returns the result pages'
    paths (relative to the site root, in result order). Ten are shown at a time;
    ``everything`` presses «Vis flere treff» until all are shown."""
    box = page.locator("#eb-search-input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    # The panel answers after a pause in typing; the status line says «… treff for «q»»
    # (or «Ingen treff for «q»») once the search for the whole query is shown.
    page.wait_for_function(
        """q => {
          const status = document.querySelector('#eb-search-panel .eb-search__status');
          return status && status.textContent.includes('«' + q.trim() + '»')
            && !document.querySelector('#eb-search-panel').hidden;
        }""",
        arg=query,
    )
    # The same search comes once more with the filters' counts: wait until it is still.
    previous = None
    for _ in range(40):
        current = page.locator("#eb-search-panel").inner_html()
        if current == previous:
            break
        previous = current
        page.wait_for_timeout(120)
    if everything:
        more = page.locator("#eb-search-panel .eb-search__more")
        for _ in range(100):
            if not more.count() or not more.is_visible():
                break
            more.click()
            page.wait_for_timeout(100)
    hrefs: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll('#eb-search-panel .eb-search__result > a'))
             .map(a => a.href)"""
    )
    root: str = page.evaluate(
        "new URL(document.querySelector('[data-eb-root]').dataset.ebRoot, location.href).href"
    )
    paths = [href.removeprefix(root).split("#")[0].split("?")[0] for href in hrefs]
    return list(dict.fromkeys(paths))


def search_notice(page: Page) -> str:
    """What the panel says it searched for instead, if anything."""
    notice = page.locator("#eb-search-panel .eb-search__notice")
    return notice.inner_text() if notice.count() else ""
