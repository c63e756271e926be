"""The site search as a reader meets it, for ``bench.py``: a built site opened in Chromium
with an empty cache, one query typed into its search box, and what that cost until the
first result was on screen.

Two figures per query:

* **bytes**: every file the browser fetched from opening the page to the first result,
  counted as a web server with gzip sends it (the smaller of the file and its gzip; the
  index chunks are compressed already), the page itself included;
* **seconds**: from the page's ``load`` event to the first result in the DOM (a
  ``MutationObserver`` in the page notes the moment; Playwright's round trips do not count).

The reader types the whole query at once, right after the page has loaded. Chromium is
Debian's (``/usr/bin/chromium``), driven by Playwright, as in the browser tests.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import statistics
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

CHROMIUM: Final = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@dataclass(frozen=True)
class SearchBox:
    """Where a site's search box is, what its first result looks like, and where it says
    that a query found nothing («Ingen treff …»)."""

    input: str
    result: str
    status: str


#: Ours (``search.js``) and Material's, for the baseline built with Material's search.
OURS: Final = SearchBox("#eb-search-input", ".eb-search__result", ".eb-search__status")
MATERIAL: Final = SearchBox(
    "input.md-search__input", ".md-search-result__item", ".md-search-result__meta"
)

#: Notes the moment the first result appears, in the page's own clock; or, when the site
#: says «Ingen treff» and no result follows within half a second (Material says so for
#: a moment before its results), the moment it said so.
WATCH: Final = """
((result, status) => {
  let noneAt;
  const done = (at, found) => {
    if (window.__firstResult !== undefined) return;
    window.__firstResult = at;
    window.__found = found;
    window.__resultShown();
  };
  const note = () => {
    if (document.querySelector(result)) return done(performance.now(), true);
    const said = document.querySelector(status);
    if (noneAt === undefined && said && said.textContent.trim().startsWith("Ingen treff")) {
      noneAt = performance.now();
      setTimeout(() => { if (!document.querySelector(result)) done(noneAt, false); }, 500);
    }
  };
  new MutationObserver(note).observe(document, { childList: true, subtree: true, characterData: true });
})(%s, %s);
"""


@dataclass(frozen=True)
class FirstResult:
    query: str
    bytes: int
    seconds: float
    requests: int
    #: False: the site said it found nothing.
    found: bool


@dataclass(frozen=True)
class SearchFigures:
    """The queries of one site: the largest download and the median and slowest time."""

    runs: tuple[FirstResult, ...]

    @property
    def found(self) -> int:
        return sum(r.found for r in self.runs)

    @property
    def most_bytes(self) -> int:
        return max(r.bytes for r in self.runs)

    @property
    def median_seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def slowest(self) -> float:
        return max(r.seconds for r in self.runs)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sent_bytes(site: Path, url: str) -> int:
    """What a server with gzip sends for ``url``: the file or its gzip, the smaller."""
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return 0
    raw = path.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 6)))


def first_results(
    site: Path, page: str, queries: Sequence[str], box: SearchBox, timeout: float = 120
) -> SearchFigures | None:
    """Each query in a fresh browser context (an empty cache); None without Chromium."""
    if CHROMIUM is None:
        return None
    from playwright.sync_api import sync_playwright  # a test dependency, not the build's

    runs: list[FirstResult] = []
    with served(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                tab = context.new_page()
                # Every request, the worker's (Pagefind's index and WebAssembly) included,
                # in the order the browser made them, and a mark where the result showed.
                fetched: list[str | None] = []
                tab.on("request", lambda request: fetched.append(request.url))  # noqa: B023
                tab.expose_function("__resultShown", lambda: fetched.append(None))  # noqa: B023
                tab.add_init_script(WATCH % (repr(box.result), repr(box.status)))
                tab.goto(root + page, wait_until="load")
                tab.locator(box.input).fill(query)
                tab.wait_for_function("window.__firstResult !== undefined", timeout=timeout * 1000)
                seconds = tab.evaluate(
                    "(window.__firstResult"
                    " - performance.getEntriesByType('navigation')[0].loadEventEnd) / 1000"
                )
                # What the browser asked for before the result was there (the filters'
                # index, fetched after, does not count).
                tab.wait_for_timeout(200)  # the mark's message, if it is still under way
                shown = fetched.index(None) if None in fetched else len(fetched)
                urls = [url for url in fetched[:shown] if url is not None]
                runs.append(
                    FirstResult(
                        query,
                        sum(sent_bytes(site, url) for url in urls),
                        max(0.0, float(seconds)),
                        len(urls),
                        bool(tab.evaluate("window.__found")),
                    )
                )
                context.close()
        finally:
            browser.close()
    return SearchFigures(tuple(runs))
