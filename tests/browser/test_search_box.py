"""The site's own search box, typed into in chromium: Norwegian compounds, derivations,
typos, English, nynorsk and former names (issue 20), ranking and snippets, filters, and
the untuned query set (issue 4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
import yaml
from browser_support import search, search_notice
from playwright.sync_api import Browser, Page

from quality_figures import record
from support import HERE

QUERIES = yaml.safe_load((HERE / "data" / "search_queries.yml").read_text("utf-8"))
CLASSES = yaml.safe_load((HERE / "data" / "search_query_classes.yml").read_text("utf-8"))
HELP_PAGES = ("bidra/", "ytelse/", "kvalitet/", "data/", "om/", "personvern/", "tilgjengelighet/")


@pytest.fixture(scope="module")
def search_page(base_url: str, browser: Browser) -> Iterator[Page]:
    """One page for all queries, like a reader searching again and again."""
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(base_url + "erfaringer/altinn/")
    yield page
    context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The later part of a compound: a prefix search alone finds none of these.
        ("realisering", "tema/gevinstrealisering/"),
        ("styring", "rapporter/stimulab-dynamisk-nyttestyring/"),
        ("samarbeid", "tema/samarbeid-pa-tvers/"),
    ],
)
def test_the_later_part_of_a_compound_finds_the_page(
    search_page: Page, query: str, expected: str
) -> None:
    found = search(search_page, query, everything=True)
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


def test_each_class_of_hard_query_finds_the_right_page_in_the_top_three(
    search_page: Page,
) -> None:
    """Typos, derivations, compounds, English, nynorsk and former names: the count per
    class, tuned and untuned apart (the README gives these figures)."""
    tally: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in CLASSES:
        found = search(search_page, case["query"])[:3]
        hit = any(f.startswith(tuple(case["expect"])) for f in found)
        tally[case["class"], case["tuned"]][0] += hit
        tally[case["class"], case["tuned"]][1] += 1
        if not hit:
            misses.append(f"{case['class']}: {case['query']!r} → {found}")
    for (kind, tuned), (hits, total) in sorted(tally.items()):
        record(f"Søk: {kind} ({'tunet' if tuned else 'utestet'})", f"{hits} av {total}")
    tuned_hits = sum(h for (_, t), (h, _) in tally.items() if t)
    tuned_total = sum(n for (_, t), (_, n) in tally.items() if t)
    untuned_hits = sum(h for (_, t), (h, _) in tally.items() if not t)
    untuned_total = sum(n for (_, t), (_, n) in tally.items() if not t)
    print("\n".join(["", *misses]))
    assert tuned_hits == tuned_total, "\n".join(misses)
    assert untuned_hits >= 0.7 * untuned_total, "\n".join(misses)


def test_a_typo_says_what_was_searched_for_instead(search_page: Page) -> None:
    found = search(search_page, "gevinstrealisring")
    assert found[0] == "tema/gevinstrealisering/"
    assert "«gevinstrealisering»" in search_notice(search_page)
    assert search(search_page, "qqxyzzy") == []
    assert "Ingen treff" in search_page.locator(".eb-search__status").inner_text()


@pytest.mark.parametrize("query", ["gevinstrealisering NAV", "samarbeid", "styring"])
def test_content_comes_before_help_pages(search_page: Page, query: str) -> None:
    found = search(search_page, query, everything=True)
    content = [f for f in found if not f.startswith(HELP_PAGES) and f]
    helps = [f for f in found if f.startswith(HELP_PAGES)]
    assert content
    if helps:
        assert found.index(helps[0]) > len(content) - 1 or found.index(helps[0]) >= 3, found


def test_an_exact_title_comes_first_and_snippets_are_the_pages_own_words(
    search_page: Page,
) -> None:
    assert search(search_page, "Ny i Norge")[0] == "livshendelser/ny-i-norge/"
    assert search(search_page, "Ny i Noreg")[0] == "livshendelser/ny-i-norge/"
    # Organisation pages: never the feed link, the fact box or the keywords as snippet.
    search(search_page, "Difi")
    snippets = search_page.locator(".eb-search__snippet").all_inner_texts()
    assert snippets
    for text in snippets:
        assert "Atom" not in text and "⁂" not in text and "Fakta" not in text, text


def test_filters_narrow_the_results_with_counts(search_page: Page) -> None:
    everything = search(search_page, "samarbeid", everything=True)
    select = search_page.locator("#eb-search-filter-0")  # Type
    options = select.locator("option").all_inner_texts()
    assert options[0] == "Alle" and any(o.startswith("Anbefaling (") for o in options), options
    count = int(next(o for o in options if o.startswith("Anbefaling (")).split("(")[1][:-1])
    select.select_option(label=next(o for o in options if o.startswith("Anbefaling (")))
    search_page.wait_for_function(
        "() => [...document.querySelectorAll('.eb-search__kind')].every(k => k.textContent === 'Anbefaling')"
    )
    # The filter keeps focus after the results are made anew (a keyboard reader stays).
    assert search_page.evaluate("document.activeElement.id") == "eb-search-filter-0"
    while search_page.locator(".eb-search__more").is_visible():
        search_page.locator(".eb-search__more").click()
        search_page.wait_for_timeout(100)
    narrowed = search_page.locator(".eb-search__result").count()
    assert narrowed == count < len(everything)


def test_a_search_can_be_linked(base_url: str, browser: Browser) -> None:
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(base_url + "?q=eresept")
    page.wait_for_selector(".eb-search__result")
    assert page.locator("#eb-search-input").input_value() == "eresept"
    assert page.locator(".eb-search__result a").first.get_attribute("href", timeout=5000)
    context.close()
