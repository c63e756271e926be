"""Material's own search box, typed into in chromium: Norwegian compounds, acronyms,
former names, nynorsk, and the untuned query set (issue 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from browser_support import search
from playwright.sync_api import Browser, Page

from quality_figures import record
from support import HERE

QUERIES = yaml.safe_load((HERE / "data" / "search_queries.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def search_page(base_url: str, browser: Browser) -> Iterator[Page]:
    """One page for all queries, like a reader searching again and again."""
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(base_url)
    yield page
    context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The later part of a compound: Material's prefix search alone finds none of these.
        ("realisering", "tema/gevinstrealisering/"),
        ("styring", "rapporter/stimulab-dynamisk-nyttestyring/"),
        ("samarbeid", "tema/samarbeid-pa-tvers/"),
    ],
)
def test_the_later_part_of_a_compound_finds_the_page(
    search_page: Page, query: str, expected: str
) -> None:
    found = search(search_page, query)
    assert expected in found, (query, found)


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("Brreg", "virksomheter/brreg/", 3),  # a short name
        ("NAV", "virksomheter/nav/", 3),
        ("Difi", "virksomheter/difi/", 3),  # a former name: the old organisation ...
        ("Difi", "virksomheter/digdir/", 10),  # ... and the one that took over
    ],
)
def test_short_and_former_names_find_the_organisation(
    search_page: Page, query: str, expected: str, within: int
) -> None:
    found = search(search_page, query)
    assert expected in found[:within], (query, found[:12])


@pytest.mark.parametrize(
    ("nynorsk", "bokmal"),
    [("livshending", "livshendelse"), ("gevinstar", "gevinster"), ("tenester", "tjenester")],
)
def test_nynorsk_finds_what_bokmal_finds(search_page: Page, nynorsk: str, bokmal: str) -> None:
    from_nynorsk = search(search_page, nynorsk, everything=True)
    from_bokmal = search(search_page, bokmal, everything=True)
    assert len(from_nynorsk) >= 3 and len(from_bokmal) >= 3
    # The best answers to either form are among the answers to the other.
    assert set(from_bokmal[:5]) <= set(from_nynorsk), (from_bokmal[:5], from_nynorsk)
    assert set(from_nynorsk[:5]) <= set(from_bokmal), (from_nynorsk[:5], from_bokmal)


def test_untuned_queries_find_the_right_page_in_the_top_three(search_page: Page) -> None:
    misses = []
    for case in QUERIES:
        found = search(search_page, case["query"])[:3]
        if not set(found) & set(case["expect"]):
            misses.append(f"{case['query']!r}: {found}")
    hits = len(QUERIES) - len(misses)
    record(
        "Søk i nettleseren: utestede spørringer med rett side blant de tre første",
        f"{hits} av {len(QUERIES)}",
    )
    assert hits >= 0.9 * len(QUERIES), "\n".join(misses)
